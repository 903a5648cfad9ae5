import CritMinCore
import CritMinSimulation
import Testing

@Suite struct InterventionRankingTests {
    /// A bans exports every draw (annual probability 1). B consumes 6/month, all from A, and has no exports: without
    /// help it loses 72 over 12 months, 72 / 6 = 12 months of consumption. Each candidate's effect on B:
    /// - supply agreement, A keeps shipping B half: B loses 3 · 12 = 36, 6 months: reduction 6;
    /// - new capacity in D, 48 t/year = 4/month from month 1, shared in proportion between B and C (both 6 short):
    ///   B gets 2/month, loses 48, 8 months: reduction 4;
    /// - recycling of 25 % of B's consumption, 1.5/month: B loses 54, 9 months: reduction 3;
    /// - a stockpile of 2 months (12 t), released at need: B loses 60, 10 months: reduction 2.
    @Test func candidatesAreRankedByMonthsOfConsumptionSaved() throws {
        let scenario = Scenario(name: "ban", summary: "", horizonMonths: 12, shocks: [], response: MonteCarloTests.noSpare)
        let candidates = [
            Intervention(name: "stockpile", action: .stockpile(country: "BBB", commodity: "testium", months: 2), costMillionUSD: 10),
            Intervention(
                name: "recycling", action: .recycling(RecyclingIncrease(country: "BBB", commodity: "testium", share: 0.25)), costMillionUSD: 30),
            Intervention(
                name: "mine in D",
                action: .capacity(CapacityAddition(label: "D", country: "DDD", commodity: "testium", stage: .refinery, perYear: 48, startMonth: 1)),
                costMillionUSD: 100),
            Intervention(name: "agreement", action: .supplyAgreement(supplier: "AAA", importer: "BBB", commodity: "testium", share: 0.5)),
        ]
        let effects = try rankInterventions(
            candidates: candidates, networks: [MonteCarloTests.network("testium")], scenario: scenario,
            settings: MonteCarloSettings(supplierProbabilities: ["AAA": 1]), draws: 20, seed: 5, focus: CoverageGroups(focus: ["BBB"]))
        #expect(effects.map(\.intervention.name) == ["agreement", "mine in D", "recycling", "stockpile"])
        #expect(effects.map(\.reduction) == [6, 4, 3, 2])
        #expect(effects.allSatisfy { $0.baselineExpectedMonthsLost == 12 })
        #expect(effects.map(\.reductionPerMillionUSD) == [nil, 0.04, 0.1, 0.2])
        #expect(effects.map(\.meanShortfallReduction) == [36, 24, 18, 12])
    }

    @Test func aCandidateForACommodityWithoutNetworkIsRefused() {
        let scenario = Scenario(name: "ban", summary: "", horizonMonths: 12, shocks: [])
        let candidate = Intervention(name: "x", action: .stockpile(country: "BBB", commodity: "unobtainium", months: 2))
        #expect {
            try rankInterventions(
                candidates: [candidate], networks: [MonteCarloTests.network("testium")], scenario: scenario, settings: MonteCarloSettings(),
                draws: 10,
                seed: 1, focus: CoverageGroups(focus: ["BBB"]))
        } throws: { ($0 as? CritMinError)?.field == "candidates[0].stockpile.commodity" }
    }
}
