/// A shopper behaviour event as channels send it (snake_case on the wire).
///
/// Decoding only checks shapes and rejects unknown fields (a typo must not silently
/// drop data); ``validated(now:types:)`` checks values.
package struct Event: Codable, Sendable, Equatable {
    /// The sender's idempotency key: the same id and payload again is a no-op.
    package var eventID: String
    package var type: String
    /// RFC 3339 as sent; ``validated(now:types:)`` normalises it to UTC milliseconds.
    package var occurredAt: String
    package var channel: String?
    package var userID: String?
    package var anonymousID: String?
    package var sessionID: String?
    package var items: [EventItem]?
    package var query: String?
    package var order: EventOrder?
    /// Echoes the `recommendation_id` of the list this event came from (attribution).
    package var recommendationID: String?
    package var consent: Consent?
    /// Free-form object, at most ``Event/maxPropertiesBytes`` encoded.
    package var properties: JSONValue?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case eventID = "event_id"
        case type
        case occurredAt = "occurred_at"
        case channel
        case userID = "user_id"
        case anonymousID = "anonymous_id"
        case sessionID = "session_id"
        case items, query, order
        case recommendationID = "recommendation_id"
        case consent, properties
    }

    package init(
        eventID: String, type: String, occurredAt: String, channel: String? = nil,
        userID: String? = nil, anonymousID: String? = nil, sessionID: String? = nil,
        items: [EventItem]? = nil, query: String? = nil, order: EventOrder? = nil,
        recommendationID: String? = nil, consent: Consent? = nil, properties: JSONValue? = nil
    ) {
        self.eventID = eventID
        self.type = type
        self.occurredAt = occurredAt
        self.channel = channel
        self.userID = userID
        self.anonymousID = anonymousID
        self.sessionID = sessionID
        self.items = items
        self.query = query
        self.order = order
        self.recommendationID = recommendationID
        self.consent = consent
        self.properties = properties
    }

    package init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(decoder, known: CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        eventID = try c.decode(String.self, forKey: .eventID)
        type = try c.decode(String.self, forKey: .type)
        occurredAt = try c.decode(String.self, forKey: .occurredAt)
        channel = try c.decodeIfPresent(String.self, forKey: .channel)
        userID = try c.decodeIfPresent(String.self, forKey: .userID)
        anonymousID = try c.decodeIfPresent(String.self, forKey: .anonymousID)
        sessionID = try c.decodeIfPresent(String.self, forKey: .sessionID)
        items = try c.decodeIfPresent([EventItem].self, forKey: .items)
        query = try c.decodeIfPresent(String.self, forKey: .query)
        order = try c.decodeIfPresent(EventOrder.self, forKey: .order)
        recommendationID = try c.decodeIfPresent(String.self, forKey: .recommendationID)
        consent = try c.decodeIfPresent(Consent.self, forKey: .consent)
        properties = try c.decodeIfPresent(JSONValue.self, forKey: .properties)
    }
}

/// One product line of an event.
package struct EventItem: Codable, Sendable, Equatable {
    package var productID: String
    package var variantID: String?
    package var quantity: Int?
    package var priceMinor: Int64?
    package var currency: String?
    /// Zero-based position in the list the shopper saw.
    package var position: Int?
    /// The list this line came from, when it differs per line (a checkout's lines were
    /// added from different recommendations); overrides the event's `recommendation_id`.
    package var recommendationID: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case productID = "product_id"
        case variantID = "variant_id"
        case quantity
        case priceMinor = "price_minor"
        case currency, position
        case recommendationID = "recommendation_id"
    }

    package init(
        productID: String, variantID: String? = nil, quantity: Int? = nil, priceMinor: Int64? = nil,
        currency: String? = nil, position: Int? = nil, recommendationID: String? = nil
    ) {
        self.recommendationID = recommendationID
        self.productID = productID
        self.variantID = variantID
        self.quantity = quantity
        self.priceMinor = priceMinor
        self.currency = currency
        self.position = position
    }

    package init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(decoder, known: CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        productID = try c.decode(String.self, forKey: .productID)
        variantID = try c.decodeIfPresent(String.self, forKey: .variantID)
        quantity = try c.decodeIfPresent(Int.self, forKey: .quantity)
        priceMinor = try c.decodeIfPresent(Int64.self, forKey: .priceMinor)
        currency = try c.decodeIfPresent(String.self, forKey: .currency)
        position = try c.decodeIfPresent(Int.self, forKey: .position)
        recommendationID = try c.decodeIfPresent(String.self, forKey: .recommendationID)
    }
}

/// The order a `purchase` event completes.
package struct EventOrder: Codable, Sendable, Equatable {
    package var orderID: String
    package var revenueMinor: Int64?
    package var currency: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case orderID = "order_id"
        case revenueMinor = "revenue_minor"
        case currency
    }

    package init(orderID: String, revenueMinor: Int64? = nil, currency: String? = nil) {
        self.orderID = orderID
        self.revenueMinor = revenueMinor
        self.currency = currency
    }

    package init(from decoder: any Decoder) throws {
        try rejectUnknownKeys(decoder, known: CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        orderID = try c.decode(String.self, forKey: .orderID)
        revenueMinor = try c.decodeIfPresent(Int64.self, forKey: .revenueMinor)
        currency = try c.decodeIfPresent(String.self, forKey: .currency)
    }
}

/// What the shopper agreed to. With `personalization: false` an event is stored (for
/// analytics and export) but never applied to the recommendation model: it shapes
/// neither that shopper's lists nor anyone else's.
package struct Consent: Codable, Sendable, Equatable {
    package var personalization: Bool

    package init(personalization: Bool) { self.personalization = personalization }
}
