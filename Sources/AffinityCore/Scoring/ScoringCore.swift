/// The incremental in-memory recommendation state: histories, co-occurrence
/// indexes, decayed popularity, attributes and the installed ALS snapshot.
///
/// Every `record` is O(co-occurrence window) and nothing is ever rebuilt in full;
/// ALS is trained elsewhere (`ALSTrainer` on `trainingMatrix()`) and swapped in
/// with `install(model:)`.
///
/// **Not thread-safe by design**: it is a plain mutable class (requests reuse its
/// scratch buffers, so even `recommend` mutates). The engine serialises access,
/// e.g. by wrapping it in a `Mutex`.
public final class ScoringCore {
    /// The configuration fixed at creation.
    public let config: ModelConfig
    var shoppers: [ShopperState?] = []
    var aliases: [Int32: Int32] = [:]
    /// Per user shopper: the smallest anonymous shopper id ever linked to it (experiment
    /// bucketing keeps a shopper's variant across login and devices).
    var firstAnonymous: [Int32: Int32] = [:]
    /// Items seen in events or attributes (only these are recommended).
    var known: [Bool] = []
    /// Positive events per item: co-occurrence normaliser.
    var frequency: [Float] = []
    var popularity: DecayedScores
    var trending: DecayedScores
    var channelPopularity: [Int32: DecayedScores] = [:]
    /// Trending (short half-life) per channel, so `trending` on `app` is the app's.
    var channelTrending: [Int32: DecayedScores] = [:]
    var categoryPopularity: DecayedScores
    /// Directional pairs: earlier item → later item, distance-weighted.
    var sequence: CooccurrenceIndex
    /// Symmetric pairs within the history window.
    var symmetric: CooccurrenceIndex
    /// Symmetric pairs within purchase baskets and between purchases.
    var basket: CooccurrenceIndex
    /// Symmetric pairs between viewed items.
    var coView: CooccurrenceIndex
    /// Cross-occurrence: viewed item → later purchased item.
    var viewToPurchase: CooccurrenceIndex
    var content: ContentIndex
    /// The installed ALS snapshot, if any.
    public private(set) var model: ALSModel?
    /// Blends tuned on this shop's own history (`BlendTuner`), replacing
    /// `config.blend` at query time; nil until the engine installs some.
    public private(set) var installedBlend: BlendConfig?
    let distanceWeights: [Float]
    var scratch = ScoreScratch()
    /// Candidates scored by every request so far (a running total that wraps): the
    /// engine reads it before and after a request, under its lock, for the metrics.
    public internal(set) var candidatesScored = 0
    /// Candidate-generation indexes and caches derived from the state above.
    var candidateIndexes = CandidateIndexes()
    /// Newest event time seen (event time, not wall time).
    public internal(set) var latestTimestamp: Int64 = .min

    /// Creates empty state.
    public init(config: ModelConfig = ModelConfig()) {
        self.config = config
        let cap = config.cooccurrence.maxNeighbours
        sequence = CooccurrenceIndex(maxNeighbours: cap)
        symmetric = CooccurrenceIndex(maxNeighbours: cap)
        basket = CooccurrenceIndex(maxNeighbours: cap)
        coView = CooccurrenceIndex(maxNeighbours: cap)
        viewToPurchase = CooccurrenceIndex(maxNeighbours: cap)
        popularity = DecayedScores(halfLife: config.popularity.halfLifeSeconds)
        trending = DecayedScores(halfLife: config.popularity.trendingHalfLifeSeconds)
        categoryPopularity = DecayedScores(halfLife: config.popularity.trendingHalfLifeSeconds)
        content = ContentIndex(config: config.content)
        let w = max(0, config.cooccurrence.window)
        distanceWeights = (0...w).map { d in d == 0 ? 0 : Float(Math.pow(Double(d), -config.cooccurrence.distanceDecay))
        }
    }

    /// A second core over the same state with scratch buffers of its own, so that several
    /// threads can score at once while no event is applied (an offline export's workers).
    ///
    /// The state is shared copy-on-write: the replica costs O(1) until one of the two
    /// changes something (request caches included), and then only that part is copied.
    /// Neither sees the other's later changes. Each replica is still not thread-safe on
    /// its own: give each thread its own.
    public func replica() -> ScoringCore {
        let copy = ScoringCore(config: config)
        copy.shoppers = shoppers
        copy.aliases = aliases
        copy.firstAnonymous = firstAnonymous
        copy.known = known
        copy.frequency = frequency
        copy.popularity = popularity
        copy.trending = trending
        copy.channelPopularity = channelPopularity
        copy.channelTrending = channelTrending
        copy.categoryPopularity = categoryPopularity
        copy.sequence = sequence
        copy.symmetric = symmetric
        copy.basket = basket
        copy.coView = coView
        copy.viewToPurchase = viewToPurchase
        copy.content = content
        copy.model = model
        copy.installedBlend = installedBlend
        copy.candidateIndexes = candidateIndexes
        copy.latestTimestamp = latestTimestamp
        return copy
    }

    /// Number of item ids with state (max id + 1).
    public var itemCount: Int { known.count }

    /// The shopper id that owns `shopper`'s data after identity merges.
    public func canonical(_ shopper: Int32) -> Int32 {
        var s = shopper
        while let next = aliases[s], next != s { s = next }
        return s
    }

    func ensureItem(_ item: Int32) {
        let n = Int(item) + 1
        if n > known.count {
            known.append(contentsOf: repeatElement(false, count: n - known.count))
            frequency.append(contentsOf: repeatElement(0, count: n - frequency.count))
        }
    }

    func state(_ s: Int32) -> ShopperState? { Int(s) < shoppers.count ? shoppers[Int(s)] : nil }

    /// Records one event. `items` with more than one entry is a basket (purchase) or
    /// a listing/search result; listings only feed popularity and training, never
    /// history or co-occurrence, so a 50-item page cannot flood a profile.
    public func record(shopper: Int32, items: [Int32], kind: EventKind, timestamp: Int64, channel: Int32?) {
        guard shopper >= 0, !items.isEmpty else { return }
        let s = canonical(shopper)
        if Int(s) >= shoppers.count {
            shoppers.append(contentsOf: repeatElement(nil, count: Int(s) + 1 - shoppers.count))
        }
        var st = shoppers[Int(s)] ?? ShopperState()
        shoppers[Int(s)] = nil  // avoid copy-on-write while mutating
        latestTimestamp = max(latestTimestamp, timestamp)
        let w = config.weight(for: kind)
        let isPurchase = kind.isPurchase, isView = kind.isView
        for item in items where item >= 0 {
            ensureItem(item)
            known[Int(item)] = true
            st.weights[item, default: 0] += w
            guard w > 0 else { continue }
            notePopularity(item, weight: Double(w), at: timestamp, channel: channel)
            noteTrending(item, weight: Double(w), at: timestamp, channel: channel)
            for c in content.categories(of: item) { categoryPopularity.add(c, weight: Double(w), at: timestamp) }
            if isPurchase {
                let p = st.purchases[item] ?? (count: 0, last: timestamp)
                st.purchases[item] = (count: p.count + 1, last: max(p.last, timestamp))
            }
        }
        if w > 0 && (items.count == 1 || isPurchase) {
            for item in items where item >= 0 {
                pairWithHistory(item, history: st.history, isView: isView, isPurchase: isPurchase)
                frequency[Int(item)] += 1
                st.append(
                    HistoryEntry(item: item, weight: w, timestamp: timestamp, isView: isView, isPurchase: isPurchase),
                    window: config.history.window)
            }
            if isPurchase && items.count > 1 {
                for a in items where a >= 0 {
                    for b in items where b >= 0 && b != a {
                        basket.add(a, b, weight: 1)
                        symmetric.add(a, b, weight: 1)
                    }
                }
            }
        }
        shoppers[Int(s)] = st
    }

    /// Adds distance-weighted pairs between `item` and the preceding history window.
    private func pairWithHistory(_ item: Int32, history: [HistoryEntry], isView: Bool, isPurchase: Bool) {
        var d = 1
        var idx = history.count - 1
        while idx >= 0 && d < distanceWeights.count {
            let prev = history[idx]
            idx -= 1
            let g = distanceWeights[d]
            d += 1
            if prev.item == item { continue }
            sequence.add(prev.item, item, weight: g)
            symmetric.add(prev.item, item, weight: g)
            symmetric.add(item, prev.item, weight: g)
            if isView && prev.isView {
                coView.add(prev.item, item, weight: g)
                coView.add(item, prev.item, weight: g)
            }
            if isPurchase && prev.isView { viewToPurchase.add(prev.item, item, weight: g) }
            if isPurchase && prev.isPurchase {
                basket.add(prev.item, item, weight: g)
                basket.add(item, prev.item, weight: g)
            }
        }
    }

    /// Sets an item's attributes (content vectors, category membership for trending).
    /// The item becomes recommendable even before anyone interacts with it.
    public func setItemAttributes(_ item: Int32, categories: [Int32], brand: Int32?, tokens: [Int32]) {
        guard item >= 0 else { return }
        ensureItem(item)
        known[Int(item)] = true
        if !candidateIndexes.categoryLeaders.isEmpty {
            for c in content.categories(of: item) + categories { candidateIndexes.categoryLeaders[c] = nil }
        }
        content.set(item, categories: categories, brand: brand, tokens: tokens)
        candidateIndexes.contentNorms.invalidate()
    }

    /// Links the anonymous shopper `anonymous` to the user shopper `user` from now on:
    /// later events of the anonymous id alone reach the user.
    ///
    /// The first link of an anonymous id moves what it did before (browsing before login)
    /// into the user's profile. A later link to another user (a shared device: kiosk,
    /// family tablet) only re-points the id: nothing moves, so no user's profile is ever
    /// merged into another user's, and what happened before the re-link stays with the
    /// first user. Linking the same pair again changes nothing.
    public func link(anonymous: Int32, to user: Int32) {
        guard anonymous >= 0, user >= 0, anonymous != user else { return }
        firstAnonymous[user] = min(firstAnonymous[user] ?? anonymous, anonymous)
        if let current = aliases[anonymous] {
            if current != user { aliases[anonymous] = user }
            return
        }
        mergeShopper(anonymous, into: user)
    }

    /// The smallest anonymous shopper id ever linked to `user`, if any.
    public func firstLinkedAnonymous(of user: Int32) -> Int32? { firstAnonymous[user] }

    /// Removes a shopper's own profile and every alias to or from it (erasure: the
    /// aggregate indexes are rebuilt from the log separately).
    public func forget(_ shopper: Int32) {
        if Int(shopper) < shoppers.count { shoppers[Int(shopper)] = nil }
        aliases = aliases.filter { $0.key != shopper && $0.value != shopper }
        firstAnonymous[shopper] = nil
    }

    /// Links identities: `from`'s history, purchases and weights move to `into`
    /// (histories interleaved by timestamp), and later events for `from` reach `into`.
    public func mergeShopper(_ from: Int32, into: Int32) {
        let f = canonical(from), t = canonical(into)
        guard f != t, f >= 0, t >= 0 else { return }
        aliases[f] = t
        if Int(t) >= shoppers.count {
            shoppers.append(contentsOf: repeatElement(nil, count: Int(t) + 1 - shoppers.count))
        }
        guard let src = state(f) else { return }
        shoppers[Int(f)] = nil
        var dst = shoppers[Int(t)] ?? ShopperState()
        var merged: [HistoryEntry] = []
        merged.reserveCapacity(src.history.count + dst.history.count)
        var i = 0, j = 0
        while i < src.history.count || j < dst.history.count {
            if j >= dst.history.count || (i < src.history.count && src.history[i].timestamp < dst.history[j].timestamp)
            {
                merged.append(src.history[i]); i += 1
            } else {
                merged.append(dst.history[j]); j += 1
            }
        }
        dst.history = Array(merged.suffix(config.history.window))
        for (item, p) in src.purchases {
            let q = dst.purchases[item] ?? (count: 0, last: p.last)
            dst.purchases[item] = (count: q.count + p.count, last: max(q.last, p.last))
        }
        dst.weights.merge(src.weights, uniquingKeysWith: +)
        shoppers[Int(t)] = dst
    }

    /// Swaps in a trained snapshot (nil removes it); items it does not cover simply
    /// get no vector score. Also takes the model's coarse quantiser for candidate
    /// generation, building it now (about 1 s at 100k items) unless
    /// `ALSModel.prepareCandidateIndex()` already ran, which callers holding a lock
    /// that requests wait on should do first, outside that lock.
    public func install(model: ALSModel?) {
        self.model = model
        candidateIndexes.install(model: model)
    }

    /// Swaps in blend weights (nil reverts to `config.blend`). Kept apart from the
    /// config because they are learned from the data, and stored in snapshots so a
    /// restarted server answers exactly as before without re-tuning.
    public func install(blend: BlendConfig?) { installedBlend = blend }

    /// The blends `recommend` uses: the installed ones, else the configured ones.
    public var effectiveBlend: BlendConfig { installedBlend ?? config.blend }

    /// Every canonical shopper's summed interaction weights as a shopper×item matrix
    /// (rows indexed by shopper id; merged-away ids are empty rows). O(interactions);
    /// call it under the engine's lock, then train outside it.
    public func trainingMatrix() -> InteractionMatrix {
        var triples: [(row: Int32, column: Int32, weight: Float)] = []
        for (s, st) in shoppers.enumerated() {
            guard let st else { continue }
            for (item, w) in st.weights where w > 0 { triples.append((row: Int32(s), column: item, weight: w)) }
        }
        return InteractionMatrix(rows: shoppers.count, columns: known.count, triples: triples)
    }
}

/// Explicitly not `Sendable`: all access must go through the engine's lock.
@available(*, unavailable)
extension ScoringCore: Sendable {}
