/// SplitMix64 (Steele, Lea and Flood 2014): a small, fast, deterministic generator. Monte Carlo code gives each draw a
/// stream of its own, so results depend on the seed and the draw, never on the order or the thread that ran it.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private static let gamma: UInt64 = 0x9E37_79B9_7F4A_7C15
    private var state: UInt64

    /// The generator of `stream` (a draw number) under `seed`.
    ///
    /// SplitMix64 walks one cycle of 2⁶⁴ states in steps of `gamma`; a stream starts at a scrambled offset from the
    /// seed, so that streams are far apart on the cycle. (Starting stream k at `seed + k·gamma` would make stream k + 1
    /// the same numbers as stream k, one step later.) Stream 0 starts at the seed itself.
    public init(seed: UInt64, stream: UInt64 = 0) {
        state = seed &+ Self.scramble(stream &* Self.gamma)
        _ = next()
    }

    public mutating func next() -> UInt64 {
        state &+= Self.gamma
        return Self.scramble(state)
    }

    /// Skips the next `count` numbers at the cost of one multiplication.
    public mutating func skip(_ count: Int) {
        state &+= UInt64(count) &* Self.gamma
    }

    /// A uniform double in 0 ..< 1 from the top 53 bits.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// SplitMix64's output function, a bijection of 64-bit words that maps 0 to 0.
    private static func scramble(_ word: UInt64) -> UInt64 {
        var mixed = word
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }
}
