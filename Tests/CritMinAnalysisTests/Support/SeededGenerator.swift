/// SplitMix64 (Steele, Lea and Flood 2014): a small deterministic generator, so property tests draw the same
/// inputs on every run and machine.
struct SeededGenerator: RandomNumberGenerator {
    private var state: UInt64

    init(seed: UInt64) {
        state = seed
    }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// `count` shares that add up to `total` (≤ 1), each drawn before normalising from 0.01 … 1.
    mutating func shares(count: Int, total: Double) -> [Double] {
        let weights = (0..<count).map { _ in Double.random(in: 0.01...1, using: &self) }
        let sum = weights.reduce(0, +)
        return weights.map { $0 / sum * total }
    }
}
