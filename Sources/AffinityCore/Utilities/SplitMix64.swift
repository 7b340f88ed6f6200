/// SplitMix64: a tiny, fast, seedable generator whose output depends only on the seed.
///
/// Shared by everything that must be reproducible across machines and Swift versions:
/// ALS initialisation, the tuner's sampling, the demo store generator and the
/// benchmarks' synthetic shops (the stdlib's `random(in:)` algorithms are not promised
/// stable, so callers draw from `next()` directly).
package struct SplitMix64: RandomNumberGenerator, Sendable {
    private var state: UInt64

    /// The same seed always yields the same sequence.
    package init(seed: UInt64) { state = seed }

    package mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in [0, 1) with 24 bits (factor initialisation).
    package mutating func nextUnitFloat() -> Float { Float(next() >> 40) / Float(1 << 24) }

    /// Uniform in [0, 1) with 53 bits.
    package mutating func nextUnit() -> Double { Double(next() >> 11) * 0x1p-53 }
}
