/// One catalog product as the store keeps it: the canonical JSON the engine wrote, the
/// upstream versions that guard against out-of-order updates, and its stock row.
public struct ProductRecord: Sendable, Equatable {
    public var id: String
    public var payload: String
    public var sourceVersion: Int64?
    /// Version of the last applied price update (`PUT …/prices`), if any.
    public var pricesVersion: Int64?
    /// Milliseconds since the Unix epoch.
    public var updatedAt: Int64
    public var stock: StockRow

    public init(
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
public struct StockRow: Sendable, Equatable {
    public var available: Int
    public var allowBackorder: Bool
    /// When false the product is always sellable and checkout does not decrement.
    public var manageInventory: Bool
    public var sourceVersion: Int64?

    public init(available: Int, allowBackorder: Bool = false, manageInventory: Bool = true, sourceVersion: Int64? = nil)
    {
        self.available = available
        self.allowBackorder = allowBackorder
        self.manageInventory = manageInventory
        self.sourceVersion = sourceVersion
    }
}

/// The result of a versioned update.
public enum UpdateOutcome: Sendable, Equatable {
    case applied
    /// The update carried an older `source_version` than the stored one: ignored.
    case stale(stored: Int64)
    case notFound
}
