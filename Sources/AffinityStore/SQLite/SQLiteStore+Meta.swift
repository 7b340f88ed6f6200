import Foundation
import GRDB

extension SQLiteStore {
    /// A value from the store's own key-value table (e.g. whether the demo was seeded).
    package func meta(_ key: String) async throws -> String? {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT value FROM meta WHERE key = ?", arguments: [key])
        }
    }

    package func setMeta(_ key: String, _ value: String) async throws {
        try await pool.write { db in
            try db.execute(
                sql:
                    "INSERT INTO meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
                arguments: [key, value])
        }
    }

    /// Stored API key hashes by scope (`package`, `secret`). Keys themselves are never stored.
    package func keyHashes() async throws -> [String: String] {
        try await pool.read { db in
            var result: [String: String] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT scope, key_hash FROM api_keys") {
                result[row["scope"]] = row["key_hash"]
            }
            return result
        }
    }

    /// Stores key hashes, replacing those of the same scopes, in one transaction.
    package func saveKeyHashes(_ hashes: [String: String]) async throws {
        let now = Int64(Date().timeIntervalSince1970)
        try await pool.write { db in
            for (scope, hash) in hashes {
                try db.execute(
                    sql: """
                        INSERT INTO api_keys (scope, key_hash, created_at) VALUES (?, ?, ?)
                        ON CONFLICT(scope) DO UPDATE SET key_hash = excluded.key_hash, created_at = excluded.created_at
                        """, arguments: [scope, hash, now])
            }
        }
    }
}
