import GRDB

extension SQLiteStore {
    package func attributionEvents(types: [String], since: Int64, after sequence: Int64, limit: Int) async throws
        -> [AttributionEventRow]
    {
        guard !types.isEmpty else { return [] }
        let placeholders = Array(repeating: "?", count: types.count).joined(separator: ", ")
        let sql = """
            SELECT seq, type, occurred_at, payload FROM events
            WHERE seq > ? AND occurred_at >= ? AND type IN (\(placeholders))
              AND payload LIKE '%"recommendation_id"%'
            ORDER BY seq LIMIT ?
            """
        var arguments: [any DatabaseValueConvertible] = [sequence, since]
        arguments.append(contentsOf: types)
        arguments.append(limit)
        let statementArguments = StatementArguments(arguments) ?? StatementArguments()
        return try await pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: statementArguments).map { row in
                AttributionEventRow(
                    sequence: row["seq"], type: row["type"], occurredAt: row["occurred_at"], payload: row["payload"])
            }
        }
    }

    package func eventCount() async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") ?? 0 }
    }
}
