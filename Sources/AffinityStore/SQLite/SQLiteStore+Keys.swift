import GRDB

extension SQLiteStore {
    package func apiKeys() async throws -> [APIKeyRecord] {
        try await pool.read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM api_keys_v2 ORDER BY created_at, id").map(Self.apiKey)
        }
    }

    package func addAPIKey(_ key: APIKeyRecord) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO api_keys_v2 (id, scope, label, key_hash, created_at, expires_at, revoked_at, rate, burst)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """,
                arguments: [
                    key.id, key.scope, key.label, key.keyHash, key.createdAt, key.expiresAt, key.revokedAt, key.rate,
                    key.burst,
                ])
            try Self.bumpKeysVersion(db)
        }
    }

    package func revokeAPIKey(_ id: String, at: Int64) async throws -> APIKeyRecord? {
        try await pool.write { db in
            try db.execute(
                sql: "UPDATE api_keys_v2 SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL", arguments: [at, id])
            if db.changesCount > 0 { try Self.bumpKeysVersion(db) }
            return try Row.fetchOne(db, sql: "SELECT * FROM api_keys_v2 WHERE id = ?", arguments: [id]).map(Self.apiKey)
        }
    }

    package func keysVersion() async throws -> Int64 {
        try await pool.read { db in
            Int64(try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = 'keys_version'") ?? "0") ?? 0
        }
    }

    private static func bumpKeysVersion(_ db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO meta (key, value) VALUES ('keys_version', '1')
                ON CONFLICT(key) DO UPDATE SET value = CAST(CAST(value AS INTEGER) + 1 AS TEXT)
                """)
    }

    private static func apiKey(_ row: Row) -> APIKeyRecord {
        APIKeyRecord(
            id: row["id"], scope: row["scope"], label: row["label"], keyHash: row["key_hash"],
            createdAt: row["created_at"], expiresAt: row["expires_at"], revokedAt: row["revoked_at"], rate: row["rate"],
            burst: row["burst"])
    }
}
