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
    package let keys: KeyRing
    /// Keys generated on this start (print once), if any.
    package let generatedKeys: KeyRing.Generated?
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

    /// Opens the embedded SQLite store in the data directory (creating both if needed)
    /// and resolves keys. Call ``load()`` before serving: until then ``isReady`` is false.
    package convenience init(options: EngineOptions, logger: Logger) async throws {
        try FileManager.default.createDirectory(
            atPath: options.dataDirectory, withIntermediateDirectories: true)
        let path = (options.dataDirectory as NSString).appendingPathComponent("affinity.sqlite")
        let store = try SQLiteStore(path: path, synchronousFull: options.synchronousFull)
        try await self.init(options: options, store: store, logger: logger)
    }

    /// An engine on any store backend; resolves keys against it. Call ``load()`` before
    /// serving. The data directory still holds model snapshots.
    package init(options: EngineOptions, store: any DataStore, logger: Logger) async throws {
        self.options = options
        self.logger = logger
        self.store = store
        (keys, generatedKeys) = try await KeyRing.resolve(
            store: store, publicKey: options.publicKey, secretKey: options.secretKey)
        eventRules = EventRules(customTypes: options.customEventTypes)
        rules = RulesState(active: options.rules, path: options.rulesPath)
        servedLists = ServedListLog(store: store) { [logger] error in
            logger.error("could not store served lists", metadata: ["error": "\(error)"])
        }
        let state = SharedState(ServingState(model: options.model, channels: options.channels))
        self.state = state
        committer = GroupCommitter(store: store) { records in
            state.withLock { $0.apply(records) }
        }
    }

    /// Whether the in-memory state is loaded and requests can be answered.
    package var isReady: Bool { readyFlag.load(ordering: .acquiring) }

    /// Seeds a fresh store with the demo (if asked), then rebuilds the in-memory state
    /// from the catalog and the whole event log.
    package func load() async throws {
        let started = ContinuousClock.now
        if options.seedDemo, try await store.meta("initialized") == nil {
            try await seedDemo(DemoStore.generate())
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
            }
        }
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
        readyFlag.store(true, ordering: .releasing)
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

    /// Number of stored events (a cheap count, for metrics).
    package func eventCount() async throws -> Int {
        try await store.eventCount()
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
