import GRDB

extension SQLiteStore {
    package func attributions(experiment: String, after id: Int64, limit: Int) async throws -> [AttributionRow] {
        let sql = """
            SELECT a.id, a.seq, a.type, a.occurred_at, a.recommendation_id, a.product_id, a.quantity,
              a.price_minor, a.currency
            FROM served_lists s JOIN attributions a ON a.recommendation_id = s.recommendation_id
            WHERE s.experiment = ? AND a.id > ?
            ORDER BY a.id LIMIT ?
            """
        return try await pool.read { db in
            try Row.fetchAll(db, sql: sql, arguments: [experiment, id, max(0, limit)]).map { row in
                AttributionRow(
                    id: row["id"], sequence: row["seq"], type: row["type"], occurredAt: row["occurred_at"],
                    line: AttributionLine(
                        recommendationID: row["recommendation_id"], productID: row["product_id"],
                        quantity: row["quantity"], priceMinor: row["price_minor"], currency: row["currency"]))
            }
        }
    }

    package func eventCount() async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") ?? 0 }
    }
}
