/// A shopping cart as stored. Lines hold the unit price taken from the catalog for the
/// cart's channel when the line was last changed.
package struct CartRow: Sendable, Equatable {
    package var id: String
    package var channel: String
    package var currency: String
    package var userID: String?
    package var anonymousID: String?
    /// `open` or `checked_out`.
    package var status: String
    package var createdAt: Int64
    package var updatedAt: Int64
    package var lines: [CartLineRow]

    package init(
        id: String, channel: String, currency: String, userID: String?, anonymousID: String?, status: String = "open",
        createdAt: Int64, updatedAt: Int64, lines: [CartLineRow] = []
    ) {
        self.id = id
        self.channel = channel
        self.currency = currency
        self.userID = userID
        self.anonymousID = anonymousID
        self.status = status
        self.createdAt = createdAt
        self.updatedAt = updatedAt
        self.lines = lines
    }
}

/// One cart line: a product (or variant) and its quantity.
package struct CartLineRow: Sendable, Equatable {
    package var lineID: String
    package var productID: String
    package var variantID: String?
    package var quantity: Int
    package var unitPriceMinor: Int64
    /// The served list the line was added from (attribution of the checkout's purchase).
    package var recommendationID: String?

    package init(
        lineID: String, productID: String, variantID: String?, quantity: Int, unitPriceMinor: Int64,
        recommendationID: String? = nil
    ) {
        self.recommendationID = recommendationID
        self.lineID = lineID
        self.productID = productID
        self.variantID = variantID
        self.quantity = quantity
        self.unitPriceMinor = unitPriceMinor
    }
}

/// A placed order as stored: its identity plus the engine's JSON.
package struct OrderRow: Sendable, Equatable {
    package var id: String
    package var idempotencyKey: String
    package var cartID: String
    package var userID: String?
    package var anonymousID: String?
    package var createdAt: Int64
    package var payload: String

    package init(
        id: String, idempotencyKey: String, cartID: String, userID: String?, anonymousID: String?, createdAt: Int64,
        payload: String
    ) {
        self.id = id
        self.idempotencyKey = idempotencyKey
        self.cartID = cartID
        self.userID = userID
        self.anonymousID = anonymousID
        self.createdAt = createdAt
        self.payload = payload
    }
}

/// What a checkout attempt did.
package enum CheckoutOutcome: Sendable, Equatable {
    /// A new order, with the purchase events committed in the same transaction.
    case placed(OrderRow, events: [EventRecord])
    /// The idempotency key was used before for this cart: the original order.
    case existing(OrderRow)
    /// The idempotency key belongs to another cart's order.
    case keyReused(OrderRow)
    case cartNotFound
    case cartNotOpen(status: String)
    case emptyCart
    /// Not enough sellable stock for a line; nothing was changed.
    case insufficientStock(productID: String, available: Int)
}
