import AffinityCore
package import AffinityStore
import Foundation
package import Logging
import Synchronization

/// The service: owns the store and the in-memory state, and is the only way the HTTP
/// layer and the CLI reach either.
///
/// Writes flow one way: validate → commit (group commit) → apply to memory → answer.
/// Reads take the state lock briefly; nothing here blocks on another request's disk I/O
/// except commits, which are shared.
package final class Engine: Sendable {
    /// Everything persisted goes through this; the engine never names a backend type
    /// except where ``init(options:logger:)`` opens the default one.
    let store: any DataStore
    package let options: EngineOptions
    package let logger: Logger
    /// The usable API keys (replaced when keys are added or revoked).
    package let keys: KeyRingState
    /// Keys (and the user-token secret) generated on this start (print once), if any.
    package let generatedKeys: KeyRing.Generated?
    /// Verifies `user_token`s (see ``UserTokens``).
    package let userTokens: UserTokens
    /// Per-key token buckets.
    package let rateLimiter = RateLimiter()
    /// One erasure at a time; while one rebuilds, no snapshot is written (it would hold
    /// the erased shopper's contribution).
    let erasureLock = AsyncLock()
    let snapshotsBlocked = Atomic<Int>(0)
    /// Snapshot writes in progress (an erasure waits for them before deleting snapshots).
    let snapshotWriters = Atomic<Int>(0)
    /// Bumped by every committed erasure: a rebuild that overlapped one starts over.
    let erasureGeneration = Atomic<Int>(0)
    /// Users whose stored consent to personalisation is false: their new events are
    /// stored for analytics only (applied to nothing).
    let withoutConsent = Mutex<Set<String>>([])
    /// Erasures whose model retraining is still to come (completed by the next training).
    let erasuresAwaitingTraining = Mutex<[ErasureRecord]>([])
    let eventRules: EventRules
    /// The placements and experiments in force (hot-reloadable).
    package let rules: RulesState
    /// Served lists, for attribution of events that echo a `recommendation_id`.
    let servedLists: ServedListLog
    let state: SharedState
    let committer: GroupCommitter
    private let readyFlag = Atomic<Bool>(false)
    /// Log position the installed model was trained at (-1: none yet).
    let lastTrainedSequence = Atomic<Int64>(-1)
    /// The engine's Prometheus instruments (`GET /metrics`).
    package let metrics = EngineMetrics()
    /// Events committed per minute and type (the console's activity chart).
    let activityLog = ActivityLog()
    /// Whether the store is the untouched seeded demo: 0 not read yet, 1 yes, 2 no.
    let demoState = Atomic<Int>(0)
    /// The demo storefront's public key, once read from the store.
    let demoKey = Mutex<String?>(nil)
    /// Training runs under way (the console shows "training").
    let trainingInProgress = Atomic<Int>(0)
    /// When the installed model was trained (Unix ms; 0: no model), for the model-age metric.
    let modelTrainedAt = Atomic<Int64>(0)
    /// The core's memory by part and when it was estimated (Unix seconds): made at start
    /// and after each training run, never by a scrape.
    let memoryEstimate = Mutex<(at: Double, footprint: CoreMemoryFootprint)?>(nil)
    /// Whether the core's memory estimate is being refreshed.
    let memoryRefreshing = Atomic<Bool>(false)
    /// Whether opening this engine created its data directory (the CLI says so).
    package let createdDataDirectory: Bool

    /// Where a generated user-token signing secret is kept (the store's meta table), so
    /// tokens minted against it keep working across restarts.
    static let userTokenSecretKey = "user_token_secret"

    /// Where the installed model's training time (Unix ms) is kept (the store's meta table).
    static let modelTrainedAtKey = "model_trained_at"

    /// The database file inside a data directory.
    package static let databaseFileName = "affinity.sqlite"

    /// Opens the embedded SQLite store in the data directory and resolves keys. Call
    /// ``load()`` before serving: until then ``isReady`` is false.
    ///
    /// A missing directory is created (and ``createdDataDirectory`` set) when
    /// `options.createDataDirectory` allows it; otherwise a missing directory, or one
    /// without a database, throws ``DataDirectoryError`` before anything is written.
    package convenience init(options: EngineOptions, logger: Logger) async throws {
        let created = try Self.prepareDataDirectory(options)
        let path = (options.dataDirectory as NSString).appendingPathComponent(Self.databaseFileName)
        let store = try SQLiteStore(path: path, synchronousFull: options.synchronousFull)
        try await self.init(options: options, store: store, logger: logger, createdDataDirectory: created)
    }

    /// An engine on any store backend; resolves keys against it. Call ``load()`` before
    /// serving. The data directory still holds model snapshots.
    package convenience init(options: EngineOptions, store: any DataStore, logger: Logger) async throws {
        try await self.init(options: options, store: store, logger: logger, createdDataDirectory: false)
    }

    private init(options: EngineOptions, store: any DataStore, logger: Logger, createdDataDirectory: Bool)
        async throws
    {
        self.options = options
        self.createdDataDirectory = createdDataDirectory
        self.logger = logger
        self.store = store
        let version = try await store.keysVersion()
        var newKeys = KeyRing.Generated()
        if options.provisionCredentials {
            let (records, generated) = try await KeyRing.resolve(
                store: store, publicKey: options.publicKey, secretKey: options.secretKey, now: options.now())
            keys = KeyRingState(KeyRing(records: records), version: version)
            newKeys = generated
        } else {
            keys = KeyRingState(KeyRing(records: try await store.apiKeys()), version: version)
        }
        var secret = options.userTokenSecret ?? options.rules?.userTokenSecret
        if secret == nil { secret = try await store.meta(Self.userTokenSecretKey) }
        if secret == nil, options.provisionCredentials {
            let fresh = UserTokens.newSecret()
            try await store.setMeta(Self.userTokenSecretKey, fresh)
            newKeys.userTokenSecret = fresh
            secret = fresh
        }
        userTokens = UserTokens(secret: secret ?? "")
        let anyNew = newKeys.publicKey != nil || newKeys.secretKey != nil || newKeys.userTokenSecret != nil
        generatedKeys = anyNew ? newKeys : nil
        eventRules = EventRules(customTypes: options.customEventTypes)
        rules = RulesState(active: options.rules, path: options.rulesPath)
        servedLists = ServedListLog(store: store) { [logger] error in
            logger.error("could not store served lists", metadata: ["error": "\(error)"])
        }
        let state = SharedState(ServingState(model: options.model, channels: options.channels))
        self.state = state
        let activityLog = activityLog
        let now = options.now
        committer = GroupCommitter(store: store, metrics: metrics) { records in
            state.withLock { $0.apply(records) }
            activityLog.record(records, at: now())
        }
    }

    /// Checks the data directory before the store opens it: returns whether it was
    /// created, or throws when it is missing (or has no database) and may not be created.
    static func prepareDataDirectory(_ options: EngineOptions) throws -> Bool {
        let path = options.dataDirectory
        let files = FileManager.default
        var isDirectory: ObjCBool = false
        if files.fileExists(atPath: path, isDirectory: &isDirectory) {
            guard isDirectory.boolValue else { throw DataDirectoryError(.notADirectory, path: path) }
            let database = (path as NSString).appendingPathComponent(databaseFileName)
            if !options.createDataDirectory && !files.fileExists(atPath: database) {
                throw DataDirectoryError(.noDatabase, path: path)
            }
            return false
        }
        guard options.createDataDirectory else { throw DataDirectoryError(.missing, path: path) }
        try files.createDirectory(atPath: path, withIntermediateDirectories: true)
        return true
    }

    /// Whether the in-memory state is loaded and requests can be answered.
    package var isReady: Bool { readyFlag.load(ordering: .acquiring) }

    /// Seeds a fresh store with the demo (if asked), then rebuilds the in-memory state
    /// from the catalog and the whole event log.
    package func load() async throws {
        let started = ContinuousClock.now
        if options.seedDemo, try await store.meta("initialized") == nil {
            // The demo's sessions start in the 60 days before the last hour (a session lasts
            // minutes), so trending, recency and dated rules read the same on any day.
            try await seedDemo(DemoStore.generate(endingAt: options.now() - 3_600_000))
            try await store.setMeta(Self.demoStoreKey, "1")
            try await provisionDemoUIKey()
        }
        try await store.setMeta("initialized", "1")
        // Reading and decoding a snapshot is file I/O and CPU: keep it off the
        // cooperative pool that answers requests (503 `not_ready` meanwhile).
        let restored = await Self.onTrainingThread {
            self.state.withLock { state in self.restoreNewestSnapshot(into: &state) }
        }
        if let restored {
            logger.info(
                "restored state from snapshot",
                metadata: ["path": "\(restored.path)", "sequence": "\(restored.sequence)"])
            if state.withLock({ $0.core.model != nil }) {
                lastTrainedSequence.store(restored.sequence, ordering: .releasing)
                // When the model was trained, as training stored it; else the snapshot's time
                // (written at or after training) bounds its age.
                let written =
                    (try? FileManager.default.attributesOfItem(atPath: restored.path)[.modificationDate]) as? Date
                let stored = try await store.meta(Self.modelTrainedAtKey).flatMap { Int64($0) }
                modelTrainedAt.store(
                    stored ?? Int64((written ?? Date()).timeIntervalSince1970 * 1000), ordering: .releasing)
            }
        }
        let refused = Set(try await store.usersWithoutConsent())
        withoutConsent.withLock { $0 = refused }
        state.withLock { $0.withoutConsent = refused }
        let products = try await store.allProducts()
        try state.withLock { state in
            for record in products {
                state.upsert(try Self.product(from: record))
            }
        }
        var events = 0
        let applied = state.withLock { $0.appliedSequence }
        try await store.replay(after: applied, chunkSize: 20_000) { chunk in
            events += chunk.count
            state.withLock { $0.apply(chunk) }
        }
        try await resumeErasures()
        readyFlag.store(true, ordering: .releasing)
        refreshMemoryEstimate()
        logger.info(
            "state loaded",
            metadata: [
                "products": "\(products.count)", "replayed_events": "\(events)",
                "seconds":
                    "\((ContinuousClock.now - started).formatted(.units(allowed: [.seconds], fractionalPart: .show(length: 2))))",
            ])
    }

    /// Throws 503 until ``load()`` has finished.
    func requireReady() throws(AffinityError) {
        guard isReady else {
            throw AffinityError(
                .unavailable, code: "not_ready", message: "the server is still loading its state; retry shortly")
        }
    }

    /// Counts from the store.
    package func statistics() async throws -> StoreStatistics {
        try await store.statistics()
    }
}

extension Engine {
    /// What `GET /v1/admin/stats` shows: store counts plus the in-memory view.
    package struct AdminStatistics: Sendable, Encodable {
        package var events: Int
        package var users: Int
        package var anonymousIDs: Int
        package var products: Int
        package var lastSequence: Int64
        package var appliedSequence: Int64
        package var eventsByType: [String: Int]
        package var ready: Bool

        enum CodingKeys: String, CodingKey {
            case events, users
            case anonymousIDs = "anonymous_ids"
            case products
            case lastSequence = "last_sequence"
            case appliedSequence = "applied_sequence"
            case eventsByType = "events_by_type"
            case ready
        }
    }

    package func adminStatistics() async throws -> AdminStatistics {
        let stats = try await store.statistics()
        return AdminStatistics(
            events: stats.events, users: stats.users, anonymousIDs: stats.anonymousIDs, products: stats.products,
            lastSequence: stats.lastSequence, appliedSequence: state.withLock { $0.appliedSequence },
            eventsByType: stats.eventsByType, ready: isReady)
    }
}

/// A data directory that cannot be opened as asked: thrown by ``Engine/init(options:logger:)``
/// when `EngineOptions.createDataDirectory` is false, so that a command which only reads a
/// data directory fails on a mistyped path instead of creating an empty store there.
package struct DataDirectoryError: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Reason: Sendable, Equatable {
        /// Nothing exists at the path.
        case missing
        /// The path exists but has no `affinity.sqlite`.
        case noDatabase
        /// The path is a file, not a directory.
        case notADirectory
    }

    package var reason: Reason
    package var path: String

    package init(_ reason: Reason, path: String) {
        self.reason = reason
        self.path = path
    }

    package var description: String {
        let create =
            "run `affinity serve --data-dir \(path)` or `affinity import events --data-dir \(path) FILE` to create one"
        switch reason {
        case .missing:
            return "no data directory at \(path); \(create)"
        case .noDatabase:
            return "\(path) is not a data directory (it has no \(Engine.databaseFileName)); \(create)"
        case .notADirectory:
            return "\(path) is a file, not a data directory"
        }
    }
}
