import AffinityStore
import Foundation
import Testing

/// What only the SQLite backend promises: its durability settings, its file, and the
/// errors of a path it cannot open. Every other rule is in the contract suite.
@Suite("SQLiteStore configuration")
struct SQLiteStoreConfigurationTests {
    @Test("opens in WAL mode, with synchronous=FULL on the writer by default, at its path")
    func defaults() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(path: directory.databasePath)
        #expect(try await store.journalMode().lowercased() == "wal")
        // GRDB's DatabasePool runs `PRAGMA synchronous = NORMAL` on the writer when it
        // enables WAL, after `prepareDatabase`; the store sets FULL again afterwards.
        #expect(try await store.synchronousLevel() == 2)
        #expect(store.location == directory.databasePath)
        #expect(store.path == directory.databasePath)
    }

    @Test("synchronousFull: false uses NORMAL (1), still in WAL mode")
    func normalSync() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(path: directory.databasePath, synchronousFull: false)
        #expect(try await store.synchronousLevel() == 1)
        #expect(try await store.journalMode().lowercased() == "wal")
    }

    @Test("an unopenable path throws cannotOpen naming the path")
    func cannotOpen() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.url.appendingPathComponent("missing/dir/store.sqlite").path
        #expect {
            _ = try SQLiteStore(path: path)
        } throws: { error in
            guard case StoreError.cannotOpen(let failed, _)? = error as? StoreError else { return false }
            return failed == path
        }
    }

    @Test("a file that is not a database throws cannotOpen naming the path")
    func notADatabase() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let garbage = Data((0..<4_096).map { UInt8(truncatingIfNeeded: $0 &* 31 &+ 7) })
        try garbage.write(to: URL(fileURLWithPath: directory.databasePath))
        #expect {
            _ = try SQLiteStore(path: directory.databasePath)
        } throws: { error in
            guard case StoreError.cannotOpen(let failed, _)? = error as? StoreError else { return false }
            return failed == directory.databasePath
        }
    }

    @Test("reopening an existing file keeps the schema and every kind of data (migrations are idempotent)")
    func reopen() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var written: [EventRecord] = []
        for index in 0..<12 {
            var record = makeRecord(
                "e\(index)", type: index % 3 == 0 ? "purchase" : "product_view", at: Int64(1_000 + index),
                user: index % 2 == 0 ? "u\(index)" : nil, anonymous: "a\(index % 4)",
                products: index % 5 == 0 ? ["P\(index)", "weird id:with|chars"] : [], channel: nil)
            record.personalization = index != 7
            written.append(record)
        }
        let product = makeProduct("P1", "{\"id\":\"P1\"}", version: 3, at: 9, available: 4, stockVersion: 3)
        let served = ServedListRecord(
            recommendationID: "r1", placement: "home", experiment: "exp", variant: "A", shopper: "u:u1",
            channel: "web", productIDs: ["P1"], servedAt: 5)
        let cart = makeCart("C1", lines: [("P1", 1)])
        var sequences: [Int64] = []
        do {
            let store = try SQLiteStore(path: directory.databasePath)
            sequences = try acceptedSequences(
                try await store.append([
                    AppendBatch(records: Array(written[..<6]), atomic: true),
                    AppendBatch(records: Array(written[6...]), atomic: false),
                ]).flatMap { $0 })
            try await store.setMeta("initialized", "1")
            try await store.addAPIKey(
                APIKeyRecord(id: "key_1", scope: "public", label: "web", keyHash: "aa11", createdAt: 1))
            _ = try await store.upsertProducts([product])
            try await store.saveServedLists([served])
            try await putCart(store, cart)
            #expect(try await store.recordDelivery(source: "shopify", id: "d1", at: 1) == true)
        }
        // A second open of the same file migrates nothing again.
        _ = try SQLiteStore(path: directory.databasePath)
        let reopened = try SQLiteStore(path: directory.databasePath)
        #expect(
            try await replayAll(reopened, chunkSize: 5).map(\.indexed)
                == zip(written, sequences).map { $0.at($1).indexed })
        #expect(try await reopened.payload(ofEvent: "e3") == written[3].payload)
        #expect(try await reopened.meta("initialized") == "1")
        #expect(try await reopened.apiKeys().map(\.keyHash) == ["aa11"])
        #expect(try await reopened.allProducts() == [product])
        #expect(try await reopened.servedList("r1") == served)
        #expect(try await reopened.cart("C1") == cart)
        #expect(try await reopened.recordDelivery(source: "shopify", id: "d1", at: 2) == false)
        #expect(try await reopened.journalMode().lowercased() == "wal")
        #expect(try await reopened.synchronousLevel() == 2)
        // New events continue after the reopened log.
        let next = try acceptedSequences(
            try await reopened.append([AppendBatch(records: [makeRecord("after")], atomic: true)])[0])
        #expect(next[0] > sequences.last!)
    }
}
