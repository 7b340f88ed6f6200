import Foundation

/// The CSV form of events, for data jobs and the committed demo log.
///
/// Header names the columns (any order; unknown columns are an error): `event_id`,
/// `type`, `occurred_at`, `channel`, `user_id`, `anonymous_id`, `session_id`, `items`
/// (`product_id[:quantity[:price_minor]]` joined by `|`), `product_id` (one item),
/// `currency`, `query`, `order_id`, `revenue_minor`, `recommendation_id`.
package struct EventCSV: Sendable {
    package static let columns = [
        "event_id", "type", "occurred_at", "channel", "user_id", "anonymous_id", "session_id", "items", "product_id",
        "currency", "query", "order_id", "revenue_minor", "recommendation_id",
    ]
    /// The columns the demo file is written with.
    package static let demoColumns = [
        "event_id", "type", "occurred_at", "channel", "user_id", "anonymous_id", "session_id", "items", "currency",
        "query", "order_id", "revenue_minor",
    ]
    let index: [String: Int]

    /// Reads the header; throws naming an unknown column.
    package init(header: some Collection<UInt8>) throws(AffinityError) {
        var index: [String: Int] = [:]
        var bytes = Array(header)
        if bytes.starts(with: [0xEF, 0xBB, 0xBF]) { bytes.removeFirst(3) }  // a UTF-8 byte-order mark
        for (position, name) in CSVLine.fields(bytes).enumerated() {
            let column = name.trimmingCharacters(in: .whitespaces).lowercased()
            guard Self.columns.contains(column) else {
                throw .invalid(
                    "header", "unknown CSV column '\(name)'; known: \(Self.columns.joined(separator: ", "))",
                    code: "unknown_column")
            }
            index[column] = position
        }
        self.index = index
    }

    /// One data row as an event (validated later, like JSON events).
    package func event(_ line: some Collection<UInt8>) throws(AffinityError) -> Event {
        let fields = CSVLine.fields(line)
        func value(_ column: String) -> String? {
            guard let position = index[column], position < fields.count, !fields[position].isEmpty else { return nil }
            return fields[position]
        }
        func integer(_ text: String, _ field: String) throws(AffinityError) -> Int64 {
            guard let number = Int64(text) else { throw .invalid(field, "'\(text)' is not a whole number") }
            return number
        }
        let currency = value("currency")
        var items: [EventItem] = []
        if let product = value("product_id") { items.append(EventItem(productID: product, currency: nil)) }
        for (position, part) in (value("items")?.split(separator: "|") ?? []).enumerated() {
            let pieces = part.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
            var item = EventItem(productID: pieces[0])
            if pieces.count > 1, !pieces[1].isEmpty {
                item.quantity = Int(try integer(pieces[1], "items[\(position)].quantity"))
            }
            if pieces.count > 2, !pieces[2].isEmpty {
                item.priceMinor = try integer(pieces[2], "items[\(position)].price_minor")
                item.currency = currency
            }
            items.append(item)
        }
        var order: EventOrder?
        if let orderID = value("order_id") {
            order = EventOrder(
                orderID: orderID,
                revenueMinor: try value("revenue_minor").map { t throws(AffinityError) in
                    try integer(t, "revenue_minor")
                },
                currency: currency)
        }
        return Event(
            eventID: value("event_id") ?? "", type: value("type") ?? "", occurredAt: value("occurred_at") ?? "",
            channel: value("channel"), userID: value("user_id"), anonymousID: value("anonymous_id"),
            sessionID: value("session_id"), items: items.isEmpty ? nil : items, query: value("query"), order: order,
            recommendationID: value("recommendation_id"))
    }

    /// A row in ``demoColumns`` order.
    package static func row(_ event: Event) -> String {
        let items = (event.items ?? []).map { item in
            var text = item.productID
            if item.quantity != nil || item.priceMinor != nil { text += ":" + (item.quantity.map(String.init) ?? "") }
            if let price = item.priceMinor { text += ":\(price)" }
            return text
        }.joined(separator: "|")
        let currency = event.order?.currency ?? event.items?.first?.currency
        let fields = [
            event.eventID, event.type, event.occurredAt, event.channel ?? "", event.userID ?? "",
            event.anonymousID ?? "", event.sessionID ?? "", items, currency ?? "", event.query ?? "",
            event.order?.orderID ?? "", event.order?.revenueMinor.map(String.init) ?? "",
        ]
        return fields.map(CSVLine.escape).joined(separator: ",")
    }
}
