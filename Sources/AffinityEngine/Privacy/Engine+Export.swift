import AffinityStore
import Foundation

extension Engine {
    /// `GET /v1/users/{user_id}/export`, the part before the events: identity links
    /// (anonymous ids linked to the user), stored consent, carts, orders and any erasure.
    /// Only what is the user's: events another user made on a shared device are not.
    package func exportHead(_ userID: String) async throws(AffinityError) -> ShopperExportHead {
        try Event.checkID(userID, field: "user_id", max: 256)
        return try await storeCall { () async throws -> ShopperExportHead in
            var timeline = ShopperTimeline(user: userID)
            try await self.store.forEachShopperEvent(userID: userID) { _ = timeline.feed($0) }
            let carts = try await self.store.carts(userID: userID, anonymousIDs: timeline.exclusive).map(Cart.init)
            let orders = try await self.store.orders(userID: userID, limit: 100_000).map {
                row throws(AffinityError) in try Self.order(row)
            }
            return ShopperExportHead(
                userID: userID, personalization: try await self.store.consent(userID: userID),
                anonymousIDs: timeline.linked, carts: carts, orders: orders,
                erasure: try await self.store.erasure(userID: userID).map(ErasureStatus.init))
        }
    }

    /// Calls `body` with the stored payload (canonical JSON) of each of the user's events,
    /// in log order, a page at a time, so an export streams instead of holding them all.
    package func forEachExportedEvent(_ userID: String, _ body: (String) async throws -> Void) async throws {
        var timeline = ShopperTimeline(user: userID)
        try await store.forEachShopperEvent(userID: userID, pageSize: 1_000) { record in
            for owned in timeline.feed(record) { try await body(owned.payload) }
        }
    }
}
