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
        migrator.registerMigration("v2-commerce") { db in
            try db.execute(
                sql: """
                    ALTER TABLE products ADD COLUMN prices_version INTEGER;
                    CREATE TABLE stock (
                      product_id TEXT PRIMARY KEY NOT NULL,
                      available INTEGER NOT NULL,
                      allow_backorder INTEGER NOT NULL DEFAULT 0,
                      manage_inventory INTEGER NOT NULL DEFAULT 1,
                      source_version INTEGER
                    );
                    CREATE TABLE carts (
                      id TEXT PRIMARY KEY NOT NULL,
                      channel TEXT NOT NULL,
                      currency TEXT NOT NULL,
                      user_id TEXT,
                      anonymous_id TEXT,
                      status TEXT NOT NULL,
                      created_at INTEGER NOT NULL,
                      updated_at INTEGER NOT NULL,
                      version INTEGER NOT NULL DEFAULT 0
                    );
                    CREATE TABLE cart_lines (
                      cart_id TEXT NOT NULL REFERENCES carts(id),
                      line_id TEXT NOT NULL,
                      product_id TEXT NOT NULL,
                      variant_id TEXT,
                      quantity INTEGER NOT NULL,
                      unit_price_minor INTEGER NOT NULL,
                      position INTEGER NOT NULL,
                      PRIMARY KEY (cart_id, line_id)
                    );
                    CREATE TABLE orders (
                      id TEXT PRIMARY KEY NOT NULL,
                      idempotency_key TEXT NOT NULL UNIQUE,
                      cart_id TEXT NOT NULL,
                      user_id TEXT,
                      anonymous_id TEXT,
                      created_at INTEGER NOT NULL,
                      payload TEXT NOT NULL
                    );
                    CREATE INDEX orders_user ON orders(user_id, created_at);
                    CREATE TABLE webhook_deliveries (
                      source TEXT NOT NULL,
                      delivery_id TEXT NOT NULL,
                      received_at INTEGER NOT NULL,
                      PRIMARY KEY (source, delivery_id)
                    );
                    """)
        }
        migrator.registerMigration("v3-served-lists") { db in
            try db.execute(
                sql: """
                    CREATE TABLE served_lists (
                      recommendation_id TEXT PRIMARY KEY NOT NULL,
                      placement TEXT,
                      experiment TEXT,
                      variant TEXT,
                      shopper TEXT,
                      channel TEXT,
                      product_ids TEXT NOT NULL,
                      served_at INTEGER NOT NULL
                    );
                    CREATE INDEX served_lists_experiment ON served_lists(experiment, served_at);
                    """)
        }
        return migrator
    }
}
