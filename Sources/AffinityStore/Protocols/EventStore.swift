/// Persistence of the event log, the catalog and the service's own metadata.
///
/// SQLite through GRDB is the embedded implementation (``SQLiteStore``); the protocol
/// exists so that a shared PostgreSQL store can take its place without touching the
/// engine or the core. Calls are synchronous and may block on disk: callers keep them
/// off the cooperative thread pool.
public protocol EventStore: Sendable {
    /// Appends several batches in ONE transaction (group commit: one fsync for all) and
    /// returns, per batch and per record, what happened. Either every accepted record
    /// of the call is durable when this returns, or it throws and none is.
    func append(_ batches: [AppendBatch]) throws -> [[AppendOutcome]]

    /// Calls `body` with stored events in log order, starting after `sequence`, in
    /// chunks of at most `chunkSize`.
    func replay(after sequence: Int64, chunkSize: Int, _ body: ([EventRecord]) throws -> Void) throws

    /// Counts for operators.
    func statistics() throws -> StoreStatistics
}

/// Counts of what the store holds.
public struct StoreStatistics: Sendable, Equatable, Codable {
    public var events: Int
    /// Distinct `user_id`s seen in events.
    public var users: Int
    /// Distinct `anonymous_id`s seen in events (linked or not).
    public var anonymousIDs: Int
    public var products: Int
    public var lastSequence: Int64
    public var eventsByType: [String: Int]

    public init(
        events: Int, users: Int, anonymousIDs: Int, products: Int, lastSequence: Int64,
        eventsByType: [String: Int]
    ) {
        self.events = events
        self.users = users
        self.anonymousIDs = anonymousIDs
        self.products = products
        self.lastSequence = lastSequence
        self.eventsByType = eventsByType
    }
}
