import AffinityCore
import AffinityStore
import Foundation
import Logging
import Synchronization

/// The service: owns the store and the in-memory state, and is the only way the HTTP
/// layer and the CLI reach either.
///
/// Writes flow one way: validate → commit (group commit) → apply to memory → answer.
/// Reads take the state lock briefly; nothing here blocks on another request's disk I/O
/// except commits, which are shared.
public final class Engine: Sendable {
    public let store: SQLiteStore
    public let options: EngineOptions
    public let logger: Logger
    public let keys: KeyRing
    /// Keys generated on this start (print once), if any.
    public let generatedKeys: KeyRing.Generated?
    let eventRules: EventRules
    /// The placements and experiments in force (hot-reloadable).
    public let rules: RulesState
    /// Served lists, for attribution of events that echo a `recommendation_id`.
    let servedLists: ServedListLog
    let state: SharedState
    let committer: GroupCommitter
    private let readyFlag = Atomic<Bool>(false)
    /// Log position the installed model was trained at (-1: none yet).
    let lastTrainedSequence = Atomic<Int64>(-1)

    /// Opens the store (creating the data directory) and resolves keys. Call ``load()``
    /// before serving: until then ``isReady`` is false.
    public init(options: EngineOptions, logger: Logger) throws {
        self.options = options
        self.logger = logger
        try FileManager.default.createDirectory(
            atPath: options.dataDirectory, withIntermediateDirectories: true)
        let path = (options.dataDirectory as NSString).appendingPathComponent("affinity.sqlite")
        store = try SQLiteStore(path: path, synchronousFull: options.synchronousFull)
        (keys, generatedKeys) = try KeyRing.resolve(
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
    public var isReady: Bool { readyFlag.load(ordering: .acquiring) }

    /// Seeds a fresh store with the demo (if asked), then rebuilds the in-memory state
    /// from the catalog and the whole event log.
    public func load() throws {
        let started = ContinuousClock.now
        if options.seedDemo, try store.meta("initialized") == nil {
            try seedDemo(DemoStore.generate())
        }
        try store.setMeta("initialized", "1")
        let restored = state.withLock { state in restoreNewestSnapshot(into: &state) }
        if let restored {
            logger.info(
                "restored state from snapshot",
                metadata: ["path": "\(restored.path)", "sequence": "\(restored.sequence)"])
            if state.withLock({ $0.core.model != nil }) {
                lastTrainedSequence.store(restored.sequence, ordering: .releasing)
            }
        }
        let products = try store.allProducts()
        try state.withLock { state in
            for record in products {
                state.upsert(try Self.product(from: record))
            }
        }
        var events = 0
        let applied = state.withLock { $0.appliedSequence }
        try store.replay(after: applied, chunkSize: 20_000) { chunk in
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
    public func statistics() throws -> StoreStatistics {
        try store.statistics()
    }
}

extension Engine {
    /// What `GET /v1/admin/stats` shows: store counts plus the in-memory view.
    public struct AdminStatistics: Sendable, Encodable {
        public var events: Int
        public var users: Int
        public var anonymousIDs: Int
        public var products: Int
        public var lastSequence: Int64
        public var appliedSequence: Int64
        public var eventsByType: [String: Int]
        public var ready: Bool

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

    public func adminStatistics() throws -> AdminStatistics {
        let stats = try store.statistics()
        return AdminStatistics(
            events: stats.events, users: stats.users, anonymousIDs: stats.anonymousIDs, products: stats.products,
            lastSequence: stats.lastSequence, appliedSequence: state.withLock { $0.appliedSequence },
            eventsByType: stats.eventsByType, ready: isReady)
    }
}
