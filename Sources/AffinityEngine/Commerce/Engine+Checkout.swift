import AffinityStore
import Foundation
import Logging

extension Engine {
    /// Places the cart's order once per idempotency key: stock is decremented atomically
    /// (concurrent checkouts never oversell), the order is stored, the cart closed and a
    /// `purchase` event logged, in one transaction. The same key again returns the same
    /// order; the same key for another cart is a 409.
    package func checkout(_ cartID: String, idempotencyKey: String, _ input: CheckoutInput) async throws(AffinityError)
        -> CheckoutResult
    {
        try requireReady()
        try Event.checkID(idempotencyKey, field: "Idempotency-Key", max: 255)
        if let user = input.userID { try Event.checkID(user, field: "user_id", max: 256) }
        let now = options.now()
        let outcome: CheckoutOutcome
        do {
            outcome = try await committer.perform { () async throws -> (CheckoutOutcome, [EventRecord]) in
                let outcome = try await self.store.checkout(cartID: cartID, idempotencyKey: idempotencyKey) { cart in
                    try self.buildOrder(cart, key: idempotencyKey, input: input, now: now)
                }
                guard case .placed(_, let events) = outcome else { return (outcome, []) }
                let cart = try await self.store.cart(cartID)
                for productID in Set(cart?.lines.map(\.productID) ?? []) {
                    if let product = try await self.storedProduct(productID) {
                        self.state.withLock { $0.upsert(product) }
                    }
                }
                return (outcome, events)
            }
        } catch {
            logger.error("checkout failed", metadata: ["error": "\(error)"])
            throw AffinityError(
                .unavailable, code: "store_unavailable", message: "the order could not be stored; retry")
        }
        switch outcome {
        case .placed(let row, _): return CheckoutResult(order: try Self.order(row), created: true)
        case .existing(let row): return CheckoutResult(order: try Self.order(row), created: false)
        case .keyReused(let row):
            throw AffinityError(
                .conflict, code: "idempotency_key_reused",
                message: "Idempotency-Key was already used for order \(row.id) of cart \(row.cartID)",
                field: "Idempotency-Key")
        case .cartNotFound: throw Self.cartNotFound(cartID)
        case .cartNotOpen(let status):
            throw AffinityError(.conflict, code: "cart_closed", message: "cart '\(cartID)' is \(status)")
        case .emptyCart:
            throw AffinityError(.invalid, code: "empty_cart", message: "the cart has no lines", field: "lines")
        case .insufficientStock(let productID, let available):
            throw AffinityError(
                .conflict, code: "insufficient_stock",
                message: "only \(available) of '\(productID)' available; nothing was ordered", field: "lines")
        }
    }

    package func order(_ id: String) async throws(AffinityError) -> Order {
        guard let row = try await storeCall({ try await self.store.order(id) }) else {
            throw AffinityError(.notFound, code: "unknown_order", message: "no order '\(id)'")
        }
        return try Self.order(row)
    }

    /// A user's orders, newest first.
    package func orders(userID: String, limit: Int = 100) async throws(AffinityError) -> [Order] {
        guard (1...500).contains(limit) else { throw .invalid("limit", "limit must be from 1 to 500") }
        return try await storeCall { try await self.store.orders(userID: userID, limit: limit) }.map {
            row throws(AffinityError) in try Self.order(row)
        }
    }

    private func buildOrder(_ cart: CartRow, key: String, input: CheckoutInput, now: Int64) throws -> (
        order: OrderRow, events: [EventRecord]
    ) {
        let id = "ord_" + Self.randomHex(10)
        let lines = cart.lines.map(CartLine.init)
        let total = lines.reduce(0) { Cart.saturatingSum($0, $1.lineTotalMinor) }
        let userID = input.userID ?? cart.userID
        let order = Order(
            id: id, cartID: cart.id, channel: cart.channel, currency: cart.currency, userID: userID,
            anonymousID: cart.anonymousID, email: input.email, lines: lines, totalMinor: total,
            paymentReference: input.paymentReference, idempotencyKey: key, createdAt: RFC3339.string(milliseconds: now))
        let event = Event(
            eventID: "order_" + id, type: "purchase", occurredAt: order.createdAt, channel: cart.channel,
            userID: userID, anonymousID: cart.anonymousID,
            items: lines.map {
                EventItem(
                    productID: $0.productID, variantID: $0.variantID, quantity: $0.quantity,
                    priceMinor: $0.unitPriceMinor,
                    currency: cart.currency, recommendationID: $0.recommendationID)
            },
            order: EventOrder(orderID: id, revenueMinor: total, currency: cart.currency))
        let row = OrderRow(
            id: id, idempotencyKey: key, cartID: cart.id, userID: userID, anonymousID: cart.anonymousID, createdAt: now,
            payload: String(decoding: try Self.productEncoder.encode(order), as: UTF8.self))
        return (row, [try EventCanonicalForm.record(event, occurredAt: now)])
    }

    static func order(_ row: OrderRow) throws(AffinityError) -> Order {
        do {
            return try JSONDecoder().decode(Order.self, from: Data(row.payload.utf8))
        } catch {
            throw AffinityError(
                .unavailable, code: "corrupt_order", message: "order \(row.id) cannot be read: \(error)")
        }
    }

    /// Runs a store read, turning a store failure into a logged 503 (an `AffinityError`
    /// thrown by `body` passes through).
    func storeCall<T>(_ body: () async throws -> T) async throws(AffinityError) -> T {
        do {
            return try await body()
        } catch let error as AffinityError {
            throw error
        } catch {
            logger.error("store read failed", metadata: ["error": "\(error)"])
            throw AffinityError(.unavailable, code: "store_unavailable", message: "the store could not be read; retry")
        }
    }
}
