import AffinityStore
import Testing

/// The small stores every backend keeps: API keys, served lists, webhook deliveries and
/// meta settings.
@Suite("Key, served list, delivery and meta store contract")
struct AccessStoresContractTests {
    @Test("the store names its location", arguments: StoreFactory.all)
    func location(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            #expect(!store.location.isEmpty)
        }
    }

    // MARK: - Keys

    @Test(
        "keys are added, listed oldest first, revoked once; every change moves the keys version",
        arguments: StoreFactory.all)
    func keys(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            #expect(try await store.apiKeys() == [])
            let start = try await store.keysVersion()
            let web = APIKeyRecord(
                id: "key_1", scope: "public", label: "storefront web", keyHash: "aa11", createdAt: 10)
            let job = APIKeyRecord(
                id: "key_2", scope: "secret", label: "nightly job", keyHash: "bb22", createdAt: 20, expiresAt: 99,
                rate: 5, burst: 10)
            try await store.addAPIKey(job)
            try await store.addAPIKey(web)
            #expect(try await store.apiKeys() == [web, job])
            let added = try await store.keysVersion()
            #expect(added != start)
            // The same id or the same hash again is refused and changes nothing.
            await #expect(throws: (any Error).self) { try await store.addAPIKey(web) }
            var sameHash = web
            sameHash.id = "key_3"
            await #expect(throws: (any Error).self) { try await store.addAPIKey(sameHash) }
            #expect(try await store.apiKeys() == [web, job])

            var revoked = web
            revoked.revokedAt = 50
            #expect(try await store.revokeAPIKey("key_1", at: 50) == revoked)
            let afterRevoke = try await store.keysVersion()
            #expect(afterRevoke != added)
            // Revoking again keeps the first time and is not a change.
            #expect(try await store.revokeAPIKey("key_1", at: 70) == revoked)
            #expect(try await store.keysVersion() == afterRevoke)
            #expect(try await store.revokeAPIKey("key_9", at: 70) == nil)
            #expect(try await store.apiKeys() == [revoked, job])
        }
    }

    // MARK: - Meta

    @Test("meta values are absent until set, then stored and replaced per key", arguments: StoreFactory.all)
    func meta(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            #expect(try await store.meta("initialized") == nil)
            try await store.setMeta("initialized", "1")
            try await store.setMeta("demo", "seeded")
            #expect(try await store.meta("initialized") == "1")
            try await store.setMeta("initialized", "2")
            #expect(try await store.meta("initialized") == "2")
            #expect(try await store.meta("demo") == "seeded")
            try await store.setMeta("demo", "")
            #expect(try await store.meta("demo") == "")
            #expect(try await store.meta("other") == nil)
        }
    }

    // MARK: - Served lists

    @Test("a served list round-trips exactly, optional fields and an empty list included", arguments: StoreFactory.all)
    func servedListRoundTrip(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            let full = ServedListRecord(
                recommendationID: "r1", placement: "home", experiment: "exp", variant: "B", shopper: "u:u1",
                channel: "web", productIDs: ["P3", "P1", "P2"], servedAt: 1_000)
            let bare = ServedListRecord(
                recommendationID: "r2", placement: nil, experiment: nil, variant: nil, shopper: nil, channel: nil,
                productIDs: [], servedAt: 2_000)
            try await store.saveServedLists([full, bare])
            #expect(try await store.servedList("r1") == full)
            #expect(try await store.servedList("r2") == bare)
            #expect(try await store.servedList("r3") == nil)
            try await store.saveServedLists([])
            #expect(try await store.servedLists(experiment: "exp") == [full])
        }
    }

    @Test("saving a served list is idempotent on recommendation_id: the first one stays", arguments: StoreFactory.all)
    func servedListIdempotent(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            let first = ServedListRecord(
                recommendationID: "r1", placement: "home", experiment: "exp", variant: "A", shopper: "a:x",
                channel: "web", productIDs: ["P1"], servedAt: 1_000)
            var changed = first
            changed.variant = "B"
            changed.productIDs = ["P9"]
            changed.servedAt = 5_000
            try await store.saveServedLists([first])
            try await store.saveServedLists([first])
            try await store.saveServedLists([changed])
            #expect(try await store.servedList("r1") == first)
            #expect(try await store.servedLists(experiment: "exp") == [first])

            // A repeated id within one call keeps its first occurrence too.
            var twin = first
            twin.recommendationID = "r2"
            var twinChanged = twin
            twinChanged.variant = "C"
            try await store.saveServedLists([twin, twinChanged])
            #expect(try await store.servedList("r2") == twin)
        }
    }

    @Test("servedLists(experiment:) returns that experiment's lists, oldest first", arguments: StoreFactory.all)
    func servedListsByExperiment(_ factory: StoreFactory) async throws {
        func list(_ id: String, _ experiment: String?, at time: Int64) -> ServedListRecord {
            ServedListRecord(
                recommendationID: id, placement: "pdp", experiment: experiment, variant: "A", shopper: nil,
                channel: "web", productIDs: ["P1", "P2"], servedAt: time)
        }
        try await factory.withStore { store async throws in
            let lists = [
                list("r-late", "exp", at: 3_000), list("r-other", "exp2", at: 1_500), list("r-early", "exp", at: 1_000),
                list("r-none", nil, at: 500),
            ]
            try await store.saveServedLists(lists)
            try await store.saveServedLists([list("r-mid", "exp", at: 2_000)])
            #expect(
                try await store.servedLists(experiment: "exp").map(\.recommendationID) == [
                    "r-early", "r-mid", "r-late",
                ])
            #expect(try await store.servedLists(experiment: "exp2") == [lists[1]])
            #expect(try await store.servedLists(experiment: "unknown") == [])
        }
    }

    // MARK: - Deliveries

    @Test("a delivery records once; forgetting it makes it recordable again", arguments: StoreFactory.all)
    func deliveries(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            #expect(try await store.recordDelivery(source: "shopify", id: "d1", at: 1) == true)
            #expect(try await store.recordDelivery(source: "shopify", id: "d1", at: 2) == false)
            #expect(try await store.recordDelivery(source: "shopify", id: "d1", at: 3) == false)
            // Ids are per source.
            #expect(try await store.recordDelivery(source: "generic", id: "d1", at: 4) == true)
            #expect(try await store.recordDelivery(source: "shopify", id: "d2", at: 5) == true)

            try await store.forgetDelivery(source: "shopify", id: "d1")
            #expect(try await store.recordDelivery(source: "shopify", id: "d1", at: 6) == true)
            #expect(try await store.recordDelivery(source: "shopify", id: "d1", at: 7) == false)
            // Forgetting touches only that source and id, and an unknown one is fine.
            #expect(try await store.recordDelivery(source: "generic", id: "d1", at: 8) == false)
            #expect(try await store.recordDelivery(source: "shopify", id: "d2", at: 9) == false)
            try await store.forgetDelivery(source: "shopify", id: "never-seen")
        }
    }

    @Test("concurrent recordings of one delivery succeed exactly once", arguments: StoreFactory.all)
    func concurrentDeliveries(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            let results = try await withThrowingTaskGroup(of: Bool.self) { group in
                for index in 0..<10 {
                    group.addTask { try await store.recordDelivery(source: "shopify", id: "d1", at: Int64(index)) }
                }
                var results: [Bool] = []
                for try await result in group { results.append(result) }
                return results
            }
            #expect(results.filter { $0 }.count == 1)
            #expect(results.count == 10)
        }
    }
}
