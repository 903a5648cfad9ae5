import CritMinCore

/// Property tests draw from a seeded ``SplitMix64`` so they see the same inputs on every run and machine.
extension SplitMix64 {
    /// `count` shares that add up to `total` (≤ 1), each drawn before normalising from 0.01 … 1.
    mutating func shares(count: Int, total: Double) -> [Double] {
        let weights = (0..<count).map { _ in Double.random(in: 0.01...1, using: &self) }
        let sum = weights.reduce(0, +)
        return weights.map { $0 / sum * total }
    }
}
