import GRDB

extension SQLiteStore {
    /// Stores served lists (idempotent on `recommendation_id`) in one transaction.
    package func saveServedLists(_ lists: [ServedListRecord]) async throws {
        guard !lists.isEmpty else { return }
        try await pool.write { db in
            let insert = try db.cachedStatement(
                sql: """
                    INSERT INTO served_lists (recommendation_id, placement, experiment, variant, shopper, channel,
                      product_ids, served_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING
                    """)
            for list in lists {
                try insert.execute(arguments: [
                    list.recommendationID, list.placement, list.experiment, list.variant, list.shopper, list.channel,
                    list.productIDs.joined(separator: String(productIDSeparator)), list.servedAt,
                ])
            }
        }
    }

    /// One served list by id.
    package func servedList(_ recommendationID: String) async throws -> ServedListRecord? {
        try await pool.read { db in
            try Row.fetchOne(
                db, sql: "SELECT * FROM served_lists WHERE recommendation_id = ?", arguments: [recommendationID]
            )
            .map(Self.servedList(from:))
        }
    }

    /// Every served list of an experiment, oldest first.
    package func servedLists(experiment: String) async throws -> [ServedListRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM served_lists WHERE experiment = ? ORDER BY served_at", arguments: [experiment]
            ).map(Self.servedList(from:))
        }
    }

    static func servedList(from row: Row) -> ServedListRecord {
        let joined: String = row["product_ids"]
        return ServedListRecord(
            recommendationID: row["recommendation_id"], placement: row["placement"], experiment: row["experiment"],
            variant: row["variant"], shopper: row["shopper"], channel: row["channel"],
            productIDs: joined.isEmpty ? [] : joined.split(separator: productIDSeparator).map(String.init),
            servedAt: row["served_at"])
    }
}
