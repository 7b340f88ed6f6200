import GRDB

/// Product ids are stored joined by the ASCII unit separator, which a validated id
/// never contains.
let productIDSeparator: Character = "\u{1F}"

extension SQLiteStore {
    static let insertEventSQL = """
        INSERT INTO events (event_id, type, occurred_at, channel, user_id, anonymous_id,
          session_id, product_ids, personalization, payload, payload_hash)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        ON CONFLICT(event_id) DO NOTHING
        """

    public func append(_ batches: [AppendBatch]) throws -> [[AppendOutcome]] {
        try pool.write { db in
            let insert = try db.cachedStatement(sql: Self.insertEventSQL)
            let existing = try db.cachedStatement(
                sql: "SELECT payload_hash, payload FROM events WHERE event_id = ?")
            var results: [[AppendOutcome]] = []
            results.reserveCapacity(batches.count)
            for batch in batches {
                if batch.atomic {
                    var outcomes: [AppendOutcome] = []
                    try db.inSavepoint {
                        outcomes = try Self.insert(batch.records, insert: insert, existing: existing, db: db)
                        guard outcomes.contains(.conflict) else { return .commit }
                        outcomes = outcomes.map { $0 == .conflict ? .conflict : .rolledBack }
                        return .rollback
                    }
                    results.append(outcomes)
                } else {
                    results.append(try Self.insert(batch.records, insert: insert, existing: existing, db: db))
                }
            }
            return results
        }
    }

    static func insert(
        _ records: [EventRecord], insert: Statement, existing: Statement, db: Database
    ) throws -> [AppendOutcome] {
        var outcomes: [AppendOutcome] = []
        outcomes.reserveCapacity(records.count)
        for record in records {
            try insert.execute(arguments: [
                record.eventID, record.type, record.occurredAt, record.channel,
                record.userID, record.anonymousID, record.sessionID,
                record.productIDs.joined(separator: String(productIDSeparator)),
                record.personalization, record.payload, record.payloadHash,
            ])
            if db.changesCount == 1 {
                outcomes.append(.accepted(sequence: db.lastInsertedRowID))
                continue
            }
            guard let row = try Row.fetchOne(existing, arguments: [record.eventID]) else {
                throw StoreError.corrupt("event \(record.eventID) neither inserted nor found")
            }
            let same = (row["payload_hash"] as Int64) == record.payloadHash && (row["payload"] as String) == record.payload
            outcomes.append(same ? .duplicate : .conflict)
        }
        return outcomes
    }

    public func replay(
        after sequence: Int64, chunkSize: Int, _ body: ([EventRecord]) throws -> Void
    ) throws {
        var cursor = sequence
        while true {
            let chunk = try pool.read { db in
                try Row.fetchAll(
                    db,
                    sql: """
                        SELECT seq, event_id, type, occurred_at, channel, user_id, anonymous_id,
                          session_id, product_ids, personalization
                        FROM events WHERE seq > ? ORDER BY seq LIMIT ?
                        """, arguments: [cursor, chunkSize]
                ).map(Self.record(from:))
            }
            guard let last = chunk.last else { return }
            try body(chunk)
            cursor = last.sequence
        }
    }

    /// The full stored payload of one event, for export and debugging.
    public func payload(ofEvent eventID: String) throws -> String? {
        try pool.read { db in
            try String.fetchOne(db, sql: "SELECT payload FROM events WHERE event_id = ?", arguments: [eventID])
        }
    }

    public func statistics() throws -> StoreStatistics {
        try pool.read { db in
            let events = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM events") ?? 0
            let users =
                try Int.fetchOne(db, sql: "SELECT COUNT(DISTINCT user_id) FROM events WHERE user_id IS NOT NULL") ?? 0
            let anonymous =
                try Int.fetchOne(
                    db, sql: "SELECT COUNT(DISTINCT anonymous_id) FROM events WHERE anonymous_id IS NOT NULL") ?? 0
            let products = try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM products WHERE deleted = 0") ?? 0
            let last = try Int64.fetchOne(db, sql: "SELECT MAX(seq) FROM events") ?? 0
            var byType: [String: Int] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT type, COUNT(*) AS n FROM events GROUP BY type") {
                byType[row["type"]] = row["n"]
            }
            return StoreStatistics(
                events: events, users: users, anonymousIDs: anonymous, products: products,
                lastSequence: last, eventsByType: byType)
        }
    }

    private static func record(from row: Row) -> EventRecord {
        let joined: String = row["product_ids"]
        return EventRecord(
            sequence: row["seq"], eventID: row["event_id"], type: row["type"],
            occurredAt: row["occurred_at"], channel: row["channel"], userID: row["user_id"],
            anonymousID: row["anonymous_id"], sessionID: row["session_id"],
            productIDs: joined.isEmpty ? [] : joined.split(separator: productIDSeparator).map(String.init),
            personalization: row["personalization"], payload: "", payloadHash: 0)
    }
}
