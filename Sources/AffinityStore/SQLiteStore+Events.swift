import GRDB
import GRDBSQLite

/// `SQLITE_TRANSIENT`: SQLite copies bound text before the bind call returns.
private let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

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
            try execute(insert, record, db: db)
            if db.changesCount == 1 {
                outcomes.append(.accepted(sequence: db.lastInsertedRowID))
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
    /// values and their SQLite types are the ones `execute(arguments:)` bound.
    static func execute(_ insert: Statement, _ record: EventRecord, db: Database) throws {
        let handle = insert.sqliteStatement
        sqlite3_reset(handle)
        bind(handle, 1, record.eventID)
        bind(handle, 2, record.type)
        sqlite3_bind_int64(handle, 3, record.occurredAt)
        bind(handle, 4, record.channel)
        bind(handle, 5, record.userID)
        bind(handle, 6, record.anonymousID)
        bind(handle, 7, record.sessionID)
        bind(handle, 8, record.productIDs.joined(separator: String(productIDSeparator)))
        sqlite3_bind_int64(handle, 9, record.personalization ? 1 : 0)
        bind(handle, 10, record.payload)
        sqlite3_bind_int64(handle, 11, record.payloadHash)
        let code = sqlite3_step(handle)
        let message = code == SQLITE_DONE ? nil : String(cString: sqlite3_errmsg(db.sqliteConnection))
        sqlite3_reset(handle)
        sqlite3_clear_bindings(handle)
        if let message {
            throw DatabaseError(resultCode: ResultCode(rawValue: code), message: message, sql: insertEventSQL)
        }
    }

    private static func bind(_ handle: SQLiteStatement, _ index: Int32, _ text: String?) {
        guard var text else {
            sqlite3_bind_null(handle, index)
            return
        }
        text.withUTF8 { utf8 in
            if let base = utf8.baseAddress, utf8.count > 0 {
                let chars = UnsafeRawPointer(base).assumingMemoryBound(to: CChar.self)
                _ = sqlite3_bind_text(handle, index, chars, Int32(utf8.count), transient)
            } else {
                _ = sqlite3_bind_text(handle, index, "", 0, transient)
            }
        }
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
