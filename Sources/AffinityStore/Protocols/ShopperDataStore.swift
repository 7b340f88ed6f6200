/// What is held on one shopper, for export, erasure and consent. The engine decides
/// which events were whose (it knows when an anonymous id changed hands); the store
/// reads them and carries out an erasure in one transaction.
package protocol ShopperDataStore: Sendable {
    /// At most `limit` events (with payloads) after log position `sequence`, in log
    /// order, that carry `user_id` or one of the anonymous ids that ever appeared with it.
    func shopperEvents(userID: String, after sequence: Int64, limit: Int) async throws -> [EventRecord]

    /// Orders placed under the given anonymous ids (guest checkouts), oldest first.
    func orders(anonymousIDs: [String]) async throws -> [OrderRow]

    /// Carts of the user or of the given anonymous ids, oldest first.
    func carts(userID: String, anonymousIDs: [String]) async throws -> [CartRow]

    /// Carries out `plan` in one transaction: deletes the user's events (by `user_id`) and
    /// the planned anonymous events (with their attribution rows), the carts of the user
    /// and of the tombstoned anonymous ids, the shopper reference of served lists and
    /// consent; rewrites the planned orders without the shopper; tombstones the user, the
    /// anonymous ids and every deleted event id, so a later append of any of them is
    /// ``AppendOutcome/erased``; stores `record`. Returns how many events were deleted.
    func erase(_ plan: ErasurePlan, record: ErasureRecord) async throws -> Int

    /// Stores an erasure job's new state.
    func saveErasure(_ record: ErasureRecord) async throws

    /// The erasure of a user, if one was requested.
    func erasure(userID: String) async throws -> ErasureRecord?

    /// Erasures ever requested.
    func erasureCount() async throws -> Int

    /// Erasures not yet `completed` (a crash interrupted them), oldest first.
    func incompleteErasures() async throws -> [ErasureRecord]

    /// The stored consent to personalisation (nil: never set).
    func consent(userID: String) async throws -> Bool?

    /// Sets the consent to personalisation from now on.
    func setConsent(userID: String, personalization: Bool, at: Int64) async throws

    /// Every user whose stored consent is `false` (loaded at start).
    func usersWithoutConsent() async throws -> [String]
}

extension ShopperDataStore {
    /// Calls `body` with every event ``shopperEvents(userID:after:limit:)`` finds, in log
    /// order, a page at a time.
    package func forEachShopperEvent(
        userID: String, pageSize: Int = 5_000, _ body: (EventRecord) async throws -> Void
    ) async throws {
        var cursor: Int64 = 0
        while true {
            let page = try await shopperEvents(userID: userID, after: cursor, limit: pageSize)
            guard let last = page.last else { return }
            for record in page { try await body(record) }
            cursor = last.sequence
        }
    }
}
