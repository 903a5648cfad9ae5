import CritMinCore
import CritMinSimulation
import Foundation

/// Reads candidate interventions from a YAML or JSON file (docs/SCENARIOS.md, "Interventions"), validated like scenario
/// files: errors name the file, the line and the field path (`candidates[2].stockpile.months`).
public enum InterventionsFile {
    /// Reads the candidates in the file at `url`.
    /// - Throws: ``CritMinError`` as ``ScenarioFile/read(_:catalogue:)`` does; `.invalidValue` for a candidate that gives no
    ///   action or more than one.
    /// - Parameter sites: The register that `project` candidates name their sites in.
    public static func read(_ url: URL, catalogue: Catalogue, sites: SiteRegister? = nil) throws(CritMinError) -> [Intervention] {
        try interventions(YAMLValue.document(at: url), catalogue: catalogue, sites: sites)
    }

    /// Reads candidates from text; `fileName` names it in errors.
    public static func parse(_ text: String, fileName: String, catalogue: Catalogue, sites: SiteRegister? = nil) throws(CritMinError)
        -> [Intervention]
    {
        try interventions(YAMLValue.document(text, file: fileName), catalogue: catalogue, sites: sites)
    }

    /// Whether a candidate of the file names a site of the register: only then need callers load it.
    public static func namesSites(at url: URL) throws(CritMinError) -> Bool { try namesSites(YAMLValue.document(at: url)) }

    /// ``namesSites(at:)`` for text.
    public static func namesSites(_ text: String, fileName: String) throws(CritMinError) -> Bool {
        try namesSites(YAMLValue.document(text, file: fileName))
    }

    private static func namesSites(_ root: YAMLValue) throws(CritMinError) -> Bool {
        guard let items = try? root.object(keys: ["candidates"]).required("candidates").list() else { return false }
        return items.contains { (try? $0.object(keys: ["name", "cost_million_usd", "sources"] + actions).optional("project")) != nil }
    }

    static let actions = ["capacity", "project", "stockpile", "recycling", "supply_agreement"]

    private static func interventions(_ root: YAMLValue, catalogue: Catalogue, sites: SiteRegister?) throws(CritMinError) -> [Intervention] {
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
            var sources = try ScenarioSources.read(candidate.optional("sources"))
            let resolved: Intervention.Action
            if action == "project" {
                let (capacity, siteSources) = try project(value, label: name, names: &names, sites: sites)
                resolved = .capacity(capacity)
                sources += siteSources
            } else {
                resolved = try self.action(action, value, name: name, names: &names)
            }
            result.append(
                Intervention(
                    name: name, action: resolved, costMillionUSD: try candidate.optional("cost_million_usd")?.nonNegative(), sources: sources))
        }
        try names.check()
        return result
    }

    /// A project of the site register as new capacity: the site gives the country, the stage (plants refine, the rest
    /// mine) and the sources; the output is `per_year` or else the register's latest capacity of the commodity in metric
    /// tons, never a figure the register does not hold.
    private static func project(_ value: YAMLValue, label: String, names: inout ScenarioNames, sites: SiteRegister?) throws(CritMinError)
        -> (CapacityAddition, [ScenarioSource])
    {
        let fields = try value.object(keys: ["site", "commodity", "per_year", "start_month", "ramp_months"])
        let siteField = try fields.required("site")
        let id = try siteField.string()
        guard let sites else {
            throw siteField.error(.invalidValue, "a project candidate needs the site register, which this run has not loaded", value: id)
        }
        guard let site = sites.site(SiteID(rawValue: id)) else {
            throw siteField.error(.notFound, "no site '\(id)' in the register you may read; `critmin sites` lists ids", value: id)
        }
        let commodityField = try fields.required("commodity")
        let commodity = try names.commodity(commodityField)
        let perYear: Double
        if let given = fields.optional("per_year") {
            perYear = try given.nonNegative()
        } else {
            let capacity = site.outputs.filter { $0.output.kind == .capacity && $0.output.commodity == commodity }.max {
                ($0.output.year ?? Int.min) < ($1.output.year ?? Int.min)
            }
            guard let capacity, let tonnes = SitePipeline.tonnes(capacity.output.quantity) else {
                throw commodityField.error(
                    .notFound, "the register gives no capacity of \(commodity) in a mass unit for \(site.name.value); give per_year (t per year)",
                    value: commodity.rawValue)
            }
            perYear = tonnes
        }
        let rampField = fields.optional("ramp_months")
        let ramp = try rampField?.integer() ?? 0
        if let rampField, ramp < 0 { throw rampField.error(.invalidValue, "must not be negative", value: rampField.text) }
        let addition = CapacityAddition(
            label: label, country: site.country, commodity: commodity, stage: site.kind.value == .processingFacility ? .refinery : .mine,
            perYear: perYear, startMonth: try fields.required("start_month").month(horizon: nil), rampMonths: ramp)
        let sources = site.records.map { record in
            ScenarioSource(
                title: "\(record.name) (\(record.citation) \(record.recordID)), critmin site register \(site.id)",
                publisher: record.citation.rawValue,
                date: record.asOf.map(String.init) ?? "undated")
        }
        return (addition, sources)
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
