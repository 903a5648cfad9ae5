import CritMinAnalysis
import Testing

@Suite struct UncertaintyTests {
    let inputs = [
        UncertainInput(name: "a", nominal: 0.5, low: 0, high: 1),
        UncertainInput.normal(name: "b", nominal: 2, standardDeviation: 0.5, bounds: 0...10),
        UncertainInput(name: "fixed", nominal: 3, low: 3, high: 3),
    ]

    @Test func sameSeedSameDistribution() {
        let score = { (values: [Double]) in values[0] * values[1] + values[2] }
        let first = UncertaintyAnalysis.monteCarlo(inputs: inputs, draws: 500, seed: 42, score: score)
        let second = UncertaintyAnalysis.monteCarlo(inputs: inputs, draws: 500, seed: 42, score: score)
        let other = UncertaintyAnalysis.monteCarlo(inputs: inputs, draws: 500, seed: 43, score: score)
        #expect(first == second)
        #expect(first != other)
        #expect(first.nominal == 4)
    }

    @Test func drawsStayWithinTheInputsBounds() {
        // a ∈ 0…1 uniform, b ∈ 2 ± 1.645·0.5 = 1.1775 … 2.8225: a·b + 3 ∈ 3 … 5.8225.
        let distribution = UncertaintyAnalysis.monteCarlo(inputs: inputs, draws: 2_000, seed: 7) { $0[0] * $0[1] + $0[2] }
        #expect(distribution.minimum >= 3 && distribution.maximum <= 3 + 2.8225 + 1e-12)
        #expect(distribution.p05 <= distribution.median && distribution.median <= distribution.p95)
        // E[a·b] = 0.5 · 2 = 1 (independent, b symmetric about 2): the mean is near 4.
        #expect(abs(distribution.mean - 4) < 0.05)
    }

    @Test func uniformDrawsCoverTheirInterval() {
        let distribution = UncertaintyAnalysis.monteCarlo(
            inputs: [UncertainInput(name: "u", nominal: 0.5, low: 0, high: 1)], draws: 10_000, seed: 1
        ) { $0[0] }
        #expect(abs(distribution.p05 - 0.05) < 0.01 && abs(distribution.p95 - 0.95) < 0.01)
    }

    @Test func tornadoRanksBySwing() {
        // Score a + 10·b: swing of a is 1; swing of b is 10·(2.8225 − 1.1775) = 16.45. Fixed inputs give no bar.
        let bars = UncertaintyAnalysis.tornado(inputs: inputs) { $0[0] + 10 * $0[1] }
        #expect(bars.map(\.input) == ["b", "a"])
        #expect(abs(bars[0].swing - 16.45) < 1e-9)
        #expect(bars[1].scoreAtLow == 20 && bars[1].scoreAtHigh == 21)
    }
}
