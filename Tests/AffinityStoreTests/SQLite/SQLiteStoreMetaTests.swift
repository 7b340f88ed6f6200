import AffinityStore
import Testing

@Suite("SQLiteStore meta and key hashes")
struct SQLiteStoreMetaTests {
    @Test("meta values are stored, replaced and survive reopening")
    func meta() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        do {
            let store = try SQLiteStore(path: directory.databasePath)
            #expect(try store.meta("initialized") == nil)
            try store.setMeta("initialized", "1")
            try store.setMeta("initialized", "2")
        }
        #expect(try SQLiteStore(path: directory.databasePath).meta("initialized") == "2")
    }

    @Test("key hashes round-trip and replace per scope")
    func keyHashes() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        do {
            let store = try SQLiteStore(path: directory.databasePath)
            #expect(try store.keyHashes().isEmpty)
            try store.saveKeyHashes(["public": "aa11", "secret": "bb22"])
            #expect(try store.keyHashes() == ["public": "aa11", "secret": "bb22"])
            try store.saveKeyHashes(["secret": "cc33"])
        }
        #expect(try SQLiteStore(path: directory.databasePath).keyHashes() == ["public": "aa11", "secret": "cc33"])
    }
}
