import Foundation

/// Limits and rules that an event must meet before it is stored.
package struct EventRules: Sendable {
    /// Built-in event types; config may declare more.
    ///
    /// `identify` only links `user_id` and `anonymous_id` (Segment's identify and alias
    /// calls, a login): it must carry both and no items. The model weighs kinds it has no
    /// weight for as `default_event_weight`, but an itemless event never reaches it, so
    /// an `identify` changes no score.
    package static let builtInTypes: Set<String> = [
        "product_view", "list_view", "search", "add_to_cart", "remove_from_cart", "purchase",
        "rec_impression", "rec_click", "identify",
    ]
    /// Types that are about specific products and so must carry `items`.
    package static let itemTypes: Set<String> = ["product_view", "add_to_cart", "remove_from_cart", "purchase"]

    package var types: Set<String>
    package var maxIDLength = 128
    package var maxShopperIDLength = 256
    package var maxItems = 500
    package var maxQueryLength = 1024
    package var maxPropertiesBytes = 8 * 1024
    /// How far in the future `occurred_at` may be (clock skew), in milliseconds.
    package var maxFutureMillis: Int64 = 24 * 3600 * 1000

    package init(customTypes: Set<String> = []) {
        types = Self.builtInTypes.union(customTypes)
    }
}

extension Event {
    /// The largest unit price accepted anywhere (10^12 minor units: ten billion in a
    /// two-decimal currency), so price × quantity (≤ 10^6) and sums of many lines stay far
    /// from Int64's limit.
    package static let maxPriceMinor: Int64 = 1_000_000_000_000
}

extension Event {
    /// Checks every value and returns the event normalised (UTC `occurred_at`, upper-case
    /// currencies) with its time in milliseconds, or throws a 422 naming the field.
    package func validated(now: Int64, rules: EventRules) throws(AffinityError) -> (event: Event, occurredAt: Int64) {
        var event = self
        try Self.checkID(eventID, field: "event_id", max: rules.maxIDLength)
        guard rules.types.contains(type) else {
            throw .invalid(
                "type", "unknown event type '\(type)'; known types: \(rules.types.sorted().joined(separator: ", "))",
                code: "unknown_event_type")
        }
        guard let millis = RFC3339.milliseconds(occurredAt) else {
            throw .invalid("occurred_at", "'\(occurredAt)' is not an RFC 3339 timestamp such as 2026-11-27T10:15:30Z")
        }
        guard millis <= now + rules.maxFutureMillis else {
            throw .invalid("occurred_at", "'\(occurredAt)' is more than 24 hours in the future")
        }
        event.occurredAt = RFC3339.string(milliseconds: millis)
        guard userID != nil || anonymousID != nil else {
            throw .invalid("user_id", "an event needs user_id or anonymous_id (or both, which links them)")
        }
        if type == "identify", userID == nil || anonymousID == nil {
            throw .invalid(
                userID == nil ? "user_id" : "anonymous_id",
                "an identify event links user_id and anonymous_id: send both")
        }
        if let userID { try Self.checkID(userID, field: "user_id", max: rules.maxShopperIDLength) }
        if let anonymousID { try Self.checkID(anonymousID, field: "anonymous_id", max: rules.maxShopperIDLength) }
        if let sessionID { try Self.checkID(sessionID, field: "session_id", max: rules.maxShopperIDLength) }
        if let channel { try Self.checkID(channel, field: "channel", max: 64) }
        if let recommendationID {
            try Self.checkID(recommendationID, field: "recommendation_id", max: rules.maxIDLength)
        }
        try validateItems(into: &event, rules: rules)
        if let query, query.utf8.count > rules.maxQueryLength {
            throw .invalid("query", "query is longer than \(rules.maxQueryLength) bytes")
        }
        if type == "search", (query ?? "").isEmpty, (items ?? []).isEmpty {
            throw .invalid("query", "a search event needs a query")
        }
        if let order {
            try Self.checkID(order.orderID, field: "order.order_id", max: rules.maxIDLength)
            if let revenue = order.revenueMinor, revenue < 0 {
                throw .invalid("order.revenue_minor", "revenue_minor must be ≥ 0 (integer minor units)")
            }
            if let currency = order.currency {
                event.order?.currency = try Self.currency(currency, field: "order.currency")
            }
        }
        if let properties {
            guard properties.isObject else { throw .invalid("properties", "properties must be a JSON object") }
            let size = (try? EventCanonicalForm.encoder.encode(properties).count) ?? Int.max
            guard size <= rules.maxPropertiesBytes else {
                throw .invalid("properties", "properties is \(size) bytes; the limit is \(rules.maxPropertiesBytes)")
            }
        }
        return (event, millis)
    }

    private func validateItems(into event: inout Event, rules: EventRules) throws(AffinityError) {
        let list = items ?? []
        if EventRules.itemTypes.contains(type), list.isEmpty {
            throw .invalid("items", "a \(type) event needs at least one item with a product_id")
        }
        if type == "identify", !list.isEmpty {
            throw .invalid("items", "an identify event carries no items: it only links user_id and anonymous_id")
        }
        guard list.count <= rules.maxItems else {
            throw .invalid("items", "at most \(rules.maxItems) items per event (got \(list.count))")
        }
        for (index, item) in list.enumerated() {
            let field = "items[\(index)]"
            try Self.checkID(item.productID, field: field + ".product_id", max: rules.maxIDLength)
            if let variant = item.variantID {
                try Self.checkID(variant, field: field + ".variant_id", max: rules.maxIDLength)
            }
            if let quantity = item.quantity, quantity < 1 || quantity > 1_000_000 {
                throw .invalid(field + ".quantity", "quantity must be a whole number from 1 to 1000000")
            }
            if let price = item.priceMinor, price < 0 || price > Event.maxPriceMinor {
                throw .invalid(
                    field + ".price_minor",
                    "price_minor must be from 0 to \(Event.maxPriceMinor) (integer minor units)")
            }
            if let recommendation = item.recommendationID {
                try Self.checkID(recommendation, field: field + ".recommendation_id", max: rules.maxIDLength)
            }
            if let position = item.position, position < 0 {
                throw .invalid(field + ".position", "position must be ≥ 0")
            }
            if let currency = item.currency {
                event.items?[index].currency = try Self.currency(currency, field: field + ".currency")
            }
        }
    }

    /// Ids are non-empty, bounded, and free of control characters (the store joins
    /// product ids with one).
    static func checkID(_ value: String, field: String, max: Int) throws(AffinityError) {
        guard !value.isEmpty else { throw .invalid(field, "\(field) must not be empty") }
        guard value.utf8.count <= max else { throw .invalid(field, "\(field) is longer than \(max) bytes") }
        guard !value.utf8.contains(where: { $0 < 32 || $0 == 127 }) else {
            throw .invalid(field, "\(field) must not contain control characters")
        }
    }

    static func currency(_ code: String, field: String) throws(AffinityError) -> String {
        let upper = code.uppercased()
        guard upper.utf8.count == 3, upper.utf8.allSatisfy({ $0 >= 65 && $0 <= 90 }) else {
            throw .invalid(field, "'\(code)' is not an ISO 4217 currency code such as EUR")
        }
        return upper
    }
}
