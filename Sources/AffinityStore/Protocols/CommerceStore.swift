/// Carts and orders. Every change that emits events appends them to the event log in
/// the same transaction, so a cart line or an order never exists without its event.
package protocol CommerceStore: Sendable {
    func cart(_ id: String) async throws -> CartRow?

    /// Creates a cart or changes one in one transaction: `body` gets the current cart
    /// (nil when creating) and a stock reader, and returns the new cart and the events
    /// the change emits. Returns the cart and the events as committed (with sequences;
    /// duplicates of stored events are left out).
    func writeCart(
        _ id: String,
        _ body:
            @escaping @Sendable (CartRow?, (String) throws -> StockRow?) throws -> (
                cart: CartRow, events: [EventRecord]
            )
    ) async throws -> (cart: CartRow, events: [EventRecord])

    /// Places an order for a cart atomically: stock of every managed line is decremented
    /// only if enough is sellable (so concurrent checkouts never oversell), the order is
    /// stored under its idempotency key, the cart closed and the purchase events logged —
    /// all in one transaction, or none of it.
    func checkout(
        cartID: String, idempotencyKey: String,
        build: @escaping @Sendable (CartRow) throws -> (order: OrderRow, events: [EventRecord])
    ) async throws -> CheckoutOutcome

    func order(_ id: String) async throws -> OrderRow?

    /// A user's orders, newest first.
    func orders(userID: String, limit: Int) async throws -> [OrderRow]
}
