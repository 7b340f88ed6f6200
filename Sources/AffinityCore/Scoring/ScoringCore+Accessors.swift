extension ScoringCore {
    /// Shopper ids merged into `shopper`'s canonical id (directly or through chains),
    /// ascending; empty when none. O(alias table): call it rarely (e.g. to rebuild a cache).
    public func aliases(of shopper: Int32) -> [Int32] {
        let target = canonical(shopper)
        return aliases.keys.filter { $0 != target && canonical($0) == target }.sorted()
    }

    /// Every merged-away shopper id with the canonical id that now owns its data.
    public var aliasTable: [(alias: Int32, canonical: Int32)] {
        aliases.keys.sorted().map { (alias: $0, canonical: canonical($0)) }
    }

    /// Last purchase time (the event's Unix seconds) per item the shopper bought; empty for
    /// an unknown shopper.
    public func purchaseTimes(of shopper: Int32) -> [Int32: Int64] {
        guard let st = state(canonical(shopper)) else { return [:] }
        return st.purchases.mapValues(\.last)
    }

    /// When the shopper last did something the model counts (the newest history entry's
    /// Unix seconds); nil for an unknown shopper or one without history.
    public func lastActivity(of shopper: Int32) -> Int64? {
        state(canonical(shopper))?.history.last?.timestamp
    }
}
