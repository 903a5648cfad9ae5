import CritMinCore
import Testing

@testable import CritMinSimulation

/// Monte Carlo draws take two shortcuts the deterministic runs do not: a draw's run ends once every later month is
/// covered, and the statistics sort only the largest draws. Both must give what the long way gives.
@Suite struct MonteCarloShortcutTests {
    /// The final stage's consumption losses of a run that ends early equal those of the whole horizon, to 1e-9 of the
    /// stage's initial shock, on seeded random networks, scenarios and drawn export bans; some runs do end early.
    @Test func endingARunEarlyLosesNoConsumptionLoss() throws {
        var generator = SplitMix64(seed: 20_261_202)
        var compared = 0
        var endedEarly = 0
        for trial in 0..<300 {
            let (network, plan) = ExactMonthTests.randomDraw(trial: trial, generator: &generator)
            let responses = network.stages.map { StageResponse(stage: $0, cutFraction: plan.response.consumptionCutFraction) }
            var whole = CommodityRun(network: network, plan: plan, detailed: false, responses: responses)
            let final = try #require(whole.traces(of: plan).last)
            #expect(whole.monthsRun == plan.horizon)
            var shortened = CommodityRun(network: network, plan: plan, detailed: false, responses: responses)
            let losses = shortened.finalStageLoss(of: plan)
            if shortened.monthsRun < plan.horizon { endedEarly += 1 }
            if final.balance.initialShock > 0 { compared += 1 }
            let scale = final.balance.initialShock
            for expected in final.totals {
                let loss = losses.loss(of: expected.country)
                #expect(
                    abs(expected.consumptionLoss - loss) <= 1e-9 * scale,
                    "trial \(trial), country \(expected.country): \(expected.consumptionLoss) vs \(loss) after \(shortened.monthsRun) months")
            }
        }
        #expect(compared > 200)
        #expect(endedEarly > 20, "runs ended early: \(endedEarly)")
    }

    /// Mean, expected shortfall of the worst 5 %, 95th percentile, maximum and exceedance probabilities from values with
    /// their number of draws equal those of the draws written out one by one and sorted.
    @Test func statisticsOfCountedValuesEqualThoseOfTheDrawsWrittenOut() {
        var generator = SplitMix64(seed: 5)
        for trial in 0..<400 {
            // Few distinct values (ties, zeros) in some trials, many in others.
            let distinct = 1 + Int(generator.next() % (trial % 2 == 0 ? 6 : 400))
            let levels = (0..<distinct).map { _ in generator.next() % 4 == 0 ? 0 : (generator.nextUnit() * 100).rounded() }
            var weighted: [(loss: Double, count: Int)] = []
            for _ in 0..<(1 + Int(generator.next() % 300)) {
                weighted.append((levels[Int(generator.next() % UInt64(distinct))], Int(generator.next() % 50)))
            }
            if weighted.allSatisfy({ $0.count == 0 }) { weighted.append((0, 1)) }
            let draws = weighted.reduce(0) { $0 + $1.count }
            let horizonConsumption = 120.0
            let threshold = 0.25
            let result = MonteCarloRun.distribution(
                weighted, draws: draws, commodity: "testium", country: "AAA", unit: "t", horizonConsumption: horizonConsumption,
                threshold: threshold)

            let sorted = weighted.flatMap { [Double](repeating: $0.loss, count: $0.count) }.sorted()
            let position = 0.95 * Double(draws - 1)
            let lower = Int(position.rounded(.down))
            let upper = min(lower + 1, draws - 1)
            let percentile95 = sorted[lower] + (sorted[upper] - sorted[lower]) * (position - Double(lower))
            let tailCount = Int((0.05 * Double(draws)).rounded(.up))
            let tailMean = sorted.suffix(tailCount).reduce(0, +) / Double(tailCount)
            let mean = sorted.reduce(0, +) / Double(draws)

            let label = "trial \(trial), \(weighted.count) values, \(draws) draws"
            #expect(abs(result.mean - mean) <= 1e-12 * max(1, mean), "\(label): mean")
            #expect(abs(result.expectedShortfall - tailMean) <= 1e-12 * max(1, tailMean), "\(label): expected shortfall")
            #expect(result.percentile95 == percentile95, "\(label): 95th percentile")
            #expect(result.maximum == (sorted.last ?? 0), "\(label): maximum")
            let above = sorted.filter { $0 > threshold * horizonConsumption }.count
            #expect(result.probabilityAboveThreshold == Double(above) / Double(draws), "\(label): above threshold")
            let short = sorted.filter { $0 > CommodityOutcome.recoveryTolerance * horizonConsumption }.count
            #expect(result.probabilityOfShortfall == Double(short) / Double(draws), "\(label): shortfall")
        }
    }

    /// The largest values come last, ascending, and hold at least the draws asked for; the rest are all smaller.
    @Test func sortingTheLargestLeavesTheRestSmaller() {
        var generator = SplitMix64(seed: 11)
        for trial in 0..<300 {
            var values = (0..<Int(generator.next() % 500)).map { _ in
                (loss: Double(generator.next() % (trial % 3 == 0 ? 5 : 10_000)), count: 1 + Int(generator.next() % 9))
            }
            let total = values.reduce(0) { $0 + $1.count }
            let needed = Int(generator.next() % UInt64(total + 2))
            let original = values.map(\.loss).sorted()
            let start = MonteCarloRun.sortLargest(&values, covering: needed)
            let largest = values[start...]
            #expect(values.map(\.loss).sorted() == original, "trial \(trial): values lost or changed")
            #expect(largest.reduce(0) { $0 + $1.count } >= min(needed, total), "trial \(trial): too few draws")
            #expect(zip(largest, largest.dropFirst()).allSatisfy { $0.loss <= $1.loss }, "trial \(trial): not ascending")
            if let smallestKept = largest.first?.loss {
                #expect(values[..<start].allSatisfy { $0.loss <= smallestKept }, "trial \(trial): a larger value left behind")
            }
        }
    }
}
