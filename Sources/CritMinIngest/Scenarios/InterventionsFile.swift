import CritMinCore
import CritMinSimulation
import Foundation

/// Reads candidate interventions from a YAML or JSON file (docs/SCENARIOS.md, "Interventions"), validated like scenario
/// files: errors name the file, the line and the field path (`candidates[2].stockpile.months`).
public enum InterventionsFile {
    /// Reads the candidates in the file at `url`.
    /// - Throws: ``CritMinError`` as ``ScenarioFile/read(_:catalogue:)`` does; `.invalidValue` for a candidate that gives no
    ///   action or more than one.
    public static func read(_ url: URL, catalogue: Catalogue) throws(CritMinError) -> [Intervention] {
        try interventions(YAMLValue.document(at: url), catalogue: catalogue)
    }

    /// Reads candidates from text; `fileName` names it in errors.
    public static func parse(_ text: String, fileName: String, catalogue: Catalogue) throws(CritMinError) -> [Intervention] {
        try interventions(YAMLValue.document(text, file: fileName), catalogue: catalogue)
    }

    static let actions = ["capacity", "stockpile", "recycling", "supply_agreement"]

    private static func interventions(_ root: YAMLValue, catalogue: Catalogue) throws(CritMinError) -> [Intervention] {
        var names = ScenarioNames(catalogue: catalogue)
        let fields = try root.object(keys: ["candidates"])
        let items = try fields.required("candidates").list()
        guard !items.isEmpty else { throw try fields.required("candidates").error(.invalidValue, "list at least one candidate") }
        var result: [Intervention] = []
        for item in items {
            let candidate = try item.object(keys: ["name", "cost_million_usd", "sources"] + actions)
            let name = try candidate.required("name").string()
            let given = actions.compactMap { key in candidate.optional(key).map { (key, $0) } }
            guard given.count == 1, let (action, value) = given.first else {
                throw item.error(
                    .invalidValue, "give exactly one action: \(actions.joined(separator: ", "))", value: given.map(\.0).joined(separator: ", "))
            }
            result.append(
                Intervention(
                    name: name, action: try self.action(action, value, name: name, names: &names),
                    costMillionUSD: try candidate.optional("cost_million_usd")?.nonNegative(),
                    sources: try ScenarioSources.read(candidate.optional("sources"))))
        }
        try names.check()
        return result
    }

    private static func action(_ kind: String, _ value: YAMLValue, name: String, names: inout ScenarioNames) throws(CritMinError)
        -> Intervention.Action
    {
        switch kind {
        case "capacity":
            return .capacity(try ScenarioFile.capacityAddition(value, horizon: nil, names: &names, label: name))
        case "stockpile":
            let fields = try value.object(keys: ["country", "commodity", "months"])
            return .stockpile(
                country: try names.country(fields.required("country")), commodity: try names.commodity(fields.required("commodity")),
                months: try fields.required("months").nonNegative())
        case "recycling":
            return .recycling(try ScenarioFile.useShare(value, horizon: nil, names: &names))
        default:
            let fields = try value.object(keys: ["supplier", "importer", "commodity", "share"])
            return .supplyAgreement(
                supplier: try names.country(fields.required("supplier")), importer: try names.country(fields.required("importer")),
                commodity: try names.commodity(fields.required("commodity")), share: try fields.required("share").fraction())
        }
    }
}
