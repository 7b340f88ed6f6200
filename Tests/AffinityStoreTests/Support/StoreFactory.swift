import AffinityStore
import Foundation
import Testing

/// One backend under the store contract suite: how to open a fresh, empty store of it and
/// how to dispose of it afterwards. Every contract test runs once per entry of ``all``, so
/// a new backend (PostgreSQL) passes the very same rules by adding its factory there.
struct StoreFactory: Sendable, CustomTestStringConvertible {
    /// A store opened for one test, and what removes it (its files, its database schema).
    struct Opened: Sendable {
        var store: any DataStore
        var cleanup: @Sendable () async throws -> Void
    }

    /// Shown in test results as the argument of each contract test.
    let name: String
    /// Opens a fresh, empty store; nothing else may share it.
    let make: @Sendable () async throws -> Opened

    var testDescription: String { name }

    /// Every backend the contract suite runs against.
    static let all: [StoreFactory] = [.sqlite]

    /// SQLite in a fresh temporary directory, removed afterwards.
    static let sqlite = StoreFactory(name: "SQLite") {
        let directory = try TemporaryDirectory()
        do {
            let store = try SQLiteStore(path: directory.databasePath)
            return Opened(store: store, cleanup: { directory.remove() })
        } catch {
            directory.remove()
            throw error
        }
    }

    /// Runs `body` with a fresh store, then cleans it up (also when `body` throws).
    func withStore<T>(_ body: (any DataStore) async throws -> T) async throws -> T {
        let opened = try await make()
        let result: T
        do {
            result = try await body(opened.store)
        } catch {
            try? await opened.cleanup()
            throw error
        }
        try await opened.cleanup()
        return result
    }
}

/// A fresh directory under the system temporary directory, removed by `remove()`.
struct TemporaryDirectory: Sendable {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("affinity-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    var databasePath: String { url.appendingPathComponent("store.sqlite").path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}
