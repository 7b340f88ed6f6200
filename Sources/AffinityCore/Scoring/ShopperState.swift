/// One event in a shopper's bounded recent history.
struct HistoryEntry: Sendable {
    var item: Int32
    /// The kind's configured weight (> 0; non-positive kinds never enter history).
    var weight: Float
    var timestamp: Int64
    var isView: Bool
    var isPurchase: Bool
}

/// Per-shopper incremental state. Value type owned by `ScoringCore`.
struct ShopperState: Sendable {
    /// Oldest first; trimmed to the configured window (amortised, see `append`).
    var history: [HistoryEntry] = []
    /// Purchase count and last purchase time per item (buy-again, exclusions).
    var purchases: [Int32: (count: Int32, last: Int64)] = [:]
    /// Summed event weight per item: this shopper's row of the training matrix.
    var weights: [Int32: Float] = [:]

    /// Appends and trims to `window` entries, dropping the oldest half of the
    /// overflow at once so trimming is amortised O(1).
    mutating func append(_ e: HistoryEntry, window: Int) {
        history.append(e)
        if history.count >= 2 * max(1, window) { history.removeFirst(history.count - window) }
    }

    /// The last `window` entries, newest first.
    func recent(_ window: Int) -> ArraySlice<HistoryEntry> {
        history.suffix(max(0, window))
    }
}
