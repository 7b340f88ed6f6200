import AffinityStore
import Foundation

/// A fresh directory under the system temporary directory, removed by `remove()`.
struct TemporaryDirectory {
    let url: URL

    init() throws {
        url = FileManager.default.temporaryDirectory.appendingPathComponent("affinity-store-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
    }

    var databasePath: String { url.appendingPathComponent("store.sqlite").path }

    func remove() { try? FileManager.default.removeItem(at: url) }
}

/// Runs `body` with a store in a fresh temporary directory, then deletes the directory.
func withStore<T>(_ body: (SQLiteStore, TemporaryDirectory) throws -> T) throws -> T {
    let directory = try TemporaryDirectory()
    defer { directory.remove() }
    let store = try SQLiteStore(path: directory.databasePath)
    return try body(store, directory)
}

/// A record whose payload (and hash) is derived from `payload`, so two records with the
/// same id and payload are duplicates and with a different payload conflict.
func makeRecord(
    _ id: String, type: String = "product_view", at occurredAt: Int64 = 1_000,
    user: String? = "u1", anonymous: String? = nil, products: [String] = ["P1"], payload: String? = nil
) -> EventRecord {
    let body = payload ?? "{\"event_id\":\"\(id)\",\"type\":\"\(type)\"}"
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in body.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return EventRecord(
        eventID: id, type: type, occurredAt: occurredAt, channel: "web", userID: user, anonymousID: anonymous,
        sessionID: "s1", productIDs: products, personalization: true, payload: body,
        payloadHash: Int64(bitPattern: hash))
}

/// Every stored record, in replay order.
func replayAll(_ store: SQLiteStore, chunkSize: Int = 1000) throws -> [EventRecord] {
    var all: [EventRecord] = []
    try store.replay(after: 0, chunkSize: chunkSize) { all += $0 }
    return all
}
