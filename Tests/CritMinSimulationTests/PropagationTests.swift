import CritMinCore
import CritMinSimulation
import Testing

/// Hand-worked networks. Yearly figures are chosen as multiples of 12 so that the monthly figures (a twelfth) are whole.
@Suite struct PropagationTests {
    static let citation: CitationID = "test/citation"

    static func reported(_ exporter: CountryCode, _ importer: CountryCode, perMonth: Double) -> SupplyFlow {
        SupplyFlow(exporter: exporter, importer: importer, quantity: perMonth * 12, provenance: .reported(citation))
    }

    static let noSpare = ResponseParameters(
        consumptionCutFraction: 0.5, defaultSpareCapacityFraction: 0, spareCapacityRampMonths: 0, convergenceTolerance: 1e-12)

    /// A exports 5/month to B and 2/month to C; B re-exports 1/month to C. B holds 2 units of industry stocks.
    /// Consumption: A 10 − 7 = 3, B 5 − 1 = 4, C 2 + 1 = 3 per month.
    static let chain = SupplyNetwork(
        commodity: "testium", year: 2024,
        stages: [
            StageNetwork(
                stage: .refinery, unit: "t",
                nodes: [
                    SupplyNode(country: "AAA", production: 120), SupplyNode(country: "BBB", production: 0, industryStocks: 2),
                    SupplyNode(country: "CCC", production: 0),
                ],
                flows: [reported("AAA", "BBB", perMonth: 5), reported("AAA", "CCC", perMonth: 2), reported("BBB", "CCC", perMonth: 1)])
        ],
        endUseShares: [EndUseShare(sector: "batteries", share: 0.75, source: citation), EndUseShare(sector: "alloys", share: 0.25, source: citation)])

    static func ban(_ country: CountryCode, commodity: CommodityID = "testium", duration: Int? = nil) -> Shock {
        Shock(kind: .exportRestriction(.ban, to: .all), country: country, commodities: [commodity], durationMonths: duration)
    }

    /// Month 1: B loses 5 and C 2 (initial shock 7; A retains 7). B draws its 2 units of stocks, has 3 left, cuts
    /// consumption by 0.5 · 3 = 1.5 but can pass on only its 1 unit of exports, so loses 3 − 1 = 2 and C receives 1.
    /// C has no exports: it loses 2 + 1 = 3. Balance 7 = 2 (stocks) + 2 + 3.
    /// Months 2 … 6: no stocks left; B loses 5 − 1 = 4, C 3. Totals over six months: B 2 + 5 · 4 = 22, C 6 · 3 = 18,
    /// stocks 2: 42 = 6 · 7.
    @Test func banCascadesThroughStocksConsumptionAndPassThrough() throws {
        let scenario = Scenario(name: "ban", summary: "A bans", horizonMonths: 12, shocks: [Self.ban("AAA", duration: 6)], response: Self.noSpare)
        let result = try simulate(networks: [Self.chain], scenario: scenario, focus: CoverageGroups(focus: ["BBB", "CCC"]))
        let outcome = try #require(result.commodity("testium"))
        let balance = try #require(outcome.stages.first).balance
        #expect(balance.directShock == 42)
        #expect(balance.industryStocks == 2)
        #expect(balance.consumptionLoss == 40)
        #expect(balance.retainedByRestrictingCountries == 42)
        #expect(balance.relativeImbalance < 1e-12)
        let b = try #require(outcome.country("BBB"))
        #expect(b.monthlyShortfall == [2, 4, 4, 4, 4, 4, 0, 0, 0, 0, 0, 0])
        #expect(b.totalShortfall == 22)
        #expect(b.received == 30)
        #expect(b.recovery == .afterMonths(6))
        #expect(b.coverage.first { $0.source == .industryStocks }?.quantity == 2)
        #expect(b.coverage.first { $0.source == .passedOn }?.quantity == 6)
        // 22 lost out of 4 · 12 = 48 consumed over the horizon.
        #expect(b.shortfallShareOfHorizonConsumption == 22.0 / 48)
        // Sector shares are network-wide: batteries 0.75 · 22 = 16.5, alloys 0.25 · 22 = 5.5.
        #expect(b.sectors.map(\.quantity) == [16.5, 5.5])
        #expect(b.sectorSharesAreNetworkWide)
        let c = try #require(outcome.country("CCC"))
        #expect(c.totalShortfall == 18)
        // C's shortfall came 2 · 6 = 12 from A directly and 1 · 6 = 6 through B.
        #expect(c.carriers.map(\.exporter) == ["AAA", "BBB"])
        #expect(c.carriers.map(\.quantity) == [12, 6])
        let a = try #require(outcome.country("AAA"))
        #expect(a.retained == 42)
        #expect(a.totalShortfall == 0)
        #expect(a.recovery == .noShortfall)
        #expect(result.commodity("testium")?.focusOutcomes.map(\.country) == ["BBB", "CCC"])
    }

    /// Mine stage: A mines 10/month and ships all of it to B. Refinery stage (1 unit of ore → 0.5 unit of metal): B
    /// refines 5/month, ships 3 to C, consumes 2.
    static let twoStages = SupplyNetwork(
        commodity: "testium", year: 2024,
        stages: [
            StageNetwork(
                stage: .mine, unit: "t ore", nodes: [SupplyNode(country: "AAA", production: 120)], flows: [reported("AAA", "BBB", perMonth: 10)]),
            StageNetwork(
                stage: .refinery, unit: "t metal", nodes: [SupplyNode(country: "BBB", production: 60)], flows: [reported("BBB", "CCC", perMonth: 3)],
                inputRatio: 0.5),
        ])

    /// A loses 40 % of its ore, 4/month. It consumes no ore (all exported), so it passes all 4 on: B's ore use falls by 4.
    /// Stage coupling: B's refined output falls by 0.5 · 4 = 2. B cuts its metal consumption by 0.5 · 2 = 1 and passes 1
    /// to C, which has no exports and loses 1. Mine balance 4 = 4 (B); refinery balance 2 (coupled) = 1 + 1.
    @Test func oreShockBecomesRefinedProductionShockAtTheRefiner() throws {
        let scenario = Scenario(
            name: "outage", summary: "A's mines lose 40 %", horizonMonths: 3,
            shocks: [Shock(kind: .productionOutage(fraction: 0.4), country: "AAA", commodities: ["testium"], stage: .mine)], response: Self.noSpare)
        let outcome = try #require(
            try simulate(networks: [Self.twoStages], scenario: scenario, focus: CoverageGroups(focus: ["CCC"])).commodity("testium"))
        let mine = outcome.stages[0].balance
        #expect(mine.directShock == 12)
        #expect(mine.consumptionLoss == 12)
        let refinery = outcome.stages[1].balance
        #expect(refinery.directShock == 0)
        #expect(refinery.coupledShock == 6)
        #expect(refinery.consumptionLoss == 6)
        #expect(outcome.country("BBB", stage: .mine)?.monthlyShortfall == [4, 4, 4])
        #expect(outcome.country("BBB")?.monthlyShortfall == [1, 1, 1])
        #expect(outcome.country("CCC")?.monthlyShortfall == [1, 1, 1])
        #expect(outcome.country("AAA", stage: .mine)?.coverage.first { $0.source == .passedOn }?.quantity == 12)
    }

    /// A ships 6/month each to B and C; D produces 12/month for itself with 4/month of spare capacity. A bans all exports.
    static let spareNetwork = SupplyNetwork(
        commodity: "testium", year: 2024,
        stages: [
            StageNetwork(
                stage: .refinery, unit: "t",
                nodes: [SupplyNode(country: "AAA", production: 144), SupplyNode(country: "DDD", production: 144, spareCapacity: 48)],
                flows: [reported("AAA", "BBB", perMonth: 6), reported("AAA", "CCC", perMonth: 6)])
        ])

    /// Proportional: B and C are each 6 short; D's 4 are shared 2 and 2; each loses 4. Allies first (B): B gets all 4
    /// and loses 2; C gets nothing and loses 6. Both balances: 12 = 4 (spare) + 8.
    @Test func alliesFirstRationingServesAlliesBeforeOthers() throws {
        let proportional = Scenario(name: "p", summary: "", horizonMonths: 1, shocks: [Self.ban("AAA")], response: Self.noSpare)
        var alliesFirst = proportional
        alliesFirst.rationing = .alliesFirst(["BBB"])
        let groups = CoverageGroups(focus: ["BBB"], partners: ["BBB": "CCC"], allies: ["DDD"])
        let shared = try #require(try simulate(networks: [Self.spareNetwork], scenario: proportional, focus: groups).commodity("testium"))
        #expect(shared.country("BBB")?.totalShortfall == 4)
        #expect(shared.country("CCC")?.totalShortfall == 4)
        let first = try #require(try simulate(networks: [Self.spareNetwork], scenario: alliesFirst, focus: groups).commodity("testium"))
        #expect(first.country("BBB")?.totalShortfall == 2)
        #expect(first.country("CCC")?.totalShortfall == 6)
        #expect(first.stages[0].balance.spareCapacity == 4)
        #expect(first.stages[0].balance.consumptionLoss == 8)
        let coverage = try #require(first.country("BBB")?.coverage)
        #expect(coverage.first { $0.source == .allies }?.quantity == 4)
        #expect(coverage.first { $0.source == .partner("CCC") }?.quantity == 0)
    }

    /// D's spare capacity is 12/month, ramping over 3 months: 4, 8, then 12 available. Proportional sharing: B and C
    /// get 2, 4, 6 each, so lose 4, 2, 0: the shortfall ends after month 2, recovery 2 months after the shock began.
    @Test func spareCapacityRampEndsTheShortfall() throws {
        var network = Self.spareNetwork
        network.stages[0].nodes[1].spareCapacity = 144
        var response = Self.noSpare
        response.spareCapacityRampMonths = 3
        let scenario = Scenario(name: "ramp", summary: "", horizonMonths: 6, shocks: [Self.ban("AAA")], response: response)
        let outcome = try #require(try simulate(networks: [network], scenario: scenario, focus: CoverageGroups(focus: ["BBB"])).commodity("testium"))
        let b = try #require(outcome.country("BBB"))
        #expect(b.monthlyShortfall == [4, 2, 0, 0, 0, 0])
        #expect(b.recovery == .afterMonths(2))
        #expect(b.monthlyShortfallShare == [4.0 / 6, 2.0 / 6, 0, 0, 0, 0])
        #expect(outcome.stages[0].balance.spareCapacity == 2 * (2 + 4 + 6 + 6 + 6 + 6))
    }

    /// Government stockpile (released up to half of it a month), recycling (10 % of consumption) and substitution
    /// (20 %) in that order, before the consumption cut. B consumes 6/month and loses all 6 in the ban.
    /// Month 1: stockpile 8 → releases 4 (half), recycling 0.6, substitution 1.2, rest 0.2 lost.
    /// Month 2: releases the other 4 → the same. Month 3: no stockpile left: 6 − 0.6 − 1.2 = 4.2 lost.
    @Test func stockpileRecyclingAndSubstitutionAbsorbInOrder() throws {
        var network = Self.spareNetwork
        network.stages[0].nodes[1].spareCapacity = 0
        network.stages[0].nodes.append(SupplyNode(country: "BBB", production: 0, governmentStockpile: 8))
        let scenario = Scenario(
            name: "buffers", summary: "", horizonMonths: 3, shocks: [Self.ban("AAA")], stockpileRelease: .coverShortfall(maxFractionPerMonth: 0.5),
            recycling: [RecyclingIncrease(country: "BBB", commodity: "testium", share: 0.1)],
            substitutions: [Substitution(country: nil, commodity: "testium", share: 0.2)], response: Self.noSpare)
        let outcome = try #require(try simulate(networks: [network], scenario: scenario, focus: CoverageGroups(focus: ["BBB"])).commodity("testium"))
        let b = try #require(outcome.country("BBB"))
        let expected: [Double] = [6 - 4 - 0.6 - 1.2, 6 - 4 - 0.6 - 1.2, 6 - 0.6 - 1.2]
        #expect(zip(b.monthlyShortfall, expected).allSatisfy { abs($0 - $1) < 1e-12 })
        #expect(b.coverage.first { $0.source == .governmentStockpile }?.quantity == 8)
        #expect(abs((b.coverage.first { $0.source == .recycling }?.quantity ?? 0) - 1.8) < 1e-12)
        #expect(outcome.stages[0].balance.relativeImbalance < 1e-12)
    }

    /// A quota of 72 a year (6/month) on exports to B and C, who import 12/month together: each flow keeps half, so B
    /// and C each lose 3 and A retains 6. D's 4/month of spare capacity is shared 2 and 2: each loses 3 − 2 = 1.
    @Test func quotaSharesAllowedExportsInProportionToTrade() throws {
        let scenario = Scenario(
            name: "quota", summary: "", horizonMonths: 1,
            shocks: [Shock(kind: .exportRestriction(.quota(perYear: 72), to: .all), country: "AAA", commodities: ["testium"])],
            response: Self.noSpare)
        let outcome = try #require(
            try simulate(networks: [Self.spareNetwork], scenario: scenario, focus: CoverageGroups(focus: [])).commodity("testium"))
        #expect(outcome.country("BBB")?.received == 3)
        #expect(outcome.country("BBB")?.totalShortfall == 1)
        #expect(outcome.country("CCC")?.totalShortfall == 1)
        #expect(outcome.country("AAA")?.retained == 6)
    }

    @Test func invalidInputsNameTheScenarioField() throws {
        let unknown = Scenario(name: "x", summary: "", horizonMonths: 12, shocks: [Self.ban("AAA", commodity: "unobtainium")])
        #expect(throws: CritMinError.self) { try simulate(networks: [Self.chain], scenario: unknown, focus: CoverageGroups(focus: [])) }
        do {
            _ = try simulate(networks: [Self.chain], scenario: unknown, focus: CoverageGroups(focus: []))
        } catch let error as CritMinError {
            #expect(error.field == "shocks[0].commodities")
            #expect(error.value == "unobtainium")
        }
        let lateShock = Scenario(
            name: "x", summary: "", horizonMonths: 12,
            shocks: [Shock(kind: .exportRestriction(.ban, to: .all), country: "AAA", commodities: ["testium"], startMonth: 13)])
        #expect { try simulate(networks: [Self.chain], scenario: lateShock, focus: CoverageGroups(focus: [])) } throws: {
            ($0 as? CritMinError)?.field == "shocks[0].startMonth"
        }
        let badFraction = Scenario(
            name: "x", summary: "", horizonMonths: 12,
            shocks: [Shock(kind: .productionOutage(fraction: 1.5), country: "AAA", commodities: ["testium"])])
        #expect { try simulate(networks: [Self.chain], scenario: badFraction, focus: CoverageGroups(focus: [])) } throws: {
            ($0 as? CritMinError)?.field == "shocks[0].fraction"
        }
        var negative = Self.chain
        negative.stages[0].nodes[0].production = -1
        #expect {
            try simulate(
                networks: [negative], scenario: Scenario(name: "x", summary: "", horizonMonths: 1, shocks: []), focus: CoverageGroups(focus: []))
        } throws: {
            ($0 as? CritMinError)?.field == "networks[testium].stages[refinery].nodes[AAA].production"
        }
    }
}
