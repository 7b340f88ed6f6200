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
}
