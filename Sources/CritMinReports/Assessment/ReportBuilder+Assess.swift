import CritMinAnalysis
import CritMinCore
import CritMinStore

/// What `critmin assess` (and the briefing) computes.
public struct AssessmentOptions: Sendable {
    public var methods: [AssessmentMethod]
    /// A critical-mineral list id, or "all" for every commodity with figures; by default the newest list of each assessed
    /// country, united.
    public var list: String?
    /// Reference year of trade and production; the latest year with trade flows by default.
    public var year: Int?
    /// Country groups read as allies and as countries of concern.
    public var allies: String
    public var concern: String
    /// Monte Carlo draws per score (none when `nil`) and their seed.
    public var draws: Int?
    public var seed: UInt64

    public init(
        methods: [AssessmentMethod] = AssessmentMethod.allCases, list: String? = nil, year: Int? = nil, allies: String = "ALLIES",
        concern: String = "CONCERN", draws: Int? = nil, seed: UInt64 = 2020
    ) {
        self.methods = methods
        self.list = list
        self.year = year
        self.allies = allies
        self.concern = concern
        self.draws = draws
        self.seed = seed
    }
}

/// One economy's assessment: the commodities in scope, how the scope is named, and the assessments, most critical first.
public struct EconomyAssessment: Sendable {
    public var scope: [CommodityID]
    public var scopeTitle: String
    public var assessments: [CommodityAssessment]
}

extension ReportBuilder {
    /// Every commodity of the scope assessed for `economy` by the chosen methods, most critical first.
    ///
    /// With several methods the order is by the mean of each method's percentile rank (commodities a method cannot score
    /// are ranked on the others).
    public func assessments(for economy: Economy, options: AssessmentOptions = AssessmentOptions()) async throws -> EconomyAssessment {
        try await assessments(for: [economy], options: options)[0]
    }

    /// The assessments of several economies, reading what does not depend on the economy (world production, governance,
    /// recycling rates, end uses) once.
    public func assessments(for economies: [Economy], options: AssessmentOptions = AssessmentOptions()) async throws -> [EconomyAssessment] {
        var scopes: [(ids: [CommodityID], title: String)] = []
        for economy in economies { scopes.append(try await assessmentScope(economy: economy, list: options.list)) }
        var union: [CommodityID] = []
        for id in scopes.flatMap(\.ids) where !union.contains(id) { union.append(id) }
        let world = try await worldAssessmentInputs(scope: union, year: options.year)
        let allies = try group(options.allies)
        let concern = try group(options.concern)
        // One task per economy: each reads its own trade and scores its commodities, side by side.
        return try await withThrowingTaskGroup(of: (Int, EconomyAssessment).self) { group in
            for (position, (economy, scope)) in zip(economies, scopes).enumerated() {
                group.addTask {
                    let contexts = try await assessmentContexts(economy: economy, scope: scope.ids, world: world)
                    var assessments = contexts.enumerated().map { index, context in
                        assess(context, index: index, options: options, governance: world.governance, allies: allies, concern: concern)
                    }
                    if options.list == Self.allCommodities { assessments.removeAll { $0.scores.isEmpty } }
                    return (
                        position, EconomyAssessment(scope: scope.ids, scopeTitle: scope.title, assessments: rank(assessments, by: options.methods))
                    )
                }
            }
            var result: [(Int, EconomyAssessment)] = []
            for try await entry in group { result.append(entry) }
            return result.sorted { $0.0 < $1.0 }.map(\.1)
        }
    }

    /// One commodity's scores by each chosen method, with the shares and reason the ranking shows.
    private func assess(
        _ context: CommodityContext, index: Int, options: AssessmentOptions, governance: [CountryCode: EUScaledGovernance],
        allies: Set<CountryCode>, concern: Set<CountryCode>
    ) -> CommodityAssessment {
        let partner = partnerCountry(of: context.economy)
        var scores: [AssessmentMethod: MethodScore] = [:]
        for method in options.methods {
            guard var score = self.score(method, context, governance: governance) else { continue }
            if let draws = options.draws { score.analyseUncertainty(draws: draws, seed: options.seed &+ UInt64(index)) }
            scores[method] = score
        }
        let share = { (members: Set<CountryCode>) -> Double? in
            context.importsByValue.map { GroupDependence(shares: $0.shares, members: members).share }
        }
        let top = context.supply.compactMap { supply -> (Area, Double, Stage, Double, Int)? in
            supply.concentration.shares.first.map { ($0.area, $0.share, supply.stage, supply.concentration.hhiExcludingResidual, supply.year) }
        }
        .max { $0.3 < $1.3 }
        var assessment = CommodityAssessment(
            commodity: context.commodity, economy: context.economy, year: context.year, scores: scores, topProducer: top,
            netImportReliance: context.netImportReliance, netImportRelianceSource: context.netImportRelianceSource,
            partnerShare: partner.flatMap { share([$0]) }, alliesShare: share(allies), concernShare: share(concern),
            suppliers: context.importsByValue?.shares ?? [], reason: "",
            citations: context.citations.union(context.supply.flatMap { $0.observations.map(\.observation.citation) }))
        assessment.reason = reason(for: assessment, partner: partner)
        return assessment
    }

    /// The `--list` value that assesses every commodity with figures.
    public static let allCommodities = "all"

    /// Orders by the mean percentile rank over the methods (1 = most critical).
    private func rank(_ assessments: [CommodityAssessment], by methods: [AssessmentMethod]) -> [CommodityAssessment] {
        var percentile: [CommodityID: [Double]] = [:]
        for method in methods {
            let scored = assessments.compactMap { assessment in assessment.scores[method].map { (assessment.commodity.id, $0.score) } }
            guard scored.count > 1 else { continue }
            let ordered = scored.sorted { $0.1 < $1.1 }
            for (position, entry) in ordered.enumerated() { percentile[entry.0, default: []].append(Double(position) / Double(scored.count - 1)) }
        }
        let mean = percentile.mapValues { $0.reduce(0, +) / Double($0.count) }
        return assessments.sorted {
            (mean[$0.commodity.id] ?? -1, $1.commodity.id.rawValue) > (mean[$1.commodity.id] ?? -1, $0.commodity.id.rawValue)
        }
    }

    private func score(
        _ method: AssessmentMethod, _ context: CommodityContext, governance: [CountryCode: EUScaledGovernance]
    ) -> MethodScore? {
        switch method {
        case .geopolrisk: geoPolRiskScore(context)
        case .eu: euScore(context, governance: governance)
        case .usgs: usgsScore(context, governance: governance)
        }
    }

    /// The other of the two partner countries for a single-country assessment of the US or Canada.
    func partnerCountry(of economy: Economy) -> CountryCode? {
        switch economy.members {
        case ["USA"]: "CAN"
        case ["CAN"]: "USA"
        default: nil
        }
    }

    /// A country group's members.
    func group(_ id: String) throws(CritMinError) -> Set<CountryCode> {
        Set(try group(named: id).members)
    }

    /// The commodities assessed: a list's (groups expanded), or the newest list of each member country united.
    func assessmentScope(economy: Economy, list: String?) async throws -> ([CommodityID], String) {
        if list == Self.allCommodities {
            return (catalogue.commodities.keys.sorted(), "all commodities")
        }
        if let list {
            let scope = try await commodityScope(commodity: nil, list: list)
            return (scope.ids, "\(list) list")
        }
        let lists = try await store.criticalLists()
        var ids: [CommodityID] = []
        var names: [String] = []
        for member in economy.members {
            guard let newest = lists.filter({ $0.jurisdiction == member }).max(by: { $0.date < $1.date }) else { continue }
            names.append(newest.id.rawValue)
            for entry in coverage(of: newest) where !ids.contains(entry.commodity) { ids.append(entry.commodity) }
        }
        guard !ids.isEmpty else {
            throw CritMinError(.notFound, "no critical-mineral list of \(economy); name one with --list", field: "list")
        }
        return (ids, names.joined(separator: " ∪ ") + (names.count > 1 ? " lists" : " list"))
    }

    /// One line saying why a commodity ranks where it does, from its largest risk factors.
    private func reason(for assessment: CommodityAssessment, partner: CountryCode?) -> String {
        var parts: [String] = []
        if let top = assessment.topProducer {
            parts.append(
                "\(name(of: top.area)) \(NumberFormat.fixed(top.share * 100, fractionDigits: 0))% of world \(top.stage.rawValue) output (HHI "
                    + "\(NumberFormat.grouped(top.hhi.rounded())), \(top.year))")
        }
        if let nir = assessment.netImportReliance {
            parts.append(nir.isNetExporter ? "net exporter" : "import reliance \(nir.notation)%")
        }
        if let concern = assessment.concernShare, concern >= 0.05 {
            parts.append("\(NumberFormat.fixed(concern * 100, fractionDigits: 0))% of imports from countries of concern")
        }
        if let partner, let share = assessment.partnerShare, share >= 0.05 {
            parts.append("\(name(of: .country(partner))) supplies \(NumberFormat.fixed(share * 100, fractionDigits: 0))% of imports")
        }
        let defaulted = Set(assessment.scores.values.flatMap(\.defaultsUsed)).count
        if defaulted > 0 { parts.append("\(defaulted) input(s) defaulted") }
        return parts.isEmpty ? "no production or trade figures" : parts.joined(separator: "; ")
    }
}
