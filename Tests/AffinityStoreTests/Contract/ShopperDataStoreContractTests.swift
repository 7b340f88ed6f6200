import AffinityStore
import Testing

/// One shopper's data: the events that mention them, erasure in one transaction with
/// tombstones that keep erased events out for good, consent.
@Suite("Shopper data store contract")
struct ShopperDataStoreContractTests {
    @Test(
        "shopperEvents finds the user's events and those of every anonymous id seen with them",
        arguments: StoreFactory.all)
    func shopperEvents(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            let records = [
                makeRecord("1", user: nil, anonymous: "d1"),  // d1 before login
                makeRecord("2", user: "A", anonymous: "d1"),
                makeRecord("3", user: nil, anonymous: "d1"),
                makeRecord("4", user: "B", anonymous: "d1"),  // someone else on d1
                makeRecord("5", user: "A", anonymous: nil),
                makeRecord("6", user: "B", anonymous: "d2"),  // not A's device
                makeRecord("7", user: nil, anonymous: "d3"),
            ]
            _ = try await store.append([AppendBatch(records: records, atomic: true)])
            let found = try await store.shopperEvents(userID: "A", after: 0, limit: 100)
            #expect(found.map(\.eventID) == ["1", "2", "3", "4", "5"])
            #expect(found.allSatisfy { !$0.payload.isEmpty })
            let paged = try await store.shopperEvents(userID: "A", after: found[1].sequence, limit: 2)
            #expect(paged.map(\.eventID) == ["3", "4"])
            #expect(try await store.shopperEvents(userID: "nobody", after: 0, limit: 10) == [])
        }
    }

    @Test(
        "erase deletes, rewrites and tombstones in one transaction; tombstoned events never append again",
        arguments: StoreFactory.all)
    func erase(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            let records = [
                makeRecord("1", user: nil, anonymous: "d1"),
                makeRecord("2", user: "A", anonymous: "d1"),
                makeRecord("3", user: "A", anonymous: nil),
                makeRecord("4", user: "B", anonymous: "d2"),
            ]
            let sequences = try acceptedSequences(
                try await store.append([AppendBatch(records: records, atomic: true)])[0])
            _ = try await putCart(store, makeCart("C-A", user: "A", anonymous: "d1"))
            _ = try await putCart(store, makeCart("C-B", user: "B", anonymous: "d2"))
            try await store.setConsent(userID: "A", personalization: false, at: 5)
            let plan = ErasurePlan(
                userID: "A", anonymousEventSequences: [sequences[0]], anonymousIDs: ["d1"], orders: [], at: 9)
            let record = ErasureRecord(
                userID: "A", jobID: "job-1", state: "erasing", requestedAt: 9, eventsDeleted: 0, anonymousIDs: 1)
            #expect(try await store.erase(plan, record: record) == 3)
            #expect(try await store.events(after: 0, limit: 10).map(\.eventID) == ["4"])
            #expect(try await store.cart("C-A") == nil)
            #expect(try await store.cart("C-B") != nil)
            #expect(try await store.consent(userID: "A") == nil)
            var stored = record
            stored.eventsDeleted = 3
            #expect(try await store.erasure(userID: "A") == stored)
            #expect(try await store.erasureCount() == 1)
            #expect(try await store.incompleteErasures() == [stored])
            stored.state = "completed"
            stored.completedAt = 12
            try await store.saveErasure(stored)
            #expect(try await store.incompleteErasures() == [])
            #expect(try await store.erasure(userID: "B") == nil)

            // The old events again (replay, re-import), new ones of the user or the erased
            // anonymous id: not stored. Another shopper's are.
            let again = try await store.append([
                AppendBatch(
                    records: records + [
                        makeRecord("5", user: "A"), makeRecord("6", user: nil, anonymous: "d1"),
                        makeRecord("7", user: "C", anonymous: "d9"),
                    ], atomic: false)
            ])[0]
            #expect(again.prefix(3).allSatisfy { $0 == .erased })
            #expect(again[3] == .duplicate)
            #expect(again[4] == .erased && again[5] == .erased)
            guard case .accepted = again[6] else {
                Issue.record("another shopper's event must be accepted, got \(again[6])")
                return
            }
            #expect(try await store.events(after: 0, limit: 10).map(\.eventID) == ["4", "7"])
        }
    }

    @Test(
        "an erasure of an id with nothing held does not tombstone it; guest orders are found by anonymous id",
        arguments: StoreFactory.all)
    func nothingHeld(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            let plan = ErasurePlan(
                userID: "typo", anonymousEventSequences: [], anonymousIDs: [], orders: [], at: 1, tombstoneUser: false)
            let record = ErasureRecord(
                userID: "typo", jobID: "j", state: "erasing", requestedAt: 1, eventsDeleted: 0, anonymousIDs: 0)
            #expect(try await store.erase(plan, record: record) == 0)
            let later = try await store.append([AppendBatch(records: [makeRecord("1", user: "typo")], atomic: true)])
            guard case .accepted = later[0][0] else {
                Issue.record("a user that was never held must not be tombstoned, got \(later[0][0])")
                return
            }
            _ = try await store.upsertProducts([makeProduct("P1", "{}", version: nil, available: 5)])
            let cart = try await putCart(store, makeCart("G1", lines: [("P1", 1)], user: nil, anonymous: "guest-1"))
            let outcome = try await store.checkout(cartID: cart.id, idempotencyKey: "k") { cart in
                (makeOrder(for: cart, key: "k"), [])
            }
            guard case .placed = outcome else {
                Issue.record("the guest checkout must place an order, got \(outcome)")
                return
            }
            #expect(try await store.orders(anonymousIDs: ["guest-1"]).map(\.id) == ["order-G1"])
            #expect(try await store.orders(anonymousIDs: ["other"]) == [])
            #expect(try await store.orders(anonymousIDs: []) == [])
        }
    }

    @Test(
        "consent is absent until set, then stored per user; users without consent are listed",
        arguments: StoreFactory.all)
    func consent(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            #expect(try await store.consent(userID: "u1") == nil)
            try await store.setConsent(userID: "u1", personalization: false, at: 1)
            try await store.setConsent(userID: "u2", personalization: true, at: 1)
            try await store.setConsent(userID: "u3", personalization: false, at: 1)
            #expect(try await store.consent(userID: "u1") == false)
            #expect(try await store.usersWithoutConsent() == ["u1", "u3"])
            try await store.setConsent(userID: "u1", personalization: true, at: 2)
            #expect(try await store.usersWithoutConsent() == ["u3"])
        }
    }
}
