import AffinityStore
import Testing

@Suite("SQLiteStore configuration")
struct SQLiteStoreConfigurationTests {
    @Test("opens in WAL mode")
    func wal() throws {
        try withStore { store, _ throws in
            #expect(try store.journalMode().lowercased() == "wal")
        }
    }

    // GRDB's DatabasePool runs `PRAGMA synchronous = NORMAL` on the writer when it enables
    // WAL, after `prepareDatabase`; the store sets FULL again afterwards.
    @Test("the writer connection runs with synchronous=FULL by default")
    func fullSync() throws {
        try withStore { store, _ throws in
            #expect(try store.synchronousLevel() == 2)
        }
    }

    @Test("synchronousFull: false uses NORMAL (1)")
    func normalSync() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let store = try SQLiteStore(path: directory.databasePath, synchronousFull: false)
        #expect(try store.synchronousLevel() == 1)
        #expect(try store.journalMode().lowercased() == "wal")
    }

    @Test("an unopenable path throws cannotOpen")
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

    @Test("reopening an existing file keeps the schema and data (migrations are idempotent)")
    func reopen() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        do {
            let store = try SQLiteStore(path: directory.databasePath)
            _ = try store.append([AppendBatch(records: [makeRecord("e1")], atomic: true)])
            try store.setMeta("initialized", "1")
        }
        let reopened = try SQLiteStore(path: directory.databasePath)
        #expect(try reopened.statistics().events == 1)
        #expect(try reopened.meta("initialized") == "1")
    }
}
