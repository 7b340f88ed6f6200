import GRDB

/// One stored event that may be attributed to a served list.
public struct AttributionEventRow: Sendable, Equatable {
    public var type: String
    /// Milliseconds since the Unix epoch.
    public var occurredAt: Int64
    /// The canonical JSON payload as stored.
    public var payload: String

    public init(type: String, occurredAt: Int64, payload: String) {
        self.type = type
        self.occurredAt = occurredAt
        self.payload = payload
    }
}

extension SQLiteStore {
    /// Streams, in log order, the events of `types` that occurred at or after `since` and
    /// whose payload carries a `recommendation_id` (experiment reports). One read
    /// transaction; rows are handed over one at a time, never all in memory.
    public func forEachAttributionEvent(
        types: [String], since: Int64, _ body: (AttributionEventRow) throws -> Void
    ) throws {
        guard !types.isEmpty else { return }
        let placeholders = Array(repeating: "?", count: types.count).joined(separator: ", ")
        let sql = """
            SELECT type, occurred_at, payload FROM events
            WHERE occurred_at >= ? AND type IN (\(placeholders)) AND payload LIKE '%"recommendation_id"%'
            ORDER BY seq
            """
        var arguments: [any DatabaseValueConvertible] = [since]
        arguments.append(contentsOf: types)
        try pool.read { db in
            let rows = try Row.fetchCursor(db, sql: sql, arguments: StatementArguments(arguments))
            while let row = try rows.next() {
                let event = AttributionEventRow(
                    type: row["type"], occurredAt: row["occurred_at"], payload: row["payload"])
                try body(event)
            }
        }
    }

    /// Number of stored events (for the `affinity_events_total` metric).
    public func eventCount() throws -> Int {
        try pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") ?? 0 }
    }
}
