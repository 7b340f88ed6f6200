import GRDB

extension SQLiteStore {
    /// Writes products in one transaction. A record whose `sourceVersion` is older than
    /// the stored one is skipped; the returned flags say which were applied.
    @discardableResult
    public func upsertProducts(_ records: [ProductRecord]) throws -> [Bool] {
        try pool.write { db in
            let current = try db.cachedStatement(sql: "SELECT source_version FROM products WHERE id = ?")
            let upsert = try db.cachedStatement(
                sql: """
                    INSERT INTO products (id, payload, source_version, updated_at, deleted) VALUES (?, ?, ?, ?, 0)
                    ON CONFLICT(id) DO UPDATE SET payload = excluded.payload,
                      source_version = excluded.source_version, updated_at = excluded.updated_at, deleted = 0
                    """)
            return try records.map { record in
                if let incoming = record.sourceVersion,
                    let stored = try Int64?.fetchOne(current, arguments: [record.id]) ?? nil,
                    incoming < stored
                {
                    return false
                }
                try upsert.execute(arguments: [record.id, record.payload, record.sourceVersion, record.updatedAt])
                return true
            }
        }
    }

    /// Every live product, in id order.
    public func allProducts() throws -> [ProductRecord] {
        try pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT id, payload, source_version, updated_at FROM products WHERE deleted = 0 ORDER BY id"
            ).map { row in
                ProductRecord(
                    id: row["id"], payload: row["payload"], sourceVersion: row["source_version"],
                    updatedAt: row["updated_at"])
            }
        }
    }
}
