import AffinityCore
import Foundation

/// Every benchmark input is reproducible: the core's seeded generator.
typealias SeededGenerator = SplitMix64

/// Samples ranks 0..<count with P(rank r) ∝ 1 / (r + 1)^exponent (binary search on the CDF).
struct ZipfSampler {
    private let cdf: [Double]

    init(count: Int, exponent: Double) {
        var acc = 0.0
        var cdf = [Double]()
        cdf.reserveCapacity(count)
        for r in 0..<count {
            acc += 1 / pow(Double(r + 1), exponent)
            cdf.append(acc)
        }
        self.cdf = cdf.map { $0 / acc }
    }

    var count: Int { cdf.count }

    func sample(_ rng: inout SeededGenerator) -> Int {
        let u = rng.nextUnit()
        var lo = 0, hi = cdf.count - 1
        while lo < hi {
            let mid = (lo + hi) / 2
            if cdf[mid] < u { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}

/// One synthetic interaction.
struct ShopEvent {
    var shopper: Int32
    var item: Int32
    var kind: EventKind
    var timestamp: Int64
}

/// A seeded synthetic shop: `itemCount` items in leaf categories of `categorySize`,
/// brands of ~100 items, Zipf(1.0) global popularity over a random permutation of item ids,
/// and one 20-event session per shopper.
///
/// Each session is anchored on a distinct item (session k starts on item perm[k], so every
/// item is viewed together with 19 others and has co-occurrence neighbours), then draws
/// 70% of its events from the anchor's category (Zipf within the category) and 30% from
/// global popularity. Kinds: ~93% product_view, 5% add_to_cart, 2% purchase.
struct SyntheticShop {
    static let sessionLength = 20
    static let categorySize = 50
    static let startTime: Int64 = 1_750_000_000

    let itemCount: Int
    let shopperCount: Int
    let categoryCount: Int
    let brandCount: Int
    /// In time order.
    let events: [ShopEvent]
    /// Newest event time.
    let endTime: Int64
    /// Category (0-based) and brand of each item.
    let category: [Int32]
    let brand: [Int32]
    private let popularity: ZipfSampler
    private let withinCategory: ZipfSampler
    /// Popularity rank → item id.
    private let byRank: [Int32]

    /// `eventsPerItem` × `itemCount` events in sessions of 20, one session per shopper.
    init(items: Int, eventsPerItem: Int = 20, seed: UInt64) {
        precondition(items >= Self.categorySize && eventsPerItem >= 1)
        var rng = SeededGenerator(seed: seed)
        itemCount = items
        categoryCount = (items + Self.categorySize - 1) / Self.categorySize
        brandCount = max(1, items / 100)
        var category = [Int32](repeating: 0, count: items)
        var brand = [Int32](repeating: 0, count: items)
        for i in 0..<items {
            category[i] = Int32(i / Self.categorySize)
            brand[i] = Int32(Int(rng.next() % UInt64(brandCount)))
        }
        self.category = category
        self.brand = brand
        var perm = (0..<items).map { Int32($0) }
        perm.shuffle(using: &rng)
        byRank = perm
        popularity = ZipfSampler(count: items, exponent: 1.0)
        withinCategory = ZipfSampler(count: Self.categorySize, exponent: 1.0)

        let sessions = max(1, items * eventsPerItem / Self.sessionLength)
        shopperCount = sessions
        var anchors = (0..<items).map { Int32($0) }
        anchors.shuffle(using: &rng)
        var events: [ShopEvent] = []
        events.reserveCapacity(sessions * Self.sessionLength)
        var t = Self.startTime
        for s in 0..<sessions {
            let anchor = anchors[s % items]
            let cat = Int(category[Int(anchor)])
            for k in 0..<Self.sessionLength {
                let item: Int32
                if k == 0 {
                    item = anchor
                } else if rng.nextUnit() < 0.7 {
                    let base = cat * Self.categorySize
                    let size = min(Self.categorySize, items - base)
                    item = Int32(base + withinCategory.sample(&rng) % size)
                } else {
                    item = perm[popularity.sample(&rng)]
                }
                let u = rng.nextUnit()
                let kind: EventKind = u < 0.02 ? .purchase : (u < 0.07 ? .addToCart : .productView)
                events.append(ShopEvent(shopper: Int32(s), item: item, kind: kind, timestamp: t))
                t += 3
            }
        }
        self.events = events
        endTime = t
    }

    /// The time of `shopper`'s last event (sessions are consecutive, 3 s per event), for
    /// requests made while the shopper is still browsing.
    func lastEventTime(of shopper: Int32) -> Int64 {
        Self.startTime + 3 * Int64(Int(shopper) * Self.sessionLength + Self.sessionLength - 1)
    }

    /// A fresh core with every item's attributes set and every event recorded.
    func makeCore(config: ModelConfig = ModelConfig()) -> ScoringCore {
        let core = ScoringCore(config: config)
        for i in 0..<itemCount {
            core.setItemAttributes(Int32(i), categories: [category[i]], brand: brand[i], tokens: [])
        }
        for e in events {
            core.record(shopper: e.shopper, items: [e.item], kind: e.kind, timestamp: e.timestamp, channel: nil)
        }
        return core
    }

    /// `count` further product views drawn like the shop's own sessions (for record throughput),
    /// from existing shoppers, continuing after `endTime`.
    func moreViews(_ count: Int, seed: UInt64) -> [ShopEvent] {
        var rng = SeededGenerator(seed: seed)
        var out: [ShopEvent] = []
        out.reserveCapacity(count)
        var t = endTime
        var shopper = Int32(0)
        var cat = 0
        for k in 0..<count {
            if k % Self.sessionLength == 0 {
                shopper = Int32(Int(rng.next() % UInt64(shopperCount)))
                cat = Int(category[Int(byRank[popularity.sample(&rng)])])
            }
            let item: Int32
            if rng.nextUnit() < 0.7 {
                let base = cat * Self.categorySize
                let size = min(Self.categorySize, itemCount - base)
                item = Int32(base + withinCategory.sample(&rng) % size)
            } else {
                item = byRank[popularity.sample(&rng)]
            }
            out.append(ShopEvent(shopper: shopper, item: item, kind: .productView, timestamp: t))
            t += 1
        }
        return out
    }
}

/// A synthetic implicit-feedback matrix of exactly `nonZeros` distinct entries: every row
/// has at least `minPerRow` items, row degrees are heavy-tailed (like MovieLens), columns are
/// drawn by Zipf(0.8) popularity, weights are 1...5 (rating-like).
func syntheticMatrix(rows: Int, columns: Int, nonZeros: Int, minPerRow: Int = 20, seed: UInt64) -> InteractionMatrix {
    precondition(rows * minPerRow <= nonZeros && nonZeros <= rows * columns)
    var rng = SeededGenerator(seed: seed)
    // Heavy-tailed extra degree per row (squared uniform), scaled so degrees sum to nonZeros.
    let extraTotal = nonZeros - rows * minPerRow
    var raw = (0..<rows).map { _ -> Double in
        let u = rng.nextUnit(); return u * u * u
    }
    let rawSum = max(raw.reduce(0, +), 1e-12)
    raw = raw.map { $0 / rawSum * Double(extraTotal) }
    var degree = raw.map { min(columns, minPerRow + Int($0)) }
    var missing = nonZeros - degree.reduce(0, +)
    var r = 0
    while missing > 0 {
        if degree[r] < columns { degree[r] += 1; missing -= 1 }
        r = (r + 1) % rows
    }
    let zipf = ZipfSampler(count: columns, exponent: 0.8)
    var perm = (0..<columns).map { Int32($0) }
    perm.shuffle(using: &rng)
    var triples: [(row: Int32, column: Int32, weight: Float)] = []
    triples.reserveCapacity(nonZeros)
    var seen = Set<Int32>()
    for u in 0..<rows {
        seen.removeAll(keepingCapacity: true)
        var attempts = 0
        while seen.count < degree[u] {
            // Zipf first; fall back to uniform when a dense row keeps hitting taken columns.
            let c = attempts < 50 * degree[u] ? perm[zipf.sample(&rng)] : Int32(Int(rng.next() % UInt64(columns)))
            attempts += 1
            if seen.insert(c).inserted {
                triples.append((row: Int32(u), column: c, weight: Float(1 + rng.next() % 5)))
            }
        }
    }
    return InteractionMatrix(rows: rows, columns: columns, triples: triples)
}
