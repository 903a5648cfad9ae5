import CritMinCore
import CritMinSimulation
import Foundation

/// Reads a disruption scenario from a YAML or JSON file (docs/SCENARIOS.md), validating every field: errors name the file,
/// the line and the field path (`shocks[0].limit.cut`).
public enum ScenarioFile {
    /// Reads the scenario in the file at `url`.
    /// - Throws: ``CritMinError``: `.io` for a file that cannot be read; `.invalidFormat` for YAML that does not parse or an
    ///   unknown key; `.missingField`; `.invalidValue` for a wrong type, a fraction outside 0…1, a negative quantity or a
    ///   month outside the horizon; `.unknownNames` listing every country and commodity the catalogue does not know.
    public static func read(_ url: URL, catalogue: Catalogue) throws(CritMinError) -> Scenario {
        try scenario(YAMLValue.document(at: url), catalogue: catalogue)
    }

    /// Reads a scenario from text; `fileName` names it in errors.
    public static func parse(_ text: String, fileName: String, catalogue: Catalogue) throws(CritMinError) -> Scenario {
        try scenario(YAMLValue.document(text, file: fileName), catalogue: catalogue)
    }

    static let keys = [
        "name", "summary", "sources", "year", "horizon_months", "shocks", "stockpile_release", "stocks", "capacity_additions", "recycling",
        "substitutions", "rationing", "response", "monte_carlo",
    ]

    private static func scenario(_ root: YAMLValue, catalogue: Catalogue) throws(CritMinError) -> Scenario {
        var names = ScenarioNames(catalogue: catalogue)
        let fields = try root.object(keys: keys)
        let horizonField = try fields.required("horizon_months")
        let horizon = try horizonField.integer()
        guard horizon >= 1 else { throw horizonField.error(.invalidValue, "the horizon must be 1 month or more", value: horizonField.text) }
        let shockItems = try fields.required("shocks").list()
        var shocks: [Shock] = []
        for item in shockItems { shocks.append(try shock(item, horizon: horizon, names: &names)) }
        var stocks: [StockHolding] = []
        for item in try fields.optional("stocks")?.list() ?? [] { stocks.append(try stockHolding(item, names: &names)) }
        var capacity: [CapacityAddition] = []
        for item in try fields.optional("capacity_additions")?.list() ?? [] {
            capacity.append(try capacityAddition(item, horizon: horizon, names: &names))
        }
        var recycling: [RecyclingIncrease] = []
        for item in try fields.optional("recycling")?.list() ?? [] { recycling.append(try useShare(item, horizon: horizon, names: &names)) }
        var substitutions: [Substitution] = []
        for item in try fields.optional("substitutions")?.list() ?? [] { substitutions.append(try useShare(item, horizon: horizon, names: &names)) }
        let scenario = Scenario(
            name: try fields.required("name").string(), summary: try fields.required("summary").string(),
            sources: try ScenarioSources.read(fields.optional("sources")), year: try fields.optional("year")?.integer(), horizonMonths: horizon,
            shocks: shocks, stockpileRelease: try stockpileRelease(fields.optional("stockpile_release")), stocks: stocks, capacityAdditions: capacity,
            recycling: recycling, substitutions: substitutions, rationing: try rationing(fields.optional("rationing"), names: &names),
            response: try response(fields.optional("response")), monteCarlo: try monteCarlo(fields.optional("monte_carlo"), names: &names))
        try names.check()
        return scenario
    }

    // MARK: Shocks

    private static func shock(_ item: YAMLValue, horizon: Int, names: inout ScenarioNames) throws(CritMinError) -> Shock {
        let fields = try item.object(keys: [
            "type", "country", "commodities", "stage", "limit", "to", "fraction", "start_month", "duration_months", "probability",
        ])
        let typeField = try fields.required("type")
        let type = try typeField.string()
        let kind: Shock.Kind
        var country: CountryCode?
        switch type {
        case "export-restriction":
            country = try names.country(fields.required("country"))
            kind = .exportRestriction(try exportLimit(fields.required("limit")), to: try destinations(fields.optional("to"), names: &names))
        case "production-outage":
            country = try names.country(fields.required("country"))
            kind = .productionOutage(fraction: try fields.required("fraction").fraction())
        case "demand-surge":
            country = try fields.optional("country").map { value throws(CritMinError) in try names.country(value) }
            kind = .demandSurge(fraction: try fields.required("fraction").nonNegative())
        default:
            throw typeField.error(.invalidValue, "unknown shock type; expected export-restriction, production-outage or demand-surge", value: type)
        }
        for key in ["limit", "to"] where type != "export-restriction" {
            if let field = fields.optional(key) { throw field.error(.invalidFormat, "'\(key)' belongs to export restrictions only") }
        }
        if type == "export-restriction", let field = fields.optional("fraction") {
            throw field.error(.invalidFormat, "an export restriction takes 'limit' (ban, cut or quota_per_year), not 'fraction'")
        }
        let commodityItems = try fields.required("commodities").list()
        guard !commodityItems.isEmpty else { throw try fields.required("commodities").error(.invalidValue, "name at least one commodity") }
        var commodities: [CommodityID] = []
        for value in commodityItems { commodities.append(try names.commodity(value)) }
        let start = try fields.optional("start_month")?.month(horizon: horizon) ?? 1
        var duration: Int?
        if let field = fields.optional("duration_months") {
            let months = try field.integer()
            guard months >= 1, start + months - 1 <= horizon else {
                throw field.error(.invalidValue, "the shock runs past the horizon (\(horizon) months) or lasts less than a month", value: field.text)
            }
            duration = months
        }
        return Shock(
            kind: kind, country: country, commodities: commodities, stage: try stage(fields.optional("stage")), startMonth: start,
            durationMonths: duration, probability: try fields.optional("probability")?.fraction())
    }

    private static func exportLimit(_ value: YAMLValue) throws(CritMinError) -> ExportLimit {
        if value.word == "ban" { return .ban }
        guard case .mapping = value.node else {
            throw value.error(.invalidValue, "expected ban, {cut: FRACTION} or {quota_per_year: QUANTITY}", value: value.text)
        }
        let fields = try value.object(keys: ["cut", "quota_per_year"])
        switch (fields.optional("cut"), fields.optional("quota_per_year")) {
        case (let cut?, nil): return .cut(fraction: try cut.fraction())
        case (nil, let quota?): return .quota(perYear: try quota.nonNegative())
        default: throw value.error(.invalidValue, "give one of cut or quota_per_year")
        }
    }

    private static func destinations(_ value: YAMLValue?, names: inout ScenarioNames) throws(CritMinError) -> Destinations {
        guard let value, value.word != "all" else { return .all }
        guard case .mapping = value.node else {
            throw value.error(.invalidValue, "expected all, {only: [COUNTRIES]} or {all_except: [COUNTRIES]}", value: value.text)
        }
        let fields = try value.object(keys: ["only", "all_except"])
        switch (fields.optional("only"), fields.optional("all_except")) {
        case (let only?, nil): return .only(try names.countries(only))
        case (nil, let except?): return .allExcept(try names.countries(except))
        default: throw value.error(.invalidValue, "give one of only or all_except")
        }
    }

    static func stage(_ value: YAMLValue?) throws(CritMinError) -> Stage? {
        guard let value else { return nil }
        return try stage(value)
    }

    static func stage(_ value: YAMLValue) throws(CritMinError) -> Stage {
        let text = try value.string()
        guard let stage = Stage(rawValue: text) else {
            throw value.error(.invalidValue, "unknown stage; expected \(Stage.allCases.map(\.rawValue).joined(separator: ", "))", value: text)
        }
        return stage
    }

    // MARK: Responses

    static func capacityAddition(_ item: YAMLValue, horizon: Int?, names: inout ScenarioNames, label: String? = nil) throws(CritMinError)
        -> CapacityAddition
    {
        let fields = try item.object(keys: ["label", "country", "commodity", "stage", "per_year", "start_month", "ramp_months"])
        let rampField = fields.optional("ramp_months")
        let ramp = try rampField?.integer() ?? 0
        if let rampField, ramp < 0 { throw rampField.error(.invalidValue, "must not be negative", value: rampField.text) }
        let name: String
        if let field = fields.optional("label") {
            name = try field.string()
        } else if let label {
            name = label
        } else {
            name = try fields.required("label").string()
        }
        return CapacityAddition(
            label: name, country: try names.country(fields.required("country")),
            commodity: try names.commodity(fields.required("commodity")), stage: try stage(fields.required("stage")),
            perYear: try fields.required("per_year").nonNegative(),
            startMonth: try fields.required("start_month").month(horizon: horizon), rampMonths: ramp)
    }

    /// The fields recycling increases and substitutions share.
    static func useShare(_ item: YAMLValue, horizon: Int?, names: inout ScenarioNames) throws(CritMinError) -> ConsumptionShare {
        let fields = try item.object(keys: ["country", "commodity", "share", "start_month"])
        return ConsumptionShare(
            country: try fields.optional("country").map { value throws(CritMinError) in try names.country(value) },
            commodity: try names.commodity(fields.required("commodity")), share: try fields.required("share").fraction(),
            startMonth: try fields.optional("start_month")?.month(horizon: horizon) ?? 1)
    }

    private static func stockHolding(_ item: YAMLValue, names: inout ScenarioNames) throws(CritMinError) -> StockHolding {
        let fields = try item.object(keys: ["country", "commodity", "holder", "months"])
        let holderField = try fields.required("holder")
        guard let holder = StockHolding.Holder(rawValue: try holderField.string()) else {
            throw holderField.error(.invalidValue, "expected industry or government", value: holderField.text)
        }
        return StockHolding(
            country: try names.country(fields.required("country")), commodity: try names.commodity(fields.required("commodity")), holder: holder,
            months: try fields.required("months").nonNegative())
    }

    private static func stockpileRelease(_ value: YAMLValue?) throws(CritMinError) -> StockpileRelease {
        guard let value, value.word != "none" else { return .none }
        guard case .mapping = value.node else {
            throw value.error(.invalidValue, "expected none or {max_fraction_per_month: FRACTION}", value: value.text)
        }
        return .coverShortfall(maxFractionPerMonth: try value.object(keys: ["max_fraction_per_month"]).required("max_fraction_per_month").fraction())
    }

    private static func rationing(_ value: YAMLValue?, names: inout ScenarioNames) throws(CritMinError) -> Rationing {
        guard let value, value.word != "proportional" else { return .proportional }
        guard case .mapping = value.node else {
            throw value.error(.invalidValue, "expected proportional or {allies_first: [COUNTRIES]}", value: value.text)
        }
        return .alliesFirst(try names.countries(value.object(keys: ["allies_first"]).required("allies_first")))
    }

    private static func response(_ value: YAMLValue?) throws(CritMinError) -> ResponseParameters {
        guard let value else { return .standard }
        let fields = try value.object(keys: [
            "consumption_cut_fraction", "default_spare_capacity_fraction", "spare_capacity_ramp_months", "convergence_tolerance",
        ])
        let standard = ResponseParameters.standard
        var ramp = standard.spareCapacityRampMonths
        if let field = fields.optional("spare_capacity_ramp_months") {
            ramp = try field.integer()
            guard ramp >= 0 else { throw field.error(.invalidValue, "must not be negative", value: field.text) }
        }
        var tolerance = standard.convergenceTolerance
        if let field = fields.optional("convergence_tolerance") {
            tolerance = try field.number()
            guard tolerance > 0, tolerance < 1 else { throw field.error(.invalidValue, "must be above 0 and below 1", value: field.text) }
        }
        return ResponseParameters(
            consumptionCutFraction: try fields.optional("consumption_cut_fraction")?.fraction() ?? standard.consumptionCutFraction,
            defaultSpareCapacityFraction: try fields.optional("default_spare_capacity_fraction")?.fraction()
                ?? standard.defaultSpareCapacityFraction, spareCapacityRampMonths: ramp, convergenceTolerance: tolerance)
    }

    private static func monteCarlo(_ value: YAMLValue?, names: inout ScenarioNames) throws(CritMinError) -> MonteCarloSettings? {
        guard let value else { return nil }
        let fields = try value.object(keys: ["supplier_probabilities", "governance_default", "shortfall_threshold"])
        var probabilities: [CountryCode: Double] = [:]
        if let field = fields.optional("supplier_probabilities") {
            guard case .mapping(let mapping) = field.node else {
                throw field.error(.invalidValue, "expected a mapping of supplier to probability", value: field.text)
            }
            for (key, node) in mapping {
                let name = YAMLValue(node: key, path: "\(field.path).\(key.string ?? "")", file: field.file)
                let probability = YAMLValue(node: node, path: name.path, file: field.file)
                probabilities[try names.country(name)] = try probability.fraction()
            }
        }
        let defaults = MonteCarloSettings()
        return MonteCarloSettings(
            supplierProbabilities: probabilities, governanceDefault: try fields.optional("governance_default")?.bool() ?? defaults.governanceDefault,
            shortfallThreshold: try fields.optional("shortfall_threshold")?.fraction() ?? defaults.shortfallThreshold)
    }
}

/// The `sources:` list of scenario and interventions files.
enum ScenarioSources {
    static func read(_ value: YAMLValue?) throws(CritMinError) -> [ScenarioSource] {
        var sources: [ScenarioSource] = []
        for item in try value?.list() ?? [] {
            let fields = try item.object(keys: ["title", "publisher", "date", "url"])
            sources.append(
                ScenarioSource(
                    title: try fields.required("title").string(), publisher: try fields.required("publisher").string(),
                    date: try fields.required("date").string(), url: try fields.optional("url")?.string()))
        }
        return sources
    }
}
