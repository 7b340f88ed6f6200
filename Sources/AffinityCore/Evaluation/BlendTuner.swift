/// One event of the stream a `ScoringCore` was built from, as passed to `record`.
public struct TuningEvent: Sendable, Equatable {
    /// Canonical shopper id (after identity merges, so one shopper is one history).
    public var shopper: Int32
    /// The item, or a basket / listing.
    public var items: [Int32]
    /// Event kind.
    public var kind: EventKind
    /// Event time (unix seconds).
    public var timestamp: Int64
    /// Sales channel, if any.
    public var channel: Int32?
    /// Creates an event.
    public init(shopper: Int32, items: [Int32], kind: EventKind, timestamp: Int64, channel: Int32? = nil) {
        self.shopper = shopper
        self.items = items
        self.kind = kind
        self.timestamp = timestamp
        self.channel = channel
    }
}

/// Chooses the `for_you` / `for_you_returning` blends for one shop from its own
/// history: the static defaults were tuned on MovieLens, and on other data a single
/// source (often ALS) can beat them by 2×.
///
/// Holds out each eligible shopper's last interaction, rebuilds a core (and ALS)
/// on everything else, splits the held-out cases by session gap exactly as
/// `recommend` does, and scores a small fixed grid of blends per class by NDCG@10.
/// A candidate replaces the configured blend only if it wins by more than one
/// standard error of the paired difference, so small or noisy holdouts keep the
/// defaults. Pure and deterministic: same events and config ⇒ same choice.
public struct BlendTuner: Sendable {
    /// Configuration of the core being tuned (state shape, ALS, current blends).
    public var config: ModelConfig
    /// List length scored.
    public var k = 10
    /// A class with fewer held-out cases keeps its configured blend.
    public var minimumCases = 20

    /// Creates a tuner for cores built with `config`.
    public init(config: ModelConfig) { self.config = config }

    /// A held-out last interaction.
    struct Case {
        var shopper: Int32
        var relevant: Set<Int32>
        var timestamp: Int64
        var channel: Int32?
    }

    /// Tunes on `events` in the order they were (or will be) recorded. The result's
    /// `blend` is `config.blend` with only the two for-you blends possibly replaced.
    /// `shouldStop` cuts the tuner's own ALS short (see ``ALSTrainer/train(_:progress:shouldStop:)``)
    /// for a caller that is shutting down and will discard the result.
    public func tune(_ events: [TuningEvent], shouldStop: (() -> Bool)? = nil) -> BlendTuning {
        let (cases, heldOut) = holdout(events)
        let core = ScoringCore(config: config)
        var seen: [Int32: Set<Int32>] = [:]
        for (idx, e) in events.enumerated() where !heldOut.contains(idx) {
            core.record(shopper: e.shopper, items: e.items, kind: e.kind, timestamp: e.timestamp, channel: e.channel)
            seen[e.shopper, default: []].formUnion(e.items)
        }
        var continuing: [Case] = [], returning: [Case] = []
        for var c in cases {
            c.relevant.subtract(seen[c.shopper] ?? [])
            guard !c.relevant.isEmpty else { continue }  // re-consumption cannot be recommended
            let fresh = core.sessionFreshness(core.state(core.canonical(c.shopper)), now: c.timestamp)
            if fresh >= 0.5 { continuing.append(c) } else { returning.append(c) }
        }
        if !continuing.isEmpty || !returning.isEmpty {
            core.install(model: ALSTrainer(config: config.als).train(core.trainingMatrix(), shouldStop: shouldStop))
        }
        var blend = config.blend
        var entries: [BlendTuning.Entry] = []
        let classes: [(BlendTuning.Segment, [Case], [BlendTuner.Candidate])] = [
            (.continuing, continuing, continuingCandidates), (.returning, returning, returningCandidates),
        ]
        for (segment, segmentCases, candidates) in classes {
            let gains = candidates.map { cand in segmentCases.map { gain(core, $0, cand.weights, seen) } }
            let pick = choose(gains)
            for (i, cand) in candidates.enumerated() {
                entries.append(
                    BlendTuning.Entry(
                        segment: segment, name: cand.name, weights: cand.weights, cases: segmentCases.count,
                        ndcg: Self.mean(gains[i]), standardError: Self.pairedError(gains[i], gains[0]),
                        chosen: i == pick))
            }
            switch segment {
            case .continuing: blend.forYou = candidates[pick].weights
            case .returning: blend.forYouReturning = candidates[pick].weights
            }
        }
        return BlendTuning(blend: blend, entries: entries)
    }

    /// Last interaction of each shopper with ≥ 2 interactions (an interaction is an
    /// event that enters the history), deterministically sampled down to
    /// `autoTuneMaxShoppers` by a hash of the shopper id.
    func holdout(_ events: [TuningEvent]) -> (cases: [Case], heldOut: Set<Int>) {
        var last: [Int32: Int] = [:], counts: [Int32: Int] = [:]
        for (idx, e) in events.enumerated() where e.shopper >= 0 && config.weight(for: e.kind) > 0 {
            guard e.items.count == 1 || e.kind.isPurchase, e.items.contains(where: { $0 >= 0 }) else { continue }
            last[e.shopper] = idx
            counts[e.shopper, default: 0] += 1
        }
        var shoppers = last.keys.filter { counts[$0]! >= 2 }
        let cap = max(0, config.blend.autoTuneMaxShoppers)
        if shoppers.count > cap {
            func rank(_ s: Int32) -> UInt64 {
                var g = SplitMix64(seed: UInt64(bitPattern: Int64(s)))
                return g.next()
            }
            shoppers = Array(shoppers.sorted { (rank($0), $0) < (rank($1), $1) }.prefix(cap))
        }
        shoppers.sort()
        var cases: [Case] = [], heldOut = Set<Int>()
        for s in shoppers {
            let e = events[last[s]!]
            heldOut.insert(last[s]!)
            cases.append(
                Case(shopper: s, relevant: Set(e.items.filter { $0 >= 0 }), timestamp: e.timestamp, channel: e.channel))
        }
        return (cases, heldOut)
    }

    /// NDCG@k of one case (binary gains), the shopper's known items excluded as in
    /// offline evaluation.
    func gain(_ core: ScoringCore, _ c: Case, _ w: BlendWeights, _ seen: [Int32: Set<Int32>]) -> Double {
        let request = RecommendationRequest(
            strategy: .forYou, shopper: c.shopper, count: k, channel: c.channel, exclude: seen[c.shopper] ?? [],
            blend: w, now: c.timestamp)
        var dcg = 0.0, idcg = 0.0
        for (r, item) in core.recommend(request).enumerated() where c.relevant.contains(item.item) {
            dcg += 1 / Math.log2(Double(r + 2))
        }
        for r in 0..<min(c.relevant.count, k) { idcg += 1 / Math.log2(Double(r + 2)) }
        return idcg > 0 ? dcg / idcg : 0
    }

    /// Index of the chosen candidate: the best mean if it beats candidate 0 (the
    /// configured blend) by more than one standard error of the paired difference,
    /// else 0. Ties go to the earlier candidate, so the result is deterministic.
    func choose(_ gains: [[Double]]) -> Int {
        guard let base = gains.first, base.count >= minimumCases else { return 0 }
        var best = 0
        for i in gains.indices where Self.mean(gains[i]) > Self.mean(gains[best]) { best = i }
        guard best != 0 else { return 0 }
        let lift = Self.mean(gains[best]) - Self.mean(base)
        return lift > Self.pairedError(gains[best], base) ? best : 0
    }

    static func mean(_ x: [Double]) -> Double { x.isEmpty ? 0 : x.reduce(0, +) / Double(x.count) }

    /// Standard error of mean(a − b) over paired cases.
    static func pairedError(_ a: [Double], _ b: [Double]) -> Double {
        let n = min(a.count, b.count)
        guard n > 1 else { return 0 }
        let d = (0..<n).map { a[$0] - b[$0] }
        let m = mean(d)
        let v = d.reduce(0) { $0 + ($1 - m) * ($1 - m) } / Double(n - 1)
        return (v / Double(n)).squareRoot()
    }
}
