/// Replays a train log into a fresh `ScoringCore`, trains ALS, and produces top-K
/// lists for test users — the in-process half of `affinity evaluate`. Strings in,
/// strings out, so the CLI only handles files.
public enum OfflineEvaluation {
    /// One interaction of the train log.
    public struct Row: Sendable, Equatable {
        /// External user id.
        public var user: String
        /// External item id.
        public var item: String
        /// Unix seconds; ties are broken by row order.
        public var timestamp: Int64
        /// Creates a row.
        public init(user: String, item: String, timestamp: Int64) {
            self.user = user
            self.item = item
            self.timestamp = timestamp
        }
    }

    /// The lists and the measurements.
    public struct Result: Sendable {
        /// (user, ranked items) in the order of the requested test users.
        public var recommendations: [(user: String, items: [String])]
        /// ALS training wall time of the final model (0 if the strategy does not use vectors).
        public var trainingSeconds: Double
        /// Blend auto-tuning wall time (holdout core, its ALS and the grid; 0 when off).
        public var tuningSeconds: Double = 0
        /// The tuner's choice and per-candidate scores, when it ran.
        public var tuning: BlendTuning?
        /// Per-user `recommend` latency in nanoseconds.
        public var latencyNanoseconds: [Int64]
    }

    /// Where ``run(train:testUsers:kind:config:strategy:k:requestTimes:progress:)`` is,
    /// for a progress display. Counts are of finished work.
    public enum Progress: Sendable, Equatable {
        /// Train rows recorded into the scoring core so far, of all train rows.
        case replaying(rows: Int, of: Int)
        /// Blend auto-tuning is running (no finer steps).
        case tuningBlends
        /// ALS iterations finished, of `config.als.iterations`.
        case training(iteration: Int, of: Int)
        /// Test users with a finished list, of all test users.
        case scoring(users: Int, of: Int)
    }

    /// Test users in first-appearance order and each one's request time (their
    /// earliest test timestamp) — exactly the `testUsers` / `requestTimes` that `run`
    /// expects, derived from the test file's rows.
    public static func requests(fromTest rows: [Row]) -> (users: [String], requestTimes: [String: Int64]) {
        var users: [String] = []
        var times: [String: Int64] = [:]
        for r in rows {
            if let t = times[r.user] {
                times[r.user] = min(t, r.timestamp)
            } else {
                users.append(r.user)
                times[r.user] = r.timestamp
            }
        }
        return (users, times)
    }

    /// Whether `run` trains ALS for `strategy` (vectors enabled in its blend).
    public static func needsVectors(_ strategy: Strategy, _ config: ModelConfig, blend: BlendConfig? = nil) -> Bool {
        let b = blend ?? config.blend
        switch strategy {
        case .vectors: return true
        case .forYou: return b.forYou.vectors != 0 || b.forYouReturning.vectors != 0
        case .rerank: return b.rerank.vectors != 0 || b.forYouReturning.vectors != 0
        default: return false
        }
    }

    /// Ingests `train` in (timestamp, row) order — the tie rule of the splitter —
    /// as events of `kind`, trains ALS when the strategy uses vectors, and
    /// recommends `k` items per test user, excluding items the user has in train.
    /// With `config.blend.autoTune`, for-you and rerank first install blends that
    /// `BlendTuner` picked on a holdout cut from `train` (timed apart from ALS).
    /// Test users unknown to train get the anonymous (popularity-led) list.
    ///
    /// `requestTimes` gives each test user's request time (unix seconds), normally
    /// the timestamp of their first test event: the time a live request would be
    /// made, which tells a continuing session (leave-last-out) from a shopper
    /// returning weeks later (temporal split). Only the time is used, never the
    /// item. Users without a time are treated as continuing their last session.
    ///
    /// `progress`, when given, is called on the calling thread as the run moves on
    /// (see ``Progress``). It does not change the lists; it runs outside the per-user
    /// latency measurement and between ALS iterations.
    public static func run(
        train: [Row], testUsers: [String], kind: EventKind = .purchase, config: ModelConfig = ModelConfig(),
        strategy: Strategy = .forYou, k: Int = 10, requestTimes: [String: Int64] = [:],
        progress: ((Progress) -> Void)? = nil
    ) -> Result {
        var users = Interner(), items = Interner()
        let order = train.indices.sorted { (train[$0].timestamp, $0) < (train[$1].timestamp, $1) }
        let core = ScoringCore(config: config)
        var seen: [Int32: Set<Int32>] = [:]
        var events: [TuningEvent] = []
        events.reserveCapacity(order.count)
        progress?(.replaying(rows: 0, of: order.count))
        for (recorded, idx) in order.enumerated() {
            let r = train[idx]
            let u = users.intern(r.user), i = items.intern(r.item)
            seen[u, default: []].insert(i)
            core.record(shopper: u, items: [i], kind: kind, timestamp: r.timestamp, channel: nil)
            events.append(TuningEvent(shopper: u, items: [i], kind: kind, timestamp: r.timestamp))
            if let progress, (recorded + 1) % 4096 == 0 { progress(.replaying(rows: recorded + 1, of: order.count)) }
        }
        progress?(.replaying(rows: order.count, of: order.count))
        var trainingSeconds = 0.0, tuningSeconds = 0.0
        var tuning: BlendTuning?
        let clock = ContinuousClock()
        func seconds(since start: ContinuousClock.Instant) -> Double {
            let d = clock.now - start
            return Double(d.components.seconds) + Double(d.components.attoseconds) * 1e-18
        }
        var usesTunedBlend = false
        switch strategy {
        case .forYou, .rerank: usesTunedBlend = config.blend.autoTune
        default: break
        }
        if usesTunedBlend {
            progress?(.tuningBlends)
            let start = clock.now
            let t = BlendTuner(config: config).tune(events)
            core.install(blend: t.blend)
            tuning = t
            tuningSeconds = seconds(since: start)
        }
        if needsVectors(strategy, config, blend: core.effectiveBlend) {
            let start = clock.now
            let perIteration = progress.map { report in
                { (done: Int, total: Int) in report(.training(iteration: done, of: total)) }
            }
            let model = ALSTrainer(config: config.als).train(core.trainingMatrix(), progress: perIteration)
            trainingSeconds = seconds(since: start)
            core.install(model: model)
        }
        var out: [(user: String, items: [String])] = []
        var latencies: [Int64] = []
        out.reserveCapacity(testUsers.count)
        latencies.reserveCapacity(testUsers.count)
        progress?(.scoring(users: 0, of: testUsers.count))
        for user in testUsers {
            let u = users.id(of: user)
            let request = RecommendationRequest(
                strategy: strategy, shopper: u, count: k, exclude: u.flatMap { seen[$0] } ?? [],
                now: requestTimes[user])
            let start = clock.now
            let recs = core.recommend(request)
            let d = clock.now - start
            latencies.append(d.components.seconds * 1_000_000_000 + d.components.attoseconds / 1_000_000_000)
            out.append((user: user, items: recs.map { items.string(for: $0.item) }))
            progress?(.scoring(users: out.count, of: testUsers.count))
        }
        return Result(
            recommendations: out, trainingSeconds: trainingSeconds, tuningSeconds: tuningSeconds, tuning: tuning,
            latencyNanoseconds: latencies)
    }
}
