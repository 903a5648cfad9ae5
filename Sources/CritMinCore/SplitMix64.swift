/// SplitMix64 (Steele, Lea and Flood 2014): a small, fast, deterministic generator. Monte Carlo code gives each draw a
/// stream of its own, so results depend on the seed and the draw, never on the order or the thread that ran it.
public struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// The generator of `stream` (a draw number) under `seed`.
    public init(seed: UInt64, stream: UInt64 = 0) {
        state = seed &+ stream &* 0x9E37_79B9_7F4A_7C15
        _ = next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var mixed = state
        mixed = (mixed ^ (mixed >> 30)) &* 0xBF58_476D_1CE4_E5B9
        mixed = (mixed ^ (mixed >> 27)) &* 0x94D0_49BB_1331_11EB
        return mixed ^ (mixed >> 31)
    }

    /// A uniform double in 0 ..< 1 from the top 53 bits.
    public mutating func nextUnit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }
}
