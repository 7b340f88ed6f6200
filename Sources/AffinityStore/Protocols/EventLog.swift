/// The append-only event log: what the engine replays into memory at start and what
/// every acknowledged event is made durable in.
///
/// Implementations make `append` atomic per call (one transaction for all batches, so
/// concurrent requests share one commit) and hand out strictly increasing sequence
/// numbers in commit order.
package protocol EventLog: Sendable {
    /// Appends several batches in ONE transaction (group commit: one fsync for all) and
    /// returns, per batch and per record, what happened. Either every accepted record
    /// of the call is durable when this returns, or it throws and none is.
    func append(_ batches: [AppendBatch]) async throws -> [[AppendOutcome]]

    /// At most `limit` stored events after `sequence`, in log order, without payloads
    /// (replay needs only the indexed columns).
    func events(after sequence: Int64, limit: Int) async throws -> [EventRecord]

    /// The full stored payload of one event, for export and debugging.
    func payload(ofEvent eventID: String) async throws -> String?

    /// At most `limit` attribution rows (see ``EventRecord/attributions``) whose list was
    /// served in `experiment` (``ServedListRecord/experiment``), with index position after
    /// `id`, in index order (which is log order). Served lists must be stored first.
    func attributions(experiment: String, after id: Int64, limit: Int) async throws -> [AttributionRow]

    /// Number of stored events (a cheap count for metrics).
    func eventCount() async throws -> Int

    /// Counts for operators.
    func statistics() async throws -> StoreStatistics
}

extension EventLog {
    /// Calls `body` with every stored event after `sequence`, in log order, in chunks of
    /// at most `chunkSize`; reads the next chunk only after `body` returns.
    package func replay(
        after sequence: Int64, chunkSize: Int, _ body: ([EventRecord]) async throws -> Void
    ) async throws {
        var cursor = sequence
        while true {
            let chunk = try await events(after: cursor, limit: chunkSize)
            guard let last = chunk.last else { return }
            try await body(chunk)
            cursor = last.sequence
        }
    }

    /// Calls `body` with every attribution row of `experiment` (see
    /// ``attributions(experiment:after:limit:)``) in order, a page at a time, so a report
    /// never holds all of them in memory.
    package func forEachAttribution(
        experiment: String, pageSize: Int = 5_000, _ body: (AttributionRow) throws -> Void
    ) async throws {
        var cursor: Int64 = 0
        while true {
            let page = try await attributions(experiment: experiment, after: cursor, limit: pageSize)
            guard let last = page.last else { return }
            for row in page { try body(row) }
            cursor = last.id
        }
    }
}

/// Counts of what the store holds.
package struct StoreStatistics: Sendable, Equatable, Codable {
    package var events: Int
    /// Distinct `user_id`s seen in events.
    package var users: Int
    /// Distinct `anonymous_id`s seen in events (linked or not).
    package var anonymousIDs: Int
    package var products: Int
    package var lastSequence: Int64
    package var eventsByType: [String: Int]

    package init(
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
