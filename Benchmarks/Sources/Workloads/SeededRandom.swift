/// A small deterministic random number generator (SplitMix64).
///
/// Everything the workloads generate comes from this generator and the integer and floating-point arithmetic below,
/// never from the standard library's or Foundation's randomness, so a seed gives the same documents and rules on
/// every platform and toolchain.
public struct SeededRandom: Sendable {
    private var state: UInt64

    public init(seed: UInt64) {
        state = seed
    }

    /// A generator for item `index` of a stream, independent of how many numbers earlier items drew.
    public init(seed: UInt64, stream index: Int) {
        var mixer = SeededRandom(seed: seed ^ (UInt64(truncatingIfNeeded: index) &* 0xD1B5_4A32_D192_ED03))
        state = mixer.next()
    }

    public mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// Uniform in `0..<bound` (the modulo bias is below 2^-40 for the bounds used here).
    public mutating func below(_ bound: Int) -> Int {
        precondition(bound > 0)
        return Int((next() >> 11) % UInt64(bound))
    }

    /// Uniform in `lower...upper`.
    public mutating func between(_ lower: Int, _ upper: Int) -> Int {
        lower + below(upper - lower + 1)
    }

    /// Uniform in `[0, 1)`.
    public mutating func unit() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// True with probability `probability`.
    public mutating func chance(_ probability: Double) -> Bool {
        unit() < probability
    }

    public mutating func pick<T>(_ items: [T]) -> T {
        items[below(items.count)]
    }

    /// An index into a list of `count` items, skewed to the front (a rough Zipf-like word frequency).
    public mutating func skewed(_ count: Int) -> Int {
        let u = unit()
        return min(count - 1, Int(Double(count) * u * u * u))
    }
}
