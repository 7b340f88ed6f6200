import AffinityStore
import Testing

private func product(_ id: String, _ payload: String, version: Int64?, at time: Int64 = 1, available: Int = 5)
    -> ProductRecord
{
    ProductRecord(
        id: id, payload: payload, sourceVersion: version, updatedAt: time, stock: StockRow(available: available))
}

@Suite("SQLiteStore products")
struct SQLiteStoreProductsTests {
    @Test("an older source_version is skipped; an equal or newer one is applied")
    func sourceVersionGuard() throws {
        try withStore { store, _ throws in
            #expect(try store.upsertProducts([product("P1", "v5", version: 5)]) == [.applied])
            #expect(try store.upsertProducts([product("P1", "v4", version: 4, available: 0)]) == [.stale(stored: 5)])
            #expect(try store.allProducts().map(\.payload) == ["v5"])
            #expect(try store.product("P1")?.stock.available == 5)
            #expect(try store.upsertProducts([product("P1", "v5b", version: 5)]) == [.applied])
            #expect(try store.allProducts().map(\.payload) == ["v5b"])
            #expect(try store.upsertProducts([product("P1", "v9", version: 9, at: 4, available: 7)]) == [.applied])
            let stored = try #require(try store.product("P1"))
            #expect(stored.payload == "v9")
            #expect(stored.sourceVersion == 9)
            #expect(stored.updatedAt == 4)
            #expect(stored.stock.available == 7)
        }
    }

    @Test("a record without source_version is always applied, and a versioned one replaces an unversioned one")
    func unversioned() throws {
        try withStore { store, _ throws in
            _ = try store.upsertProducts([product("P1", "a", version: 3)])
            #expect(try store.upsertProducts([product("P1", "b", version: nil)]) == [.applied])
            #expect(try store.upsertProducts([product("P1", "c", version: 1)]) == [.applied])
            #expect(try store.allProducts().map(\.payload) == ["c"])
        }
    }

    @Test("one call applies records in order, and products come back sorted by id")
    func orderWithinCall() throws {
        try withStore { store, _ throws in
            let outcomes = try store.upsertProducts([
                product("P2", "two", version: 2), product("P1", "one", version: 1), product("P2", "old", version: 1),
            ])
            #expect(outcomes == [.applied, .applied, .stale(stored: 2)])
            #expect(try store.allProducts().map(\.id) == ["P1", "P2"])
            #expect(try store.allProducts().map(\.payload) == ["one", "two"])
            #expect(try store.product("P3") == nil)
        }
    }
}
