import GRDB
import GRDBSQLite

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

    package func append(_ batches: [AppendBatch]) async throws -> [[AppendOutcome]] {
        try await pool.write { db in
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

    static let insertAttributionSQL = """
        INSERT INTO attributions (seq, recommendation_id, type, occurred_at, product_id, quantity, price_minor,
          currency)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?)
        """

    static func insert(
        _ records: [EventRecord], insert: Statement, existing: Statement, db: Database
    ) throws -> [AppendOutcome] {
        var outcomes: [AppendOutcome] = []
        outcomes.reserveCapacity(records.count)
        var text: [UInt8] = []
        text.reserveCapacity(1024)
        // Erased shoppers' events never come back (replay, re-import): checked in the
        // appending transaction, and only once the store has any tombstone.
        let tombstoned =
            try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM erased_shoppers)") == true
            ? try db.cachedStatement(
                sql: """
                    SELECT 1 FROM erased_shoppers WHERE shopper IN (?, ?)
                    UNION ALL SELECT 1 FROM erased_events WHERE event_id = ? LIMIT 1
                    """) : nil
        for record in records {
            if let tombstoned,
                try Bool.fetchOne(
                    tombstoned,
                    arguments: [
                        record.userID.map { "u:" + $0 }, record.anonymousID.map { "a:" + $0 }, record.eventID,
                    ]) != nil
            {
                outcomes.append(.erased)
                continue
            }
            try execute(insert, record, db: db, text: &text)
            if db.changesCount == 1 {
                let sequence = db.lastInsertedRowID
                outcomes.append(.accepted(sequence: sequence))
                if !record.attributions.isEmpty {
                    let attribution = try db.cachedStatement(sql: insertAttributionSQL)
                    for line in record.attributions {
                        try attribution.execute(arguments: [
                            sequence, line.recommendationID, record.type, record.occurredAt, line.productID,
                            line.quantity, line.priceMinor, line.currency,
                        ])
                    }
                }
                continue
            }
            guard let row = try Row.fetchOne(existing, arguments: [record.eventID]) else {
                throw StoreError.corrupt("event \(record.eventID) neither inserted nor found")
            }
            let same =
                (row["payload_hash"] as Int64) == record.payloadHash && (row["payload"] as String) == record.payload
            outcomes.append(same ? .duplicate : .conflict)
        }
        return outcomes
    }

    /// Binds one record to the prepared insert and runs it through the SQLite C API:
    /// GRDB's `StatementArguments` box every value, which dominated bulk imports. The
    /// values and their SQLite types are the ones `execute(arguments:)` bound. Text is
    /// copied back to back into `text` (reused across rows) and bound without further
    /// copies; the bindings are cleared before `text` changes again.
    static func execute(_ insert: Statement, _ record: EventRecord, db: Database, text: inout [UInt8]) throws {
        text.removeAll(keepingCapacity: true)
        text.append(0)  // never empty, so the buffer always has an address
        func put(_ value: String?) -> Range<Int>? {
            guard let value else { return nil }
            let start = text.count
            text.append(contentsOf: value.utf8)
            return start..<text.count
        }
        let eventID = put(record.eventID)
        let type = put(record.type)
        let channel = put(record.channel)
        let userID = put(record.userID)
        let anonymousID = put(record.anonymousID)
        let sessionID = put(record.sessionID)
        let productsStart = text.count
        for (index, productID) in record.productIDs.enumerated() {
            if index > 0 { text.append(contentsOf: String(productIDSeparator).utf8) }
            text.append(contentsOf: productID.utf8)
        }
        let productIDs = productsStart..<text.count
        let payload = put(record.payload)
        let handle = insert.sqliteStatement
        let code = text.withUnsafeBufferPointer { buffer in
            let base = UnsafeRawPointer(buffer.baseAddress!).assumingMemoryBound(to: CChar.self)
            func bind(_ index: Int32, _ range: Range<Int>?) {
                guard let range else {
                    sqlite3_bind_null(handle, index)
                    return
                }
                sqlite3_bind_text(handle, index, base + range.lowerBound, Int32(range.count), nil)  // SQLITE_STATIC
            }
            sqlite3_reset(handle)
            bind(1, eventID)
            bind(2, type)
            sqlite3_bind_int64(handle, 3, record.occurredAt)
            bind(4, channel)
            bind(5, userID)
            bind(6, anonymousID)
            bind(7, sessionID)
            bind(8, productIDs)
            sqlite3_bind_int64(handle, 9, record.personalization ? 1 : 0)
            bind(10, payload)
            sqlite3_bind_int64(handle, 11, record.payloadHash)
            return sqlite3_step(handle)
        }
        let message = code == SQLITE_DONE ? nil : String(cString: sqlite3_errmsg(db.sqliteConnection))
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        if let message {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: insertEventSQL)
        }
    }

    package func events(after sequence: Int64, limit: Int) async throws -> [EventRecord] {
        try await pool.read { db in
            try Row.fetchAll(
                db,
                sql: """
                    SELECT seq, event_id, type, occurred_at, channel, user_id, anonymous_id,
                      session_id, product_ids, personalization
                    FROM events WHERE seq > ? ORDER BY seq LIMIT ?
                    """, arguments: [sequence, limit]
            ).map(Self.record(from:))
        }
    }

    package func payload(ofEvent eventID: String) async throws -> String? {
        try await pool.read { db in
            try String.fetchOne(db, sql: "SELECT payload FROM events WHERE event_id = ?", arguments: [eventID])
        }
    }

    package func statistics() async throws -> StoreStatistics {
        try await pool.read { db in
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

    static func record(from row: Row) -> EventRecord {
        let joined: String = row["product_ids"]
        return EventRecord(
            sequence: row["seq"], eventID: row["event_id"], type: row["type"],
            occurredAt: row["occurred_at"], channel: row["channel"], userID: row["user_id"],
            anonymousID: row["anonymous_id"], sessionID: row["session_id"],
            productIDs: joined.isEmpty ? [] : joined.split(separator: productIDSeparator).map(String.init),
            personalization: row["personalization"], payload: "", payloadHash: 0)
    }
}
