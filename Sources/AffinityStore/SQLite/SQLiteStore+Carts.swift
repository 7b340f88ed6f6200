import GRDB

extension SQLiteStore {
    package func cart(_ id: String) async throws -> CartRow? {
        try await pool.read { db in try Self.loadCart(id, db: db) }
    }

    package func writeCart(
        _ id: String,
        _ body:
            @escaping @Sendable (CartRow?, (String) throws -> StockRow?) throws -> (
                cart: CartRow, events: [EventRecord]
            )
    ) async throws -> (cart: CartRow, events: [EventRecord]) {
        try await pool.write { db in
            let current = try Self.loadCart(id, db: db)
            let (cart, events) = try body(current) { try Self.stock($0, db: db) }
            try db.execute(
                sql: """
                    INSERT INTO carts (id, channel, currency, user_id, anonymous_id, status, created_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT(id) DO UPDATE SET user_id = excluded.user_id, anonymous_id = excluded.anonymous_id,
                      status = excluded.status, updated_at = excluded.updated_at, version = version + 1
                    """,
                arguments: [
                    cart.id, cart.channel, cart.currency, cart.userID, cart.anonymousID, cart.status, cart.createdAt,
                    cart.updatedAt,
                ])
            try db.execute(sql: "DELETE FROM cart_lines WHERE cart_id = ?", arguments: [cart.id])
            for (position, line) in cart.lines.enumerated() {
                try db.execute(
                    sql: """
                        INSERT INTO cart_lines (cart_id, line_id, product_id, variant_id, quantity, unit_price_minor,
                          position, recommendation_id)
                        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        cart.id, line.lineID, line.productID, line.variantID, line.quantity, line.unitPriceMinor,
                        position, line.recommendationID,
                    ])
            }
            // Answer with what is stored (channel, currency and created_at never change).
            let stored = try Self.loadCart(cart.id, db: db) ?? cart
            return (stored, try Self.appendCommitted(events, db: db))
        }
    }

    package func checkout(
        cartID: String, idempotencyKey: String,
        build: @escaping @Sendable (CartRow) throws -> (order: OrderRow, events: [EventRecord])
    ) async throws -> CheckoutOutcome {
        try await pool.write { db in
            if let existing = try Row.fetchOne(
                db, sql: "SELECT * FROM orders WHERE idempotency_key = ?", arguments: [idempotencyKey])
            {
                let order = Self.orderRow(existing)
                return order.cartID == cartID ? .existing(order) : .keyReused(order)
            }
            guard let cart = try Self.loadCart(cartID, db: db) else { return .cartNotFound }
            guard cart.status == "open" else { return .cartNotOpen(status: cart.status) }
            guard !cart.lines.isEmpty else { return .emptyCart }
            var outcome: CheckoutOutcome = .emptyCart
            try db.inSavepoint {
                // Units this transaction already took per product (a product may sit on
                // several lines, one per variant), so a shortfall reports what was there.
                var taken: [String: Int] = [:]
                for line in cart.lines {
                    try db.execute(
                        sql: """
                            UPDATE stock SET available = available - ?
                            WHERE product_id = ? AND manage_inventory = 1 AND (available >= ? OR allow_backorder = 1)
                            """, arguments: [line.quantity, line.productID, line.quantity])
                    if db.changesCount == 0 {
                        let stock = try Self.stock(line.productID, db: db)
                        if let stock, !stock.manageInventory { continue }
                        let before = (stock?.available ?? 0) + taken[line.productID, default: 0]
                        outcome = .insufficientStock(productID: line.productID, available: max(0, before))
                        return .rollback
                    }
                    taken[line.productID, default: 0] += line.quantity
                }
                let (order, events) = try build(cart)
                try db.execute(
                    sql: """
                        INSERT INTO orders (id, idempotency_key, cart_id, user_id, anonymous_id, created_at, payload)
                        VALUES (?, ?, ?, ?, ?, ?, ?)
                        """,
                    arguments: [
                        order.id, order.idempotencyKey, order.cartID, order.userID, order.anonymousID, order.createdAt,
                        order.payload,
                    ])
                try db.execute(
                    sql: "UPDATE carts SET status = 'checked_out', updated_at = ? WHERE id = ?",
                    arguments: [order.createdAt, cartID])
                outcome = .placed(order, events: try Self.appendCommitted(events, db: db))
                return .commit
            }
            return outcome
        }
    }

    package func order(_ id: String) async throws -> OrderRow? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM orders WHERE id = ?", arguments: [id]).map(Self.orderRow)
        }
    }

    package func orders(userID: String, limit: Int) async throws -> [OrderRow] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM orders WHERE user_id = ? ORDER BY created_at DESC, id DESC LIMIT ?",
                arguments: [userID, limit]
            ).map(Self.orderRow)
        }
    }

    package func recordDelivery(source: String, id: String, at time: Int64) async throws -> Bool {
        try await pool.write { db in
            try db.execute(
                sql:
                    "INSERT INTO webhook_deliveries (source, delivery_id, received_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                arguments: [source, id, time])
            return db.changesCount == 1
        }
    }

    package func forgetDelivery(source: String, id: String) async throws {
        try await pool.write { db in
            try db.execute(
                sql: "DELETE FROM webhook_deliveries WHERE source = ? AND delivery_id = ?", arguments: [source, id])
        }
    }

    static func appendCommitted(_ events: [EventRecord], db: Database) throws -> [EventRecord] {
        guard !events.isEmpty else { return [] }
        let statement = try db.cachedStatement(sql: insertEventSQL)
        let existing = try db.cachedStatement(sql: "SELECT payload_hash, payload FROM events WHERE event_id = ?")
        let outcomes = try Self.insert(events, insert: statement, existing: existing, db: db)
        return zip(events, outcomes).compactMap { record, outcome in
            guard case .accepted(let sequence) = outcome else { return nil }
            var committed = record
            committed.sequence = sequence
            return committed
        }
    }

    static func stock(_ productID: String, db: Database) throws -> StockRow? {
        try Row.fetchOne(db, sql: "SELECT * FROM stock WHERE product_id = ?", arguments: [productID]).map { row in
            StockRow(
                available: row["available"], allowBackorder: row["allow_backorder"],
                manageInventory: row["manage_inventory"], sourceVersion: row["source_version"])
        }
    }

    static func loadCart(_ id: String, db: Database) throws -> CartRow? {
        guard let row = try Row.fetchOne(db, sql: "SELECT * FROM carts WHERE id = ?", arguments: [id]) else {
            return nil
        }
        let lines = try Row.fetchAll(
            db, sql: "SELECT * FROM cart_lines WHERE cart_id = ? ORDER BY position", arguments: [id]
        ).map { line in
            CartLineRow(
                lineID: line["line_id"], productID: line["product_id"], variantID: line["variant_id"],
                quantity: line["quantity"], unitPriceMinor: line["unit_price_minor"],
                recommendationID: line["recommendation_id"])
        }
        return CartRow(
            id: row["id"], channel: row["channel"], currency: row["currency"], userID: row["user_id"],
            anonymousID: row["anonymous_id"], status: row["status"], createdAt: row["created_at"],
            updatedAt: row["updated_at"], lines: lines)
    }

    static func orderRow(_ row: Row) -> OrderRow {
        OrderRow(
            id: row["id"], idempotencyKey: row["idempotency_key"], cartID: row["cart_id"], userID: row["user_id"],
            anonymousID: row["anonymous_id"], createdAt: row["created_at"], payload: row["payload"])
    }
}
