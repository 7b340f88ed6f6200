import GRDB

extension SQLiteStore {
    /// Schema history. Migrations are append-only: never edit a shipped one.
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1-events") { db in
            try db.execute(
                sql: """
                    CREATE TABLE events (
                      seq INTEGER PRIMARY KEY AUTOINCREMENT,
                      event_id TEXT NOT NULL UNIQUE,
                      type TEXT NOT NULL,
                      occurred_at INTEGER NOT NULL,
                      channel TEXT,
                      user_id TEXT,
                      anonymous_id TEXT,
                      session_id TEXT,
                      product_ids TEXT NOT NULL,
                      personalization INTEGER NOT NULL,
                      payload TEXT NOT NULL,
                      payload_hash INTEGER NOT NULL
                    );
                    CREATE TABLE products (
                      id TEXT PRIMARY KEY NOT NULL,
                      payload TEXT NOT NULL,
                      source_version INTEGER,
                      updated_at INTEGER NOT NULL,
                      deleted INTEGER NOT NULL DEFAULT 0
                    );
                    CREATE TABLE api_keys (
                      scope TEXT PRIMARY KEY NOT NULL,
                      key_hash TEXT NOT NULL,
                      created_at INTEGER NOT NULL
                    );
                    CREATE TABLE meta (
                      key TEXT PRIMARY KEY NOT NULL,
                      value TEXT NOT NULL
                    );
                    """)
        }
        return migrator
    }
}
