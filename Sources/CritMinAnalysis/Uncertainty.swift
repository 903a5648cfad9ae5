import CritMinCore
import Foundation

/// One uncertain input of a score: its nominal value and how it may vary.
public struct UncertainInput: Hashable, Sendable {
    /// How draws are made.
    public enum Distribution: Hashable, Sendable {
        /// Every value in low … high equally likely: published bounds (">95%"), ranges, defaults with a plausible span.
        case uniform
        /// Normal around the nominal value with this standard deviation, cut to low … high (WGI estimates and
        /// their published standard errors).
        case normal(standardDeviation: Double)
    }

    /// What the input is, for the tornado: "NIR", "WGI CHN", "EoL-RIR (default)".
    public var name: String
    public var nominal: Double
    /// The swing the tornado uses, and the cut-off of draws.
    public var low: Double
    public var high: Double
    public var distribution: Distribution

    public init(name: String, nominal: Double, low: Double, high: Double, distribution: Distribution = .uniform) {
        precondition(low <= nominal && nominal <= high, "nominal value outside its interval: \(name)")
        self.name = name
        self.nominal = nominal
        self.low = low
        self.high = high
        self.distribution = distribution
    }

    /// A normal input with a 90% interval of ±1.645 standard deviations (the WGI's published margin), cut to `bounds`.
    public static func normal(name: String, nominal: Double, standardDeviation: Double, bounds: ClosedRange<Double>) -> UncertainInput {
        let spread = 1.645 * standardDeviation
        return UncertainInput(
            name: name, nominal: nominal, low: max(bounds.lowerBound, nominal - spread), high: min(bounds.upperBound, nominal + spread),
            distribution: .normal(standardDeviation: standardDeviation))
    }

    public var isFixed: Bool { low == high }
}

/// A score's distribution over Monte Carlo draws.
public struct ScoreDistribution: Hashable, Sendable, Codable {
    public var nominal: Double
    public var mean: Double
    public var p05: Double
    public var median: Double
    public var p95: Double
    public var minimum: Double
    public var maximum: Double
    public var draws: Int
    public var seed: UInt64
}

/// One bar of a tornado: the score with one input at its low and at its high end, the others nominal.
public struct TornadoBar: Hashable, Sendable, Codable {
    public var input: String
    public var inputLow: Double
    public var inputHigh: Double
    public var scoreAtLow: Double
    public var scoreAtHigh: Double
    /// |score at high − score at low|.
    public var swing: Double { abs(scoreAtHigh - scoreAtLow) }
}

/// Seeded Monte Carlo and one-at-a-time sensitivity over a score's uncertain inputs (METHODS.md "Uncertainty").
///
/// Draw k uses its own generator seeded from (seed, k), so results do not depend on how draws are split over threads.
public enum UncertaintyAnalysis {
    /// Runs `draws` evaluations of `score` with inputs drawn from their distributions.
    /// - Parameter score: The score of one input vector, in the order of `inputs`.
    public static func monteCarlo(
        inputs: [UncertainInput], draws: Int, seed: UInt64, score: ([Double]) -> Double
    ) -> ScoreDistribution {
        precondition(draws > 0, "draws must be positive")
        let nominalValues = inputs.map(\.nominal)
        let nominal = score(nominalValues)
        var values = nominalValues
        var results = [Double](repeating: 0, count: draws)
        for draw in 0..<draws {
            var generator = SplitMix64(seed: seed, stream: UInt64(draw))
            for index in inputs.indices where !inputs[index].isFixed {
                values[index] = inputs[index].sample(using: &generator)
            }
            results[draw] = score(values)
        }
        results.sort()
        let mean = results.reduce(0, +) / Double(draws)
        return ScoreDistribution(
            nominal: nominal, mean: mean, p05: Statistics.quantile(sorted: results, probability: 0.05),
            median: Statistics.quantile(sorted: results, probability: 0.5),
            p95: Statistics.quantile(sorted: results, probability: 0.95),
            minimum: results[0], maximum: results[draws - 1], draws: draws, seed: seed)
    }

    /// The score with each input in turn at its low and high end, largest swing first; fixed inputs are left out.
    public static func tornado(inputs: [UncertainInput], score: ([Double]) -> Double) -> [TornadoBar] {
        var values = inputs.map(\.nominal)
        var bars: [TornadoBar] = []
        for index in inputs.indices where !inputs[index].isFixed {
            let input = inputs[index]
            values[index] = input.low
            let atLow = score(values)
            values[index] = input.high
            let atHigh = score(values)
            values[index] = input.nominal
            bars.append(TornadoBar(input: input.name, inputLow: input.low, inputHigh: input.high, scoreAtLow: atLow, scoreAtHigh: atHigh))
        }
        return bars.sorted { ($0.swing, $1.input) > ($1.swing, $0.input) }
    }
}

extension UncertainInput {
    func sample(using generator: inout SplitMix64) -> Double {
        switch distribution {
        case .uniform:
            return low + (high - low) * generator.nextUnit()
        case .normal(let standardDeviation):
            // Box–Muller, redrawn until inside low … high (at most a few draws: the cut is at ±1.645σ or wider).
            for _ in 0..<64 {
                let u1 = max(generator.nextUnit(), .leastNonzeroMagnitude)
                let u2 = generator.nextUnit()
                let standard = (-2 * log(u1)).squareRoot() * cos(2 * Double.pi * u2)
                let value = nominal + standardDeviation * standard
                if value >= low && value <= high { return value }
            }
            return nominal
        }
    }
}
