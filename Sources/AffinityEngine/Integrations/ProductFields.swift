/// How a tracker names a product line's fields: Segment's `product_id`/`sku`,
/// `price`, `quantity`, 1-based `position`; GA4's `item_id`, `price`, `quantity`,
/// 0-based `index`. One reader turns either into an ``EventItem``.
struct ProductFields: Sendable {
    /// Tried in order; the first usable id wins.
    var idKeys: [String]
    var positionKey: String
    /// What the tracker's first position is (Segment counts from 1, Affinity from 0).
    var firstPosition: Int

    static let segment = ProductFields(idKeys: ["product_id", "sku", "id"], positionKey: "position", firstPosition: 1)
    static let ga4 = ProductFields(idKeys: ["item_id"], positionKey: "index", firstPosition: 0)

    /// The line `value` describes; `field` locates it in the call for errors
    /// (`properties.products[2]`). The price is converted to minor units of `currency`.
    func item(_ value: JSONValue, field: String, currency: String?) throws(AffinityError) -> EventItem {
        guard case .object = value else { throw .invalid(field, "\(field) must be an object") }
        guard let productID = idKeys.lazy.compactMap({ value[$0]?.id }).first else {
            throw AffinityError(
                .invalid, code: "missing_field",
                message: "\(field) needs \(idKeys.map { "\(field).\($0)" }.joined(separator: " or "))",
                field: "\(field).\(idKeys[0])")
        }
        var item = EventItem(productID: productID)
        if let price = value["price"], !price.isNull {
            item.priceMinor = try CurrencyMinorUnits.minor(price, currency: currency, field: "\(field).price")
            item.currency = currency
        }
        if let quantity = value["quantity"], !quantity.isNull {
            guard let whole = quantity.wholeNumber, let count = Int(exactly: whole) else {
                throw .invalid("\(field).quantity", "\(field).quantity must be a whole number")
            }
            item.quantity = count
        }
        if let position = value[positionKey], !position.isNull {
            guard let whole = position.wholeNumber, let index = Int(exactly: whole) else {
                throw .invalid("\(field).\(positionKey)", "\(field).\(positionKey) must be a whole number")
            }
            item.position = max(0, index - firstPosition)
        }
        item.recommendationID = value["recommendation_id"]?.id
        return item
    }

    /// The lines of an array member (`products`, `items`); an absent or null one is no lines.
    func items(_ value: JSONValue?, field: String, currency: String?) throws(AffinityError) -> [EventItem] {
        guard let value, !value.isNull else { return [] }
        guard let list = value.array else { throw .invalid(field, "\(field) must be an array") }
        var items: [EventItem] = []
        for (index, line) in list.enumerated() {
            items.append(try item(line, field: "\(field)[\(index)]", currency: currency))
        }
        return items
    }
}
