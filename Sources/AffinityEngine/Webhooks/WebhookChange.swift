/// One upstream change a webhook delivery carries, after mapping from the source's
/// payload shape and before it touches the catalog or the event log.
package enum WebhookChange: Sendable, Equatable {
    /// Create or replace a product (with its stock), as `PUT /v1/products/{id}`.
    case upsertProduct(Product)
    /// Remove a product, as `DELETE /v1/products/{id}`.
    case deleteProduct(id: String, sourceVersion: Int64?)
    /// Set a product's stock, as `PUT /v1/products/{id}/stock`.
    case setStock(productID: String, StockUpdate)
    /// Replace a product's prices, as `PUT /v1/products/{id}/prices`.
    case setPrices(productID: String, PricesUpdate)
    /// Stock of an upstream inventory item, resolved to a product by the engine (through
    /// `productID` when the caller names it, otherwise the `shopify_inventory_item_ids`
    /// attribute stored at product upsert time).
    case inventoryLevel(inventoryItemID: String, available: Int, sourceVersion: Int64?, productID: String?)
    /// An order: logged as one `purchase` event.
    case purchase(Event)
    /// Nothing to do (an unhandled topic, an order without catalog lines); `reason` says why.
    case ignored(reason: String)
}

/// The answer to a webhook delivery.
///
/// `status` is `applied` or `stale` (with `stored_version`) for catalog changes,
/// `accepted` for a new purchase event, `duplicate` for a redelivery (same delivery id,
/// or an order already logged), `not_found` for a delete of an unknown product, and
/// `ignored` when the delivery carries nothing to apply.
package struct WebhookResult: Sendable, Encodable, Equatable {
    package var status: String
    /// The change's kind: `product.upsert`, `product.delete`, `stock.update`, `prices.update`, `order.created`.
    package var type: String?
    /// The product the change applied to.
    package var id: String?
    package var storedVersion: Int64?
    /// The purchase event's id, for orders.
    package var eventID: String?
    package var message: String?

    enum CodingKeys: String, CodingKey {
        case status, type, id
        case storedVersion = "stored_version"
        case eventID = "event_id"
        case message
    }

    package init(
        status: String, type: String? = nil, id: String? = nil, storedVersion: Int64? = nil, eventID: String? = nil,
        message: String? = nil
    ) {
        self.status = status
        self.type = type
        self.id = id
        self.storedVersion = storedVersion
        self.eventID = eventID
        self.message = message
    }

    /// A redelivery: nothing was done.
    package static let duplicate = WebhookResult(
        status: "duplicate", message: "this delivery id was processed before; nothing was changed")
}

extension WebhookChange {
    /// The generic payload's type name for this change.
    var typeName: String? {
        switch self {
        case .upsertProduct: "product.upsert"
        case .deleteProduct: "product.delete"
        case .setStock, .inventoryLevel: "stock.update"
        case .setPrices: "prices.update"
        case .purchase: "order.created"
        case .ignored: nil
        }
    }
}
