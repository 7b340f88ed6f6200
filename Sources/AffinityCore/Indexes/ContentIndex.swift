/// TF-IDF attribute vectors (categories, brand, tokens) with an inverted index.
///
/// Co-occurrence and ALS know nothing about an item nobody has interacted with
/// yet; attribute similarity does, so this index is what lets new products appear
/// in similar-items and for-you lists. Feature namespaces keep a category id from
/// colliding with a brand or token id. Not thread-safe (value type).
public struct ContentIndex: Sendable {
    private(set) var features: [[(key: Int64, weight: Float)]] = []
    private(set) var postings: [Int64: [Int32]] = [:]
    private(set) var itemsWithAttributes = 0
    let config: ContentConfig

    /// Creates an empty index.
    public init(config: ContentConfig) { self.config = config }

    /// Restores exactly the state a snapshot captured; posting-list order is kept
    /// because category listings iterate it.
    init(
        config: ContentConfig, features: [[(key: Int64, weight: Float)]], postings: [Int64: [Int32]],
        itemsWithAttributes: Int
    ) {
        self.config = config
        self.features = features
        self.postings = postings
        self.itemsWithAttributes = itemsWithAttributes
    }

    @inline(__always)
    static func key(_ namespace: Int64, _ id: Int32) -> Int64 { namespace << 32 | Int64(UInt32(bitPattern: id)) }

    /// Replaces the attributes of `item`.
    public mutating func set(_ item: Int32, categories: [Int32], brand: Int32?, tokens: [Int32]) {
        let i = Int(item)
        if i >= features.count { features.append(contentsOf: repeatElement([], count: i + 1 - features.count)) }
        if features[i].isEmpty { itemsWithAttributes += 1 }
        for (k, _) in features[i] { postings[k]?.removeAll { $0 == item } }
        var f: [Int64: Float] = [:]
        for c in categories { f[Self.key(0, c)] = config.categoryWeight }
        if let b = brand { f[Self.key(1, b)] = config.brandWeight }
        for t in tokens { f[Self.key(2, t), default: 0] += config.tokenWeight }
        features[i] = f.map { (key: $0.key, weight: $0.value) }.sorted { $0.key < $1.key }
        for (k, _) in features[i] { postings[k, default: []].append(item) }
        if features[i].isEmpty { itemsWithAttributes -= 1 }
    }

    /// The category ids of `item` (namespace 0), for category popularity.
    public func categories(of item: Int32) -> [Int32] {
        guard Int(item) < features.count else { return [] }
        return features[Int(item)].filter { $0.key >> 32 == 0 }.map { Int32(truncatingIfNeeded: $0.key) }
    }

    /// Items carrying category `c`.
    public func items(inCategory c: Int32) -> [Int32] { postings[Self.key(0, c)] ?? [] }
}
