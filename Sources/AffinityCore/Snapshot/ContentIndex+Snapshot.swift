extension ContentIndex {
    /// Writes attribute vectors and posting lists as flat columns. Posting lists are
    /// stored verbatim (not rebuilt from the vectors) because their order, shaped by
    /// the history of attribute updates, decides ties in category listings; keys
    /// are written sorted so equal state gives equal bytes.
    func write(to w: inout SnapshotWriter) {
        w.i64(Int64(itemsWithAttributes))
        var sizes: [Int32] = [], keys: [Int64] = [], weights: [Float] = []
        sizes.reserveCapacity(features.count)
        for f in features {
            sizes.append(Int32(f.count))
            for (k, v) in f { keys.append(k); weights.append(v) }
        }
        w.array(sizes); w.array(keys); w.array(weights)
        let postingKeys = postings.keys.sorted()
        var postingSizes: [Int32] = [], items: [Int32] = []
        postingSizes.reserveCapacity(postingKeys.count)
        for k in postingKeys {
            let list = postings[k]!
            postingSizes.append(Int32(list.count))
            items.append(contentsOf: list)
        }
        w.array(postingKeys); w.array(postingSizes); w.array(items)
    }

    /// Reads an index written by `write(to:)`, checking that vectors are sorted by
    /// feature, posting lists only name items with attributes, and the two agree in
    /// size, so similarity scoring can trust both.
    static func read(
        from r: inout SnapshotReader, config: ContentConfig, itemCount: Int
    ) throws(ScoringCoreSnapshotError) -> ContentIndex {
        let withAttributes = try r.i64("attributed item count")
        let sizes = try r.array(Int32.self, "attribute vector sizes")
        guard sizes.count <= itemCount else {
            throw .corrupt("attribute vectors for \(sizes.count) of \(itemCount) items")
        }
        let keys = try r.array(Int64.self, "attribute features")
        let weights = try r.floats(count: keys.count, "attribute weights")
        var features: [[(key: Int64, weight: Float)]] = []
        features.reserveCapacity(sizes.count)
        var at = 0, nonEmpty = 0
        for size in sizes {
            let n = Int(size)
            guard n >= 0, n <= keys.count - at else { throw .corrupt("attribute vector sizes exceed the feature list") }
            var f: [(key: Int64, weight: Float)] = []
            f.reserveCapacity(n)
            for e in at..<(at + n) {
                guard f.last.map({ $0.key < keys[e] }) ?? true else { throw .corrupt("attribute features not sorted") }
                f.append((key: keys[e], weight: weights[e]))
            }
            if n > 0 { nonEmpty += 1 }
            features.append(f)
            at += n
        }
        guard at == keys.count else { throw .corrupt("\(keys.count - at) unassigned attribute features") }
        guard withAttributes == Int64(nonEmpty) else {
            throw .corrupt("attributed item count \(withAttributes) but \(nonEmpty) non-empty vectors")
        }
        let postingKeys = try r.array(Int64.self, "posting keys")
        let postingSizes = try r.array(Int32.self, count: postingKeys.count, "posting sizes")
        let items = try r.array(Int32.self, "posting items")
        guard items.count == keys.count else {
            throw .corrupt("\(items.count) postings for \(keys.count) attribute features")
        }
        var postings = [Int64: [Int32]](minimumCapacity: postingKeys.count)
        at = 0
        for (k, size) in zip(postingKeys, postingSizes) {
            let n = Int(size)
            guard n >= 0, n <= items.count - at else { throw .corrupt("posting sizes exceed the posting items") }
            let list = Array(items[at..<(at + n)])
            guard list.allSatisfy({ $0 >= 0 && Int($0) < features.count }) else {
                throw .corrupt("posting list of feature \(k) names an item without attributes")
            }
            postings[k] = list
            at += n
        }
        guard at == items.count else { throw .corrupt("\(items.count - at) unassigned posting items") }
        guard postings.count == postingKeys.count else { throw .corrupt("posting keys repeat") }
        return ContentIndex(config: config, features: features, postings: postings, itemsWithAttributes: nonEmpty)
    }
}
