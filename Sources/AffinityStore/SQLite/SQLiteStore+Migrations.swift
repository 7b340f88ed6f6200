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
        migrator.registerMigration("v4-attributions") { db in
            // The index experiment reports read, back-filled from the events already
            // logged: one row per item line that echoes a list (the line's own
            // recommendation_id, else the event's), one per echoing event without items.
            try db.execute(
                sql: """
                    CREATE TABLE attributions (
                      id INTEGER PRIMARY KEY AUTOINCREMENT,
                      seq INTEGER NOT NULL,
                      recommendation_id TEXT NOT NULL,
                      type TEXT NOT NULL,
                      occurred_at INTEGER NOT NULL,
                      product_id TEXT,
                      quantity INTEGER NOT NULL,
                      price_minor INTEGER,
                      currency TEXT
                    );
                    CREATE INDEX attributions_list ON attributions(recommendation_id, id);
                    INSERT INTO attributions (seq, recommendation_id, type, occurred_at, product_id, quantity,
                      price_minor, currency)
                    SELECT e.seq,
                      COALESCE(json_extract(i.value, '$.recommendation_id'), json_extract(e.payload, '$.recommendation_id')),
                      e.type, e.occurred_at, json_extract(i.value, '$.product_id'),
                      COALESCE(json_extract(i.value, '$.quantity'), 1), json_extract(i.value, '$.price_minor'),
                      COALESCE(json_extract(i.value, '$.currency'), json_extract(e.payload, '$.order.currency'))
                    FROM events e LEFT JOIN json_each(e.payload, '$.items') i
                    WHERE e.type IN ('rec_impression', 'rec_click', 'add_to_cart', 'purchase')
                      AND e.payload LIKE '%"recommendation_id"%'
                      AND COALESCE(json_extract(i.value, '$.recommendation_id'),
                        json_extract(e.payload, '$.recommendation_id')) IS NOT NULL
                    ORDER BY e.seq, i.key;
                    ALTER TABLE cart_lines ADD COLUMN recommendation_id TEXT;
                    """)
        }
        migrator.registerMigration("v5-keys-and-shoppers") { db in
            // Keys as data (several per scope, labels, expiry, revocation); the two keys
            // stored so far carry over as "initial". Shopper privacy: tombstones of erased
            // shoppers and their event ids, erasure jobs, stored consent; and the indexes
            // that find one shopper's events without a scan.
            try db.execute(
                sql: """
                    CREATE TABLE api_keys_v2 (
                      id TEXT PRIMARY KEY NOT NULL,
                      scope TEXT NOT NULL,
                      label TEXT NOT NULL,
                      key_hash TEXT NOT NULL UNIQUE,
                      created_at INTEGER NOT NULL,
                      expires_at INTEGER,
                      revoked_at INTEGER,
                      rate REAL,
                      burst INTEGER
                    );
                    INSERT INTO api_keys_v2 (id, scope, label, key_hash, created_at)
                      SELECT 'key_initial_' || scope, scope, 'initial ' || scope || ' key', key_hash, created_at * 1000
                      FROM api_keys;
                    DROP TABLE api_keys;
                    INSERT INTO meta (key, value) VALUES ('keys_version', '1')
                      ON CONFLICT(key) DO NOTHING;
                    CREATE TABLE erased_shoppers (
                      shopper TEXT PRIMARY KEY NOT NULL,
                      erased_at INTEGER NOT NULL
                    );
                    CREATE TABLE erased_events (
                      event_id TEXT PRIMARY KEY NOT NULL
                    );
                    CREATE TABLE erasures (
                      user_id TEXT PRIMARY KEY NOT NULL,
                      job_id TEXT NOT NULL,
                      state TEXT NOT NULL,
                      requested_at INTEGER NOT NULL,
                      completed_at INTEGER,
                      events_deleted INTEGER NOT NULL,
                      anonymous_ids INTEGER NOT NULL
                    );
                    CREATE TABLE consents (
                      user_id TEXT PRIMARY KEY NOT NULL,
                      personalization INTEGER NOT NULL,
                      updated_at INTEGER NOT NULL
                    );
                    CREATE INDEX events_user ON events(user_id) WHERE user_id IS NOT NULL;
                    CREATE INDEX events_anonymous ON events(anonymous_id) WHERE anonymous_id IS NOT NULL;
                    CREATE INDEX attributions_seq ON attributions(seq);
                    CREATE INDEX carts_user ON carts(user_id);
                    CREATE INDEX carts_anonymous ON carts(anonymous_id);
                    """)
        }
        return migrator
    }
}
