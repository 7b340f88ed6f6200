/// One catalog product as the store keeps it: the canonical JSON the engine wrote, the
/// upstream versions that guard against out-of-order updates, and its stock row.
package struct ProductRecord: Sendable, Equatable {
    package var id: String
    package var payload: String
    package var sourceVersion: Int64?
    /// Version of the last applied price update (`PUT …/prices`), if any.
    package var pricesVersion: Int64?
    /// Milliseconds since the Unix epoch.
    package var updatedAt: Int64
    package var stock: StockRow

    package init(
        id: String, payload: String, sourceVersion: Int64?, pricesVersion: Int64? = nil, updatedAt: Int64,
        stock: StockRow
    ) {
        self.id = id
        self.payload = payload
        self.sourceVersion = sourceVersion
        self.pricesVersion = pricesVersion
        self.updatedAt = updatedAt
        self.stock = stock
    }
}

/// Sellable quantity of one product. The stock table is the source of truth (checkout
/// decrements it atomically); a product's payload never carries stock.
package struct StockRow: Sendable, Equatable {
    package var available: Int
    package var allowBackorder: Bool
    /// When false the product is always sellable and checkout does not decrement.
    package var manageInventory: Bool
    package var sourceVersion: Int64?

    package init(
        available: Int, allowBackorder: Bool = false, manageInventory: Bool = true, sourceVersion: Int64? = nil
    ) {
        self.available = available
        self.allowBackorder = allowBackorder
        self.manageInventory = manageInventory
        self.sourceVersion = sourceVersion
    }
}

/// The result of a versioned update.
package enum UpdateOutcome: Sendable, Equatable {
    case applied
    /// The update carried an older `source_version` than the stored one: ignored.
    case stale(stored: Int64)
    case notFound
}
