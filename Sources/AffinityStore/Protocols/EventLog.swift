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

    /// At most `limit` events of `types`, after log position `sequence`, that occurred at
    /// or after `since` and whose payload carries a `recommendation_id` (experiment
    /// reports), in log order.
    func attributionEvents(types: [String], since: Int64, after sequence: Int64, limit: Int) async throws
        -> [AttributionEventRow]

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

    /// Calls `body` with every attribution event (see
    /// ``attributionEvents(types:since:after:limit:)``) in log order, a page at a time,
    /// so a report never holds the whole log in memory.
    package func forEachAttributionEvent(
        types: [String], since: Int64, pageSize: Int = 5_000, _ body: (AttributionEventRow) throws -> Void
    ) async throws {
        guard !types.isEmpty else { return }
        var cursor: Int64 = 0
        while true {
            let page = try await attributionEvents(types: types, since: since, after: cursor, limit: pageSize)
            guard let last = page.last else { return }
            for row in page { try body(row) }
            cursor = last.sequence
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

/// One stored event that may be attributed to a served list.
package struct AttributionEventRow: Sendable, Equatable {
    /// Log position (pages continue after it).
    package var sequence: Int64
    package var type: String
    /// Milliseconds since the Unix epoch.
    package var occurredAt: Int64
    /// The canonical JSON payload as stored.
    package var payload: String

    package init(sequence: Int64, type: String, occurredAt: Int64, payload: String) {
        self.sequence = sequence
        self.type = type
        self.occurredAt = occurredAt
        self.payload = payload
    }
}
