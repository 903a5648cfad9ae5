import CritMinCore
import CritMinSimulation
import Testing

@Suite struct StockHoldingTests {
    /// One stage: CHN produces 120 t/yr and ships 60 to USA and 24 to CAN; USA produces 12.
    static let network = SupplyNetwork(
        commodity: "gallium", year: 2024,
        stages: [
            StageNetwork(
                stage: .refinery, unit: "t",
                nodes: [
                    SupplyNode(country: "CHN", production: 120), SupplyNode(country: "USA", production: 12, industryStocks: 5),
                ],
                flows: [
                    SupplyFlow(exporter: "CHN", importer: "USA", quantity: 60, provenance: .reported("test")),
                    SupplyFlow(exporter: "CHN", importer: "CAN", quantity: 24, provenance: .reported("test")),
                ])
        ])

    @Test("holdings replace a country's stocks with months of its apparent consumption; other commodities' are ignored")
    func holdings() throws {
        let held = Self.network.holding([
            StockHolding(country: "USA", commodity: "gallium", holder: .government, months: 3),
            StockHolding(country: "USA", commodity: "gallium", holder: .industry, months: 1),
            StockHolding(country: "CAN", commodity: "gallium", holder: .industry, months: 6),
            StockHolding(country: "CAN", commodity: "germanium", holder: .industry, months: 6),
        ])
        let nodes = try #require(held.stages.first?.nodes)
        let usa = try #require(nodes.first { $0.country == "USA" })
        // USA consumes 12 + 60 = 72 t/yr, 6 t a month: a 3-month stockpile is 18 t; 1 month of industry stocks (6 t)
        // replaces the 5 t the data gave.
        #expect(usa.governmentStockpile == 18 && usa.industryStocks == 6)
        // CAN, a pure importer of 24 t/yr (2 t a month), joins the nodes with 6 months = 12 t.
        let canada = try #require(nodes.first { $0.country == "CAN" })
        #expect(canada.industryStocks == 12 && canada.production == 0)
        #expect(held.notes.count == 3)
        #expect(Self.network.holding([]) == Self.network)
    }

    @Test("a scenario's government stockpile covers shortfall once its release rule allows it")
    func stockpileInScenario() throws {
        // CHN stops shipping to USA (60 t/yr, 5 t a month) for the whole 6-month horizon. USA holds 5 t of industry stocks
        // and, by the scenario, a 3-month stockpile (18 t) releasable in full each month.
        let ban = Shock(kind: .exportRestriction(.ban, to: .only(["USA"])), country: "CHN", commodities: ["gallium"])
        let scenario = Scenario(
            name: "test", summary: "stockpile", horizonMonths: 6, shocks: [ban], stockpileRelease: .coverShortfall(maxFractionPerMonth: 1),
            stocks: [StockHolding(country: "USA", commodity: "gallium", holder: .government, months: 3)],
            response: ResponseParameters(
                consumptionCutFraction: 0.5, defaultSpareCapacityFraction: 0, spareCapacityRampMonths: 0, convergenceTolerance: 1e-12))
        let result = try simulate(networks: [Self.network], scenario: scenario, focus: CoverageGroups(focus: ["USA"]))
        let usa = try #require(result.commodity("gallium")?.country("USA"))
        let covered = Dictionary(usa.coverage.map { ($0.source.description, $0.quantity) }, uniquingKeysWith: +)
        // 30 t lost over six months: 5 t from industry stocks, then the 18 t stockpile, then 7 t short.
        #expect(abs(usa.received - 30) < 1e-9)
        #expect(abs((covered["industry stocks"] ?? 0) - 5) < 1e-9 && abs((covered["government stockpile"] ?? 0) - 18) < 1e-9)
        #expect(abs(usa.totalShortfall - 7) < 1e-9)
        // Without a release rule the stockpile stays untouched.
        var kept = scenario
        kept.stockpileRelease = .none
        let untouched = try simulate(networks: [Self.network], scenario: kept, focus: CoverageGroups(focus: ["USA"]))
        #expect(untouched.commodity("gallium")?.country("USA")?.coverage.first { $0.source == .governmentStockpile }?.quantity == 0)
    }
}
