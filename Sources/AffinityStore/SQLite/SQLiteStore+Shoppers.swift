import GRDB

extension SQLiteStore {
    package func shopperEvents(userID: String, after sequence: Int64, limit: Int) async throws -> [EventRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT * FROM events
                    WHERE seq > ? AND (user_id = ? OR anonymous_id IN (
                      SELECT DISTINCT anonymous_id FROM events WHERE user_id = ? AND anonymous_id IS NOT NULL))
                    ORDER BY seq LIMIT ?
                    """, arguments: [sequence, userID, userID, max(0, limit)]
            ).map { row in
                var record = Self.record(from: row)
                record.payload = row["payload"]
                record.payloadHash = row["payload_hash"]
                return record
            }
        }
    }

    package func carts(userID: String, anonymousIDs: [String]) async throws -> [CartRow] {
        try await pool.read { db in
            let placeholders = Array(repeating: "?", count: anonymousIDs.count).joined(separator: ", ")
            var arguments: [any DatabaseValueConvertible] = [userID]
            arguments.append(contentsOf: anonymousIDs)
            let ids = try String.fetchAll(
                db,
                sql: anonymousIDs.isEmpty
                    ? "SELECT id FROM carts WHERE user_id = ? ORDER BY created_at, id"
                    : "SELECT id FROM carts WHERE user_id = ? OR anonymous_id IN (\(placeholders)) ORDER BY created_at, id",
                arguments: StatementArguments(arguments) ?? StatementArguments())
            return try ids.compactMap { try Self.loadCart($0, db: db) }
        }
    }

    package func erase(_ plan: ErasurePlan, record: ErasureRecord) async throws -> Int {
        try await pool.write { db in
            let user = plan.userID
            // Tombstone every event id first, then delete: the user's own by user_id (an
            // event committed while the plan was made is caught too), and the planned
            // anonymous-only ones.
            try db.execute(
                sql: "INSERT OR IGNORE INTO erased_events (event_id) SELECT event_id FROM events WHERE user_id = ?",
                arguments: [user])
            try db.execute(
                sql: "DELETE FROM attributions WHERE seq IN (SELECT seq FROM events WHERE user_id = ?)",
                arguments: [user])
            try db.execute(sql: "DELETE FROM events WHERE user_id = ?", arguments: [user])
            var deleted = db.changesCount
            for sequence in plan.anonymousEventSequences {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO erased_events (event_id) SELECT event_id FROM events WHERE seq = ?",
                    arguments: [sequence])
                try db.execute(sql: "DELETE FROM attributions WHERE seq = ?", arguments: [sequence])
                try db.execute(sql: "DELETE FROM events WHERE seq = ?", arguments: [sequence])
                deleted += db.changesCount
            }
            let shoppers = (plan.tombstoneUser ? ["u:" + user] : []) + plan.anonymousIDs.map { "a:" + $0 }
            for shopper in shoppers {
                try db.execute(
                    sql: "INSERT OR IGNORE INTO erased_shoppers (shopper, erased_at) VALUES (?, ?)",
                    arguments: [shopper, plan.at])
                try db.execute(sql: "UPDATE served_lists SET shopper = NULL WHERE shopper = ?", arguments: [shopper])
            }
            let cartFilter = "user_id = ?" + String(repeating: " OR anonymous_id = ?", count: plan.anonymousIDs.count)
            let cartArguments = StatementArguments([user] + plan.anonymousIDs)
            try db.execute(
                sql: "DELETE FROM cart_lines WHERE cart_id IN (SELECT id FROM carts WHERE \(cartFilter))",
                arguments: cartArguments)
            try db.execute(sql: "DELETE FROM carts WHERE \(cartFilter)", arguments: cartArguments)
            for order in plan.orders {
                try db.execute(
                    sql: "UPDATE orders SET user_id = NULL, anonymous_id = NULL, payload = ? WHERE id = ?",
                    arguments: [order.payload, order.id])
            }
            try db.execute(sql: "DELETE FROM consents WHERE user_id = ?", arguments: [user])
            var stored = record
            stored.eventsDeleted = deleted
            try Self.saveErasure(stored, db: db)
            return deleted
        }
    }

    package func orders(anonymousIDs: [String]) async throws -> [OrderRow] {
        guard !anonymousIDs.isEmpty else { return [] }
        return try await pool.read { db in
            let placeholders = Array(repeating: "?", count: anonymousIDs.count).joined(separator: ", ")
            return try Row.fetchAll(
                db, sql: "SELECT * FROM orders WHERE anonymous_id IN (\(placeholders)) ORDER BY created_at, id",
                arguments: StatementArguments(anonymousIDs)
            ).map(Self.orderRow)
        }
    }

    package func saveErasure(_ record: ErasureRecord) async throws {
        try await pool.write { db in try Self.saveErasure(record, db: db) }
    }

    private static func saveErasure(_ record: ErasureRecord, db: Database) throws {
        try db.execute(
            sql: """
                INSERT INTO erasures (user_id, job_id, state, requested_at, completed_at, events_deleted, anonymous_ids)
                VALUES (?, ?, ?, ?, ?, ?, ?)
                ON CONFLICT(user_id) DO UPDATE SET job_id = excluded.job_id, state = excluded.state,
                  requested_at = excluded.requested_at, completed_at = excluded.completed_at,
                  events_deleted = excluded.events_deleted, anonymous_ids = excluded.anonymous_ids
                """,
            arguments: [
                record.userID, record.jobID, record.state, record.requestedAt, record.completedAt,
                record.eventsDeleted, record.anonymousIDs,
            ])
    }

    package func erasure(userID: String) async throws -> ErasureRecord? {
        try await pool.read { db in
            try Row.fetchOne(db, sql: "SELECT * FROM erasures WHERE user_id = ?", arguments: [userID]).map(
                Self.erasure)
        }
    }

    package func incompleteErasures() async throws -> [ErasureRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db, sql: "SELECT * FROM erasures WHERE state != 'completed' ORDER BY requested_at, user_id"
            ).map(Self.erasure)
        }
    }

    private static func erasure(_ row: Row) -> ErasureRecord {
        ErasureRecord(
            userID: row["user_id"], jobID: row["job_id"], state: row["state"], requestedAt: row["requested_at"],
            completedAt: row["completed_at"], eventsDeleted: row["events_deleted"], anonymousIDs: row["anonymous_ids"])
    }

    package func erasureCount() async throws -> Int {
        try await pool.read { db in try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM erasures") ?? 0 }
    }

    package func consent(userID: String) async throws -> Bool? {
        try await pool.read { db in
            try Bool.fetchOne(db, sql: "SELECT personalization FROM consents WHERE user_id = ?", arguments: [userID])
        }
    }

    package func setConsent(userID: String, personalization: Bool, at: Int64) async throws {
        try await pool.write { db in
            try db.execute(
                sql: """
                    INSERT INTO consents (user_id, personalization, updated_at) VALUES (?, ?, ?)
                    ON CONFLICT(user_id) DO UPDATE SET personalization = excluded.personalization,
                      updated_at = excluded.updated_at
                    """, arguments: [userID, personalization, at])
        }
    }

    package func usersWithoutConsent() async throws -> [String] {
        try await pool.read { db in
            try String.fetchAll(db, sql: "SELECT user_id FROM consents WHERE personalization = 0 ORDER BY user_id")
        }
    }
}
