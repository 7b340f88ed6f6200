import Foundation

/// Maps Shopify webhook payloads (REST Admin API JSON) to catalog changes and purchase
/// events. Pure: no store, no clock. See `docs/webhooks.md` for the field table.
package enum ShopifyMapping {
    /// What the mapping needs besides the payload.
    package struct Context: Sendable {
        /// The shop's currency: prices go only to channels selling in it (never converted).
        package var currency: String
        package var channels: [Channel]
        /// `X-Affinity-Product-Id`: the product an `inventory_levels/update` is for.
        package var productID: String?
        /// `X-Shopify-Triggered-At` in Unix milliseconds: the version of a delete.
        package var triggeredAt: Int64?
        /// The channel purchase events are logged in, if any.
        package var orderChannel: String?

        package init(
            currency: String, channels: [Channel], productID: String? = nil, triggeredAt: Int64? = nil,
            orderChannel: String? = nil
        ) {
            self.currency = currency
            self.channels = channels
            self.productID = productID
            self.triggeredAt = triggeredAt
            self.orderChannel = orderChannel
        }
    }

    /// The topics mapped; any other topic is acknowledged and ignored.
    package static let topics = [
        "products/create", "products/update", "products/delete", "inventory_levels/update", "orders/create",
    ]

    /// The attribute that keeps a product's variant inventory item ids, so that an
    /// `inventory_levels/update` can find its product.
    package static let inventoryItemsAttribute = "shopify_inventory_item_ids"

    /// Maps one delivery of `topic`.
    package static func change(topic: String, body: some Collection<UInt8>, context: Context) throws(AffinityError)
        -> WebhookChange
    {
        switch topic {
        case "products/create", "products/update":
            return .upsertProduct(try product(EventDecoding.decode(ShopifyProduct.self, from: body), context: context))
        case "products/delete":
            let payload = try EventDecoding.decode(ShopifyDeletion.self, from: body)
            return .deleteProduct(id: payload.id.value, sourceVersion: context.triggeredAt)
        case "inventory_levels/update":
            let level = try EventDecoding.decode(ShopifyInventoryLevel.self, from: body)
            guard let available = level.available else {
                return .ignored(reason: "inventory item \(level.inventoryItemID.value) is not tracked at this location")
            }
            return .inventoryLevel(
                inventoryItemID: level.inventoryItemID.value, available: max(0, available),
                sourceVersion: try version(level.updatedAt, field: "updated_at"), productID: context.productID)
        case "orders/create":
            return try purchase(EventDecoding.decode(ShopifyOrder.self, from: body), context: context)
        default:
            return .ignored(reason: "topic '\(topic)' is not mapped; mapped topics: \(topics.joined(separator: ", "))")
        }
    }

    /// A Shopify product as an Affinity product.
    package static func product(_ shop: ShopifyProduct, context: Context) throws(AffinityError) -> Product {
        let currency = context.currency.uppercased()
        var prices: [Price] = []
        if let text = shop.variants.first?.price {
            guard let amount = minorUnits(text, currency: currency) else {
                throw .invalid("variants[0].price", "'\(text)' is not a price in \(currency)")
            }
            prices = context.channels.filter { $0.currency == currency }.map {
                Price(channel: $0.id, amountMinor: amount, currency: currency)
            }
        }
        let published = shop.status == nil || shop.status == "active"
        let itemIDs = shop.variants.compactMap(\.inventoryItemID?.value)
        return Product(
            id: shop.id.value, title: shop.title, description: nonEmpty(shop.bodyHTML),
            categories: nonEmpty(shop.productType).map { [$0] } ?? [], brand: nonEmpty(shop.vendor),
            tags: (shop.tags ?? "").split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            },
            attributes: itemIDs.isEmpty ? [:] : [inventoryItemsAttribute: .array(itemIDs.map(JSONValue.string))],
            imageURL: shop.images?.first?.src ?? shop.image?.src, url: nonEmpty(shop.handle).map { "/products/" + $0 },
            createdAt: shop.createdAt.flatMap(RFC3339.milliseconds).map { RFC3339.string(milliseconds: $0) },
            sourceVersion: try version(shop.updatedAt, field: "updated_at"),
            listings: context.channels.map { Listing(channel: $0.id, published: published) }, prices: prices,
            stock: Stock(
                available: shop.variants.reduce(0) { $0 + max(0, $1.inventoryQuantity ?? 0) },
                allowBackorder: shop.variants.contains { $0.inventoryPolicy == "continue" }))
    }

    /// An order's product lines as one `purchase` event (`webhook_order_shopify_<id>`).
    static func purchase(_ order: ShopifyOrder, context: Context) throws(AffinityError) -> WebhookChange {
        let currency = order.currency?.uppercased()
        var items: [EventItem] = []
        for (index, line) in order.lineItems.enumerated() {
            guard let product = line.productID else { continue }
            var price: Int64?
            if let text = line.price, let currency {
                guard let amount = minorUnits(text, currency: currency) else {
                    throw .invalid("line_items[\(index)].price", "'\(text)' is not a price in \(currency)")
                }
                price = amount
            }
            items.append(
                EventItem(
                    productID: product.value, variantID: line.variantID?.value, quantity: line.quantity,
                    priceMinor: price, currency: price == nil ? nil : currency))
        }
        guard !items.isEmpty else { return .ignored(reason: "order \(order.id.value) has no product lines") }
        guard let occurredAt = order.createdAt.flatMap(RFC3339.milliseconds) else {
            throw .invalid("created_at", "an order needs an RFC 3339 created_at")
        }
        let customer = order.customer?.id?.value
        return .purchase(
            Event(
                eventID: "webhook_order_shopify_" + order.id.value, type: "purchase",
                occurredAt: RFC3339.string(milliseconds: occurredAt), channel: context.orderChannel,
                userID: customer, anonymousID: customer == nil ? "shopify_order_" + order.id.value : nil, items: items,
                order: EventOrder(
                    orderID: order.id.value,
                    revenueMinor: currency.flatMap { c in order.totalPrice.flatMap { minorUnits($0, currency: c) } },
                    currency: currency)))
    }

    /// `"19.99"` in EUR → 1999; `"1200"` in JPY → 1200. `nil` for text that is not a
    /// non-negative decimal or has more decimals than the currency.
    package static func minorUnits(_ text: String, currency: String) -> Int64? {
        let exponent = zeroDecimal.contains(currency) ? 0 : threeDecimal.contains(currency) ? 3 : 2
        let parts = text.trimmingCharacters(in: .whitespaces).split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count <= 2, let whole = parts.first, !whole.isEmpty, whole.allSatisfy(\.isASCIIDigitCharacter)
        else { return nil }
        var fraction = parts.count == 2 ? String(parts[1]) : ""
        guard fraction.allSatisfy(\.isASCIIDigitCharacter) else { return nil }
        while fraction.count > exponent, fraction.last == "0" { fraction.removeLast() }
        guard fraction.count <= exponent else { return nil }
        fraction += String(repeating: "0", count: exponent - fraction.count)
        return Int64(whole + fraction)
    }

    static let zeroDecimal: Set<String> = [
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "VND", "VUV", "XAF", "XOF", "XPF",
    ]
    static let threeDecimal: Set<String> = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]

    static func version(_ text: String?, field: String) throws(AffinityError) -> Int64? {
        guard let text else { return nil }
        guard let millis = RFC3339.milliseconds(text) else {
            throw .invalid(field, "'\(text)' is not an RFC 3339 timestamp")
        }
        return millis
    }

    static func nonEmpty(_ text: String?) -> String? {
        guard let text, !text.trimmingCharacters(in: .whitespaces).isEmpty else { return nil }
        return text
    }
}

extension Character {
    fileprivate var isASCIIDigitCharacter: Bool { isASCII && isNumber }
}
