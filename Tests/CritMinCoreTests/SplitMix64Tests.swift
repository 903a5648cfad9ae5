import Testing

import CritMinCore

@Suite struct SplitMix64Tests {
    /// The draws of a Monte Carlo run are independent only if their streams share no numbers: the first 2,000 numbers of
    /// each of 500 streams are all distinct (neighbouring streams once were the same numbers shifted by one).
    @Test func streamsShareNoNumbers() {
        var seen = Set<UInt64>()
        for stream in 0..<500 {
            var generator = SplitMix64(seed: 42, stream: UInt64(stream))
            for _ in 0..<2_000 { seen.insert(generator.next()) }
        }
        #expect(seen.count == 500 * 2_000)
    }

    /// Stream 0 is the generator of the seed alone, and skipping n numbers lands where n calls would.
    @Test func skippingEqualsDrawing() {
        var plain = SplitMix64(seed: 7)
        var zero = SplitMix64(seed: 7, stream: 0)
        #expect(plain.next() == zero.next())
        for count in [0, 1, 2, 17, 1_000] {
            var drawn = SplitMix64(seed: 9, stream: 3)
            var skipped = drawn
            for _ in 0..<count { _ = drawn.next() }
            skipped.skip(count)
            #expect(drawn.next() == skipped.next())
        }
    }
}
