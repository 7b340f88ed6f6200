/// One line of an event that echoes a served list's `recommendation_id`: what an
/// experiment report counts, kept in its own index so a report reads the rows of its
/// experiment's lists instead of scanning and decoding the whole event log.
package struct AttributionLine: Sendable, Equatable {
    /// The served list the line is attributed to (the item's own id, else the event's).
    package var recommendationID: String
    /// The product of the line; nil for an event without items (an impression, a click).
    package var productID: String?
    package var quantity: Int
    /// Unit price in minor units, when the event states one.
    package var priceMinor: Int64?
    /// The line's currency (or the order's).
    package var currency: String?

    package init(
        recommendationID: String, productID: String? = nil, quantity: Int = 1, priceMinor: Int64? = nil,
        currency: String? = nil
    ) {
        self.recommendationID = recommendationID
        self.productID = productID
        self.quantity = quantity
        self.priceMinor = priceMinor
        self.currency = currency
    }
}

/// An attribution line as a report reads it back, with its event's columns.
package struct AttributionRow: Sendable, Equatable {
    /// Position in the attribution index (pages continue after it).
    package var id: Int64
    /// Log position of the event.
    package var sequence: Int64
    package var type: String
    /// Milliseconds since the Unix epoch.
    package var occurredAt: Int64
    package var line: AttributionLine

    package init(id: Int64, sequence: Int64, type: String, occurredAt: Int64, line: AttributionLine) {
        self.id = id
        self.sequence = sequence
        self.type = type
        self.occurredAt = occurredAt
        self.line = line
    }
}
