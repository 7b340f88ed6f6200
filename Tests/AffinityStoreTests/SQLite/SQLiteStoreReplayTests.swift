import AffinityStore
import Testing

@Suite("SQLiteStore replay and statistics")
struct SQLiteStoreReplayTests {
    @Test("replay after reopening returns every record in sequence order with its columns intact")
    func replayAfterReopen() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var written: [EventRecord] = []
        for index in 0..<25 {
            written.append(
                makeRecord(
                    "e\(index)", type: index % 5 == 0 ? "purchase" : "product_view", at: Int64(1_000 + index),
                    user: index % 2 == 0 ? "u\(index % 3)" : nil, anonymous: "a\(index % 4)",
                    products: index % 7 == 0 ? ["P\(index)", "P\(index + 1)", "weird id:with|chars"] : ["P\(index)"]))
        }
        // A record with no products (a search).
        written.append(makeRecord("s1", type: "search", products: []))
        do {
            let store = try SQLiteStore(path: directory.databasePath)
            _ = try store.append([
                AppendBatch(records: Array(written[0..<10]), atomic: true),
                AppendBatch(records: Array(written[10...]), atomic: false),
            ])
        }
        let store = try SQLiteStore(path: directory.databasePath)
        var chunks: [Int] = []
        var replayed: [EventRecord] = []
        try store.replay(after: 0, chunkSize: 7) { chunk in
            chunks.append(chunk.count)
            replayed += chunk
        }
        #expect(chunks == [7, 7, 7, 5])
        #expect(replayed.map(\.sequence) == Array(1...26))
        #expect(replayed.map(\.eventID) == written.map(\.eventID))
        #expect(replayed.map(\.productIDs) == written.map(\.productIDs))
        #expect(replayed.map(\.type) == written.map(\.type))
        #expect(replayed.map(\.occurredAt) == written.map(\.occurredAt))
        #expect(replayed.map(\.userID) == written.map(\.userID))
        #expect(replayed.map(\.anonymousID) == written.map(\.anonymousID))
        #expect(replayed.map(\.channel) == written.map(\.channel))
        #expect(replayed.map(\.sessionID) == written.map(\.sessionID))
        #expect(replayed.allSatisfy { $0.personalization })
    }

    @Test("replay starts after the given sequence")
    func replayAfter() throws {
        try withStore { store, _ throws in
            _ = try store.append([AppendBatch(records: (1...5).map { makeRecord("e\($0)") }, atomic: false)])
            var ids: [String] = []
            try store.replay(after: 3, chunkSize: 100) { ids += $0.map(\.eventID) }
            #expect(ids == ["e4", "e5"])
            var calls = 0
            try store.replay(after: 5, chunkSize: 100) { _ in calls += 1 }
            #expect(calls == 0)
        }
    }

    @Test("personalization false survives the round trip")
    func personalizationFlag() throws {
        try withStore { store, _ throws in
            var record = makeRecord("p")
            record.personalization = false
            _ = try store.append([AppendBatch(records: [record], atomic: true)])
            #expect(try replayAll(store).map(\.personalization) == [false])
        }
    }

    @Test("statistics count events, distinct users and anonymous ids, types and the last sequence")
    func statistics() throws {
        try withStore { store, _ throws in
            #expect(
                try store.statistics()
                    == StoreStatistics(
                        events: 0, users: 0, anonymousIDs: 0, products: 0, lastSequence: 0, eventsByType: [:]))
            _ = try store.append([
                AppendBatch(
                    records: [
                        makeRecord("1", type: "product_view", user: "u1", anonymous: "a1"),
                        makeRecord("2", type: "product_view", user: "u1", anonymous: nil),
                        makeRecord("3", type: "purchase", user: "u2", anonymous: "a2"),
                        makeRecord("4", type: "search", user: nil, anonymous: "a3", products: []),
                        makeRecord("5", type: "search", user: nil, anonymous: "a3", products: []),
                    ], atomic: true)
            ])
            _ = try store.upsertProducts([
                ProductRecord(id: "P1", payload: "{}", sourceVersion: 1, updatedAt: 0, stock: StockRow(available: 1)),
                ProductRecord(id: "P2", payload: "{}", sourceVersion: nil, updatedAt: 0, stock: StockRow(available: 0)),
            ])
            let stats = try store.statistics()
            #expect(stats.events == 5)
            #expect(stats.users == 2)
            #expect(stats.anonymousIDs == 3)
            #expect(stats.products == 2)
            #expect(stats.lastSequence == 5)
            #expect(stats.eventsByType == ["product_view": 2, "purchase": 1, "search": 2])
        }
    }
}
