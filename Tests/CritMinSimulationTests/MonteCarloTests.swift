import CritMinCore
@testable import CritMinSimulation
import Synchronization
import Testing

@Suite struct MonteCarloTests {
    static let citation: CitationID = "test/citation"

    /// A ships 6/month each to B and C; D produces for itself. No spare capacity, stocks or pass-through (B and C do
    /// not export), so a ban for the whole 12-month horizon costs B and C 6 · 12 = 72 each.
    static func network(_ commodity: CommodityID) -> SupplyNetwork {
        SupplyNetwork(
            commodity: commodity, year: 2024,
            stages: [
                StageNetwork(
                    stage: .refinery, unit: "t",
                    nodes: [SupplyNode(country: "AAA", production: 144), SupplyNode(country: "DDD", production: 144)],
                    flows: [
                        SupplyFlow(exporter: "AAA", importer: "BBB", quantity: 72, provenance: .reported(citation)),
                        SupplyFlow(exporter: "AAA", importer: "CCC", quantity: 72, provenance: .reported(citation)),
                    ])
            ])
    }

    static let noSpare = ResponseParameters(
        consumptionCutFraction: 0.5, defaultSpareCapacityFraction: 0, spareCapacityRampMonths: 0, convergenceTolerance: 1e-12)

    /// One shock with probability 0.3. Draw k fires it when the first number of `SplitMix64(seed: 7, stream: k)` is
    /// below 0.3 (the only random number a draw needs, as no supplier has a ban probability). With F firing draws out of
    /// N = 1,000: mean = 72 · F / N; P(shortfall > 10 % of the 72 consumed) = F / N; the worst 5 % (50 draws) all lose 72
    /// when F ≥ 50; the 95th percentile is 72 when F > 50.
    @Test func distributionStatisticsMatchTheDrawsWorkedOutHere() throws {
        let scenario = Scenario(
            name: "mc", summary: "", horizonMonths: 12,
            shocks: [Shock(kind: .exportRestriction(.ban, to: .all), country: "AAA", commodities: ["testium"], probability: 0.3)],
            response: Self.noSpare)
        let draws = 1_000
        let firing = (0..<draws).filter { draw in
            var generator = SplitMix64(seed: 7, stream: UInt64(draw))
            return generator.nextUnit() < 0.3
        }.count
        #expect(firing > 250 && firing < 350)
        let result = try monteCarlo(
            networks: [Self.network("testium")], scenario: scenario, settings: MonteCarloSettings(shortfallThreshold: 0.1), draws: draws, seed: 7,
            focus: CoverageGroups(focus: ["BBB"]), threads: 2)
        let b = try #require(result.distribution("testium", "BBB"))
        #expect(b.mean == 72 * Double(firing) / Double(draws))
        #expect(b.probabilityAboveThreshold == Double(firing) / Double(draws))
        #expect(b.expectedShortfall == 72)
        #expect(b.percentile95 == 72)
        #expect(b.horizonConsumption == 72)
        #expect(result.distinctOutcomes == 1)
        // Months lost: 72 / 6 = 12 in a firing draw.
        #expect(result.focusMonthsLost["BBB"]?.filter { $0 == 12 }.count == firing)
    }

    /// A shock naming two commodities is one event: B loses 12 months of both or of neither, never of one alone.
    @Test func aShockNamingSeveralCommoditiesHitsAllOrNone() throws {
        let scenario = Scenario(
            name: "mc", summary: "", horizonMonths: 12,
            shocks: [Shock(kind: .exportRestriction(.ban, to: .all), country: "AAA", commodities: ["one", "two"], probability: 0.4)],
            response: Self.noSpare)
        let result = try monteCarlo(
            networks: [Self.network("one"), Self.network("two")], scenario: scenario, settings: MonteCarloSettings(), draws: 500, seed: 11,
            focus: CoverageGroups(focus: ["BBB"]))
        let months = try #require(result.focusMonthsLost["BBB"])
        #expect(Set(months) == [0, 24])
    }

    /// Governance scores map to annual ban probabilities 0.05 · (1 − score), and over a 24-month horizon to
    /// 1 − (1 − p)²: a score of 0.2 gives 0.04 a year and 1 − 0.96² = 0.0784 over two years.
    @Test func governanceScoresBecomeBanProbabilities() throws {
        #expect(abs(GovernanceRisk.annualBanProbability(score: 0.2) - 0.04) < 1e-15)
        #expect(abs(GovernanceRisk.probability(annual: 0.04, months: 24) - 0.0784) < 1e-15)
        let scenario = Scenario(name: "mc", summary: "", horizonMonths: 24, shocks: [], response: Self.noSpare)
        let result = try monteCarlo(
            networks: [Self.network("testium")], scenario: scenario, settings: MonteCarloSettings(governanceDefault: true), governance: ["AAA": 0.2],
            draws: 2_000, seed: 3, focus: CoverageGroups(focus: ["BBB"]))
        #expect(abs((result.banProbabilities["AAA"] ?? 0) - 0.0784) < 1e-15)
        #expect(result.notes.contains { $0.contains("BBB") })
        let b = try #require(result.distribution("testium", "BBB"))
        // Two years of 6/month: 144 lost in a ban draw, so the ban frequency is mean / 144, near 0.0784.
        #expect(abs(b.mean / 144 - 0.0784) < 0.02)
    }

    /// The same seed gives the same bits on 1, 2 and 8 threads, on synthetic networks where governance makes many
    /// suppliers fail.
    @Test func resultsDoNotDependOnTheThreadCount() throws {
        let networks = (0..<4).map {
            SyntheticNetwork.make(commodity: CommodityID(rawValue: "synthetic-\($0)"), countries: 40, flows: 300, seed: UInt64($0))
        }
        let countries = Set(networks.flatMap { $0.stages.flatMap { $0.nodes.map(\.country) } })
        var governance: [CountryCode: Double] = [:]
        var generator = SplitMix64(seed: 99)
        for country in countries.sorted() { governance[country] = generator.nextUnit() }
        let scenario = Scenario(
            name: "mc", summary: "", horizonMonths: 12,
            shocks: [Shock(kind: .productionOutage(fraction: 0.5), country: "SAA", commodities: ["synthetic-0", "synthetic-2"], probability: 0.2)])
        let runs = try [1, 2, 8].map { threads in
            try monteCarlo(
                networks: networks, scenario: scenario, settings: MonteCarloSettings(governanceDefault: true), governance: governance, draws: 400,
                seed: 2024, focus: CoverageGroups(focus: ["SAB", "SAC"]), threads: threads)
        }
        #expect(runs[0].distinctOutcomes > 50)
        for run in runs.dropFirst() {
            #expect(run.distributions == runs[0].distributions)
            #expect(run.focusMonthsLost == runs[0].focusMonthsLost)
        }
    }

    @Test func progressReachesEveryDraw() throws {
        let scenario = Scenario(
            name: "mc", summary: "", horizonMonths: 12,
            shocks: [Shock(kind: .exportRestriction(.ban, to: .all), country: "AAA", commodities: ["testium"], probability: 0.5)])
        let last = LastValue()
        _ = try monteCarlo(
            networks: [Self.network("testium")], scenario: scenario, settings: MonteCarloSettings(), draws: 100, seed: 1,
            focus: CoverageGroups(focus: []), progress: { last.set($0) })
        #expect(last.value == 100)
    }

    /// Every job count, including those that do not divide into 20 rounds (21 jobs once made a round start past the end).
    @Test func progressRoundsCoverEveryJobOnceInOrder() {
        for told in [false, true] {
            for jobs in 0...500 {
                let rounds = MonteCarloRun.rounds(of: jobs, told: told)
                #expect(rounds.flatMap { Array($0) } == Array(0..<jobs), "\(jobs) jobs")
                #expect(rounds.allSatisfy { !$0.isEmpty })
                #expect(rounds.count <= (told ? 20 : 1))
            }
        }
    }

    @Test func invalidSettingsNameTheField() {
        let scenario = Scenario(name: "mc", summary: "", horizonMonths: 12, shocks: [])
        #expect {
            try monteCarlo(
                networks: [Self.network("testium")], scenario: scenario, settings: MonteCarloSettings(supplierProbabilities: ["AAA": 2]), draws: 10,
                seed: 1, focus: CoverageGroups(focus: []))
        } throws: { ($0 as? CritMinError)?.field == "monteCarlo.supplierProbabilities[AAA]" }
    }
}

/// The last value a progress callback saw.
final class LastValue: Sendable {
    private let stored = Mutex(0)
    func set(_ value: Int) { stored.withLock { $0 = max($0, value) } }
    var value: Int { stored.withLock { $0 } }
}
