import CritMinCore
import Testing

@testable import CritMinSimulation

/// Monte Carlo draws solve each month's rounds at once (``StageResponse``); the deterministic runs iterate them. Both
/// must give the same figures: checked on seeded random networks, scenarios and drawn export bans, against rounds run
/// to a tolerance of 1e-14, to 1e-9 of the stage's initial shock for every country and every figure.
@Suite struct ExactMonthTests {
    static func totals(_ network: CompiledNetwork, _ plan: CommodityPlan, exact: Bool, solvedExactly: inout Int) -> [StageTrace] {
        let responses = network.stages.map { exact ? StageResponse(stage: $0, cutFraction: plan.response.consumptionCutFraction) : nil }
        var runner = CommodityRun(network: network, plan: plan, detailed: false, responses: responses)
        let traces = runner.traces(of: plan)
        solvedExactly += runner.cascades.reduce(0) { $0 + $1.monthsSolvedExactly }
        return traces
    }

    /// A seeded random network and scenario (``ConservationPropertyTests/randomScenario(for:generator:)``) with a drawn
    /// set of banned exporters, as a Monte Carlo draw would give it.
    static func randomDraw(trial: Int, generator: inout SplitMix64, tolerance: Double? = nil) -> (network: CompiledNetwork, plan: CommodityPlan) {
        let source = SyntheticNetwork.make(
            commodity: "random", countries: 3 + Int(generator.next() % 40), flows: Int(generator.next() % 200), seed: UInt64(trial))
        var scenario = ConservationPropertyTests.randomScenario(for: source, generator: &generator)
        if let tolerance { scenario.response.convergenceTolerance = tolerance }
        let network = CompiledNetwork(source, response: scenario.response)
        let banned = (0..<network.countryCount).filter { _ in generator.next() % 8 == 0 }
        return (network, CommodityPlan(network: network, scenario: scenario, bannedExporters: banned))
    }

    /// Runs `plan` with the rounds and with the exact solver and expects every figure of every country to agree to 1e-9 of
    /// the stage's initial shock; returns how many stages had a shock.
    static func expectSameFigures(
        _ network: CompiledNetwork, _ plan: CommodityPlan, trial: Int, solvedExactly: inout Int, solvedByRounds: inout Int
    ) -> Int {
        var compared = 0
        let rounds = totals(network, plan, exact: false, solvedExactly: &solvedByRounds)
        let exact = totals(network, plan, exact: true, solvedExactly: &solvedExactly)
        for (stage, (expected, actual)) in zip(rounds, exact).enumerated() {
            let scale = max(expected.balance.initialShock, 1e-300)
            if expected.balance.initialShock > 0 { compared += 1 }
            for (want, got) in zip(expected.totals, actual.totals) {
                let pairs: [(String, Double, Double)] = [
                    ("received", want.received, got.received), ("consumptionLoss", want.consumptionLoss, got.consumptionLoss),
                    ("industryStocks", want.industryStocks, got.industryStocks),
                    ("governmentStockpile", want.governmentStockpile, got.governmentStockpile), ("recycling", want.recycling, got.recycling),
                    ("substitution", want.substitution, got.substitution), ("spareCapacity", want.spareCapacity, got.spareCapacity),
                    ("passedOn", want.passedOn, got.passedOn),
                ]
                for (name, wanted, gotten) in pairs {
                    #expect(
                        abs(wanted - gotten) <= 1e-9 * scale,
                        "trial \(trial), stage \(stage), country \(want.country), \(name): \(wanted) vs \(gotten)")
                }
            }
        }
        return compared
    }

    /// Compares the rounds and the exact solver on `trials` seeded random draws, with the consumption cut set to
    /// `cutFraction` when given; returns the stages with a shock and the months each way solved.
    static func compareRandomDraws(seed: UInt64, trials: Int, cutFraction: Double? = nil) -> (compared: Int, solvedExactly: Int, solvedByRounds: Int) {
        var generator = SplitMix64(seed: seed)
        var compared = 0
        var solvedExactly = 0
        var solvedByRounds = 0
        for trial in 0..<trials {
            var (network, plan) = randomDraw(trial: trial, generator: &generator, tolerance: 1e-14)
            if let cutFraction { plan.response.consumptionCutFraction = cutFraction }
            compared += expectSameFigures(network, plan, trial: trial, solvedExactly: &solvedExactly, solvedByRounds: &solvedByRounds)
        }
        return (compared, solvedExactly, solvedByRounds)
    }

    @Test func exactMonthsGiveTheRoundsFiguresOnRandomNetworks() throws {
        let (compared, solvedExactly, solvedByRounds) = Self.compareRandomDraws(seed: 20_251_123, trials: 200)
        #expect(compared > 150)
        #expect(solvedByRounds == 0)
        // Months that buffers and spare capacity cover in the first round skip the solver; some 960 months remain.
        #expect(solvedExactly > 800, "months solved exactly: \(solvedExactly)")
    }

    /// The ends of the consumption cut: with none, every exporter passes on all it cannot buffer; with all of it, an
    /// exporter passes on only once its consumption is exhausted, so its base line passes nothing and its column is
    /// spelled out when it does.
    @Test(arguments: [0.0, 1.0]) func exactMonthsHoldAtTheEndsOfTheConsumptionCut(cutFraction: Double) throws {
        let (compared, solvedExactly, _) = Self.compareRandomDraws(seed: 20_261_203, trials: 100, cutFraction: cutFraction)
        #expect(compared > 70)
        #expect(solvedExactly > 200, "months solved exactly: \(solvedExactly)")
    }
}
