import GRDB

extension SQLiteStore {
    /// Writes products (and their stock rows) in one transaction. A record whose
    /// `sourceVersion` is older than the stored one is skipped; the returned outcomes say
    /// which were applied.
    package func upsertProducts(_ records: [ProductRecord]) async throws -> [UpdateOutcome] {
        try await pool.write { db in try records.map { try Self.upsert($0, db: db) } }
    }

    static func upsert(_ record: ProductRecord, db: Database) throws -> UpdateOutcome {
        let stored = try Row.fetchOne(
            db, sql: "SELECT source_version, deleted FROM products WHERE id = ?", arguments: [record.id])
        if let incoming = record.sourceVersion, let version = stored?["source_version"] as Int64?, incoming < version {
            return .stale(stored: version)
        }
        try db.execute(
            sql: """
                INSERT INTO products (id, payload, source_version, updated_at, deleted) VALUES (?, ?, ?, ?, 0)
                ON CONFLICT(id) DO UPDATE SET payload = excluded.payload,
                  source_version = excluded.source_version, updated_at = excluded.updated_at, deleted = 0
                """, arguments: [record.id, record.payload, record.sourceVersion, record.updatedAt])
        let stock = record.stock
        try db.execute(
            sql: """
                INSERT INTO stock (product_id, available, allow_backorder, manage_inventory, source_version)
                VALUES (?, ?, ?, ?, ?)
                ON CONFLICT(product_id) DO UPDATE SET available = excluded.available,
                  allow_backorder = excluded.allow_backorder, manage_inventory = excluded.manage_inventory,
                  source_version = excluded.source_version
                """,
            arguments: [
                record.id, stock.available, stock.allowBackorder, stock.manageInventory,
                stock.sourceVersion ?? record.sourceVersion,
            ])
        return .applied
    }

    /// Tombstones a product (events that name it stay valid). Versioned like an upsert.
    package func deleteProduct(_ id: String, sourceVersion: Int64?, at time: Int64) async throws -> UpdateOutcome {
        try await pool.write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT source_version FROM products WHERE id = ? AND deleted = 0", arguments: [id])
            else { return .notFound }
            if let incoming = sourceVersion, let version = row["source_version"] as Int64?, incoming < version {
                return .stale(stored: version)
            }
            try db.execute(
                sql:
                    "UPDATE products SET deleted = 1, updated_at = ?, source_version = COALESCE(?, source_version) WHERE id = ?",
                arguments: [time, sourceVersion, id])
            return .applied
        }
    }

    /// Sets a product's stock unless `sourceVersion` is older than the stored one.
    package func setStock(_ id: String, _ stock: StockRow) async throws -> UpdateOutcome {
        try await pool.write { db in
            guard
                let row = try Row.fetchOne(
                    db,
                    sql:
                        "SELECT s.source_version FROM stock s JOIN products p ON p.id = s.product_id WHERE s.product_id = ? AND p.deleted = 0",
                    arguments: [id])
            else { return .notFound }
            if let incoming = stock.sourceVersion, let version = row["source_version"] as Int64?, incoming < version {
                return .stale(stored: version)
            }
            try db.execute(
                sql: """
                    UPDATE stock SET available = ?, allow_backorder = ?, manage_inventory = ?,
                      source_version = COALESCE(?, source_version) WHERE product_id = ?
                    """,
                arguments: [stock.available, stock.allowBackorder, stock.manageInventory, stock.sourceVersion, id])
            return .applied
        }
    }

    /// Rewrites a product's payload with `transform` (e.g. new prices) unless
    /// `pricesVersion` is older than the last applied price update.
    package func updatePrices(
        _ id: String, version: Int64?, at time: Int64, _ transform: @escaping @Sendable (String) throws -> String
    ) async throws -> UpdateOutcome {
        try await pool.write { db in
            guard
                let row = try Row.fetchOne(
                    db, sql: "SELECT payload, prices_version FROM products WHERE id = ? AND deleted = 0",
                    arguments: [id])
            else { return .notFound }
            if let incoming = version, let stored = row["prices_version"] as Int64?, incoming < stored {
                return .stale(stored: stored)
            }
            let payload = try transform(row["payload"])
            try db.execute(
                sql:
                    "UPDATE products SET payload = ?, prices_version = COALESCE(?, prices_version), updated_at = ? WHERE id = ?",
                arguments: [payload, version, time, id])
            return .applied
        }
    }

    /// One live product with its stock.
    package func product(_ id: String) async throws -> ProductRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: Self.productSelect + " WHERE p.id = ? AND p.deleted = 0", arguments: [id])
                .map(Self.productRecord)
        }
    }

    /// Every live product with its stock, in id order.
    package func allProducts() async throws -> [ProductRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: Self.productSelect + " WHERE p.deleted = 0 ORDER BY p.id").map(Self.productRecord)
        }
    }

    static let productSelect = """
        SELECT p.id, p.payload, p.source_version, p.prices_version, p.updated_at,
          COALESCE(s.available, 0) AS available, COALESCE(s.allow_backorder, 0) AS allow_backorder,
          COALESCE(s.manage_inventory, 1) AS manage_inventory, s.source_version AS stock_version
        FROM products p LEFT JOIN stock s ON s.product_id = p.id
        """

    static func productRecord(_ row: Row) -> ProductRecord {
        ProductRecord(
            id: row["id"], payload: row["payload"], sourceVersion: row["source_version"],
            pricesVersion: row["prices_version"], updatedAt: row["updated_at"],
            stock: StockRow(
                available: row["available"], allowBackorder: row["allow_backorder"],
                manageInventory: row["manage_inventory"], sourceVersion: row["stock_version"]))
    }
}
