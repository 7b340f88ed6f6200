/// Exponentially time-decayed sums per dense id (popularity, trending).
///
/// Instead of decaying every entry on every event, contributions are scaled *up*
/// by 2^((t − anchor)/halfLife) and all entries share the implicit factor
/// 2^(−(now − anchor)/halfLife). Ranking is therefore exact without touching other
/// entries; when the growth factor gets large the anchor moves forward and all
/// entries are rescaled once (amortised O(1)). Not thread-safe (value type).
public struct DecayedScores: Sendable {
    /// Half-life in the same unit as timestamps (seconds); `<= 0` means no decay.
    public let halfLife: Double
    private(set) var values: [Double] = []
    private(set) var anchor: Int64? = nil
    /// Largest value, maintained incrementally so normalisation is O(1). It can only
    /// overestimate after negative updates, which just scales scores slightly down.
    private(set) var maxValue: Double = 0

    /// Creates empty scores with the given half-life.
    public init(halfLife: Double) { self.halfLife = halfLife }

    /// Restores exactly the state a snapshot captured (including an overestimated
    /// `maxValue`), so later updates and normalisation match the original bit for bit.
    init(halfLife: Double, values: [Double], anchor: Int64?, maxValue: Double) {
        self.halfLife = halfLife
        self.values = values
        self.anchor = anchor
        self.maxValue = maxValue
    }

    /// Number of ids covered.
    public var count: Int { values.count }

    /// Adds `weight` for `id` at time `timestamp`. Timestamps may arrive slightly out of
    /// order; older ones simply count a little less.
    public mutating func add(_ id: Int32, weight: Double, at timestamp: Int64) {
        let i = Int(id)
        if i >= values.count { values.append(contentsOf: repeatElement(0, count: i + 1 - values.count)) }
        var scale = 1.0
        if halfLife > 0 {
            let a = anchor ?? timestamp
            anchor = a
            var e = Double(timestamp - a) / halfLife
            if e > 512 {
                let shift = Math.exp2(-e)
                for j in values.indices { values[j] *= shift }
                maxValue *= shift
                anchor = timestamp
                e = 0
            }
            scale = Math.exp2(e)
        }
        values[i] = max(0, values[i] + weight * scale)
        if values[i] > maxValue { maxValue = values[i] }
    }

    /// The value of `id` relative to the current maximum, in [0, 1].
    @inline(__always)
    public func normalized(_ id: Int32) -> Float {
        let i = Int(id)
        guard i < values.count, maxValue > 0 else { return 0 }
        return Float(values[i] / maxValue)
    }

    /// Ensures room for `count` ids (zero-filled).
    mutating func reserve(_ count: Int) {
        if count > values.count { values.append(contentsOf: repeatElement(0, count: count - values.count)) }
    }
}
