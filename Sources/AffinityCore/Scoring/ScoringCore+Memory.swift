/// Approximate heap bytes held by the core, by part: what an operator needs to see which
/// part grows (shoppers with long histories, dense co-occurrence rows, a larger model).
///
/// Figures are allocated capacities times element strides plus a per-entry estimate for
/// dictionaries (Swift does not expose their buckets), so they undercount allocator
/// overhead; the process's resident size is the ground truth beside them.
public struct CoreMemoryFootprint: Sendable, Equatable {
    /// Per-shopper histories, purchases and training rows.
    public var shoppers = 0
    /// The five co-occurrence indexes.
    public var cooccurrence = 0
    /// Decayed popularity and trending scores and their leader indexes.
    public var popularity = 0
    /// Attribute features and postings.
    public var content = 0
    /// The installed ALS model (item factors, Gram matrices) and its vector index.
    public var model = 0
    /// Per-item flags and counters, aliases and request scratch buffers.
    public var other = 0

    /// Each part with its label value, for the metrics.
    public var parts: [(name: String, bytes: Int)] {
        [
            ("shoppers", shoppers), ("cooccurrence", cooccurrence), ("popularity", popularity),
            ("content", content), ("model", model), ("other", other),
        ]
    }
}

extension ScoringCore {
    /// Walks every shopper and index row once: O(shoppers + items). Call it off the
    /// request path (the engine refreshes it in the background, never per scrape).
    public func memoryFootprint() -> CoreMemoryFootprint {
        var f = CoreMemoryFootprint()
        // A dictionary entry: key + value + about one word of bucket and metadata overhead.
        let purchaseEntry = MemoryLayout<Int32>.stride + MemoryLayout<(count: Int32, last: Int64)>.stride + 8
        let weightEntry = MemoryLayout<Int32>.stride + MemoryLayout<Float>.stride + 8
        f.shoppers = shoppers.capacity * MemoryLayout<ShopperState?>.stride
        for case let st? in shoppers {
            f.shoppers += st.history.capacity * MemoryLayout<HistoryEntry>.stride
            f.shoppers += st.purchases.capacity * purchaseEntry + st.weights.capacity * weightEntry
        }
        for index in [sequence, symmetric, basket, coView, viewToPurchase] {
            f.cooccurrence += index.heapBytes
        }
        var scores = [popularity, trending, categoryPopularity]
        scores += channelPopularity.values
        scores += channelTrending.values
        f.popularity = scores.reduce(0) { $0 + $1.count * MemoryLayout<Double>.stride }
        f.popularity += candidateIndexes.leaderHeapBytes
        f.content = content.heapBytes
        if let model {
            f.model = model.heapBytes
            f.model += candidateIndexes.vectors?.heapBytes ?? 0
        }
        f.other =
            known.capacity + frequency.capacity * MemoryLayout<Float>.stride
            + (aliases.capacity + firstAnonymous.capacity) * (2 * MemoryLayout<Int32>.stride + 8)
        return f
    }
}

extension CooccurrenceIndex {
    /// Heap bytes of every row plus the per-row totals.
    var heapBytes: Int {
        rows.reduce(rows.capacity * MemoryLayout<NeighbourRow>.stride) { $0 + $1.heapBytes }
            + rowTotals.capacity * MemoryLayout<Float>.stride
    }
}

extension ContentIndex {
    /// Feature lists and postings (dictionary entries estimated).
    var heapBytes: Int {
        var bytes = features.capacity * MemoryLayout<[(key: Int64, weight: Float)]>.stride
        for row in features { bytes += row.capacity * MemoryLayout<(key: Int64, weight: Float)>.stride }
        for (_, items) in postings { bytes += 8 + 8 + items.capacity * MemoryLayout<Int32>.stride }
        return bytes
    }
}

extension ALSModel {
    /// Item factors, norms and the Gram matrices.
    var heapBytes: Int {
        (itemFactors.capacity + gram.capacity + itemNorms.capacity + (gramInverse?.capacity ?? 0))
            * MemoryLayout<Float>.stride
    }
}

extension VectorIndex {
    /// Centroids, offsets, members and the reordered rows.
    var heapBytes: Int {
        (centroids.capacity + rows.capacity) * MemoryLayout<Float>.stride + offsets.capacity * MemoryLayout<Int>.stride
            + members.capacity * MemoryLayout<Int32>.stride
    }
}

extension CandidateIndexes {
    /// Every popularity and trending leader index (global, per channel, per category).
    var leaderHeapBytes: Int {
        var bytes = popularity.heapBytes + trending.heapBytes
        for index in channelPopularity.values { bytes += index.heapBytes }
        for index in channelTrending.values { bytes += index.heapBytes }
        for scopes in categoryLeaders.values {
            for index in scopes.values { bytes += index.heapBytes }
        }
        return bytes
    }
}
