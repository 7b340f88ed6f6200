import Foundation

extension SegmentMapper {
    /// What a track event's properties carry.
    enum Shape {
        /// One product in the properties themselves (`product_id`, `price`, …).
        case product
        /// `properties.products[]`.
        case products
        /// `properties.query`.
        case search
        /// `properties.products[]` plus `order_id`, `revenue` (or `total`), `currency`.
        case order
    }

    /// E-commerce spec v2 event names (and the v1 names Segment aliases to them),
    /// compared in lower case with `_` read as a space.
    static let tracks: [String: (type: String, shape: Shape)] = [
        "product viewed": ("product_view", .product), "viewed product": ("product_view", .product),
        "product clicked": ("product_view", .product), "clicked product": ("product_view", .product),
        "product added": ("add_to_cart", .product), "added product": ("add_to_cart", .product),
        "product removed": ("remove_from_cart", .product), "removed product": ("remove_from_cart", .product),
        "product list viewed": ("list_view", .products), "viewed product category": ("list_view", .products),
        "product list filtered": ("list_view", .products), "cart viewed": ("list_view", .products),
        "products searched": ("search", .search), "searched products": ("search", .search),
        "order completed": ("purchase", .order), "completed order": ("purchase", .order),
        // The products about to be bought: stored (checkout-abandonment campaigns read
        // them) and counted as a list view of them.
        "checkout started": ("list_view", .products), "started order": ("list_view", .products),
    ]

    /// Names that are deliberately not mapped, with the reason given back.
    static let unmapped: [String: String] = [:]

    /// The event a track call `name` with `properties` becomes (ids and time still to
    /// fill in), or why it is ignored; throws when the properties cannot be read.
    static func track(_ name: String, _ properties: JSONValue?) throws(AffinityError) -> IntegrationMapping.Outcome {
        let key = name.lowercased().replacingOccurrences(of: "_", with: " ")
        guard let (type, shape) = tracks[key] else {
            return .ignored(unmapped[key] ?? "no Affinity mapping for track event '\(name)'")
        }
        let properties = properties ?? .object([:])
        guard case .object = properties else { throw .invalid("properties", "properties must be an object") }
        let currency = properties["currency"]?.string
        let recommendation = properties["recommendation_id"]?.id
        var event = Event(eventID: "", type: type, occurredAt: "", recommendationID: recommendation)
        switch shape {
        case .product:
            var item = try ProductFields.segment.item(properties, field: "properties", currency: currency)
            item.recommendationID = nil
            event.items = [item]
            // A click on a list Affinity served is a click on the recommendation.
            if key.contains("clicked"), recommendation != nil { event.type = "rec_click" }
        case .products, .order:
            event.items = try ProductFields.segment.items(
                properties["products"], field: "properties.products", currency: currency)
            if shape == .products, event.items?.isEmpty != false { return .ignored("\(name) lists no products") }
            if shape == .order { event.order = try order(properties, currency: currency) }
        case .search:
            if let query = properties["query"], !query.isNull {
                guard let text = query.string else {
                    throw .invalid("properties.query", "properties.query must be a string")
                }
                event.query = text
            }
        }
        if let personalization = properties["consent"]?["personalization"]?.bool {
            event.consent = Consent(personalization: personalization)
        }
        return .event(event)
    }

    /// The order of Order Completed: `order_id`, with `revenue` (else `total`) in minor
    /// units; nil without an `order_id` (the purchase is still recorded).
    static func order(_ properties: JSONValue, currency: String?) throws(AffinityError) -> EventOrder? {
        guard let id = properties["order_id"]?.id else { return nil }
        var order = EventOrder(orderID: id, currency: currency)
        for field in ["revenue", "total"] {
            guard let amount = properties[field], !amount.isNull else { continue }
            order.revenueMinor = try CurrencyMinorUnits.minor(amount, currency: currency, field: "properties.\(field)")
            break
        }
        return order
    }
}
