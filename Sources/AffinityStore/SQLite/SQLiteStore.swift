import Foundation
import GRDB

/// The embedded store: one SQLite file in WAL mode with `synchronous=FULL`, so a
/// committed transaction survives a crash or power loss.
///
/// Reads run concurrently on the pool's readers; writes are serialised by SQLite.
/// Group commit happens above, in the engine, which hands many requests' events to one
/// ``append(_:)`` call.
package final class SQLiteStore: DataStore {
    /// The GRDB pool; exposed for the store's own extensions and tests.
    let pool: DatabasePool
    package let path: String
    package var location: String { path }

    /// Opens (creating if needed) the database at `path` and migrates it.
    ///
    /// - Parameter synchronousFull: `true` (the default) fsyncs every commit; `false`
    ///   uses `NORMAL`, which in WAL mode can lose the last commits on power loss but
    ///   never corrupts: only for bulk loads that can be re-run.
    package init(path: String, synchronousFull: Bool = true) throws {
        self.path = path
        var configuration = Configuration()
        configuration.label = "affinity"
        configuration.busyMode = .timeout(10)
        let synchronous = synchronousFull ? "FULL" : "NORMAL"
        configuration.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
        }
        do {
            pool = try DatabasePool(path: path, configuration: configuration)
            // GRDB's WAL set-up lowers the writer to NORMAL after prepareDatabase runs;
            // the pool has one writer connection, so setting it again here sticks.
            try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = \(synchronous)") }
            try Self.migrator.migrate(pool)
        } catch {
            throw StoreError.cannotOpen(path: path, reason: "\(error)")
        }
    }

    /// The value of `PRAGMA synchronous` on a writer connection (2 = FULL).
    package func synchronousLevel() async throws -> Int {
        try await pool.write { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") ?? -1 }
    }

    /// The value of `PRAGMA journal_mode`.
    package func journalMode() async throws -> String {
        try await pool.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") ?? "" }
    }
}

/// Errors from the store, with enough context for an operator's log.
package enum StoreError: Error, CustomStringConvertible {
    case cannotOpen(path: String, reason: String)
    case corrupt(String)

    package var description: String {
        switch self {
        case .cannotOpen(let path, let reason): "cannot open the store at \(path): \(reason)"
        case .corrupt(let what): "the store is corrupt: \(what)"
        }
    }
}
