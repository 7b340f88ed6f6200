/// The import fast path: one JSON event object straight from bytes into ``Event``,
/// without `JSONDecoder`'s `Codable` machinery.
///
/// Contract: it returns the event only when the input is well-formed, every field has
/// the right type and no key is unknown or repeated; on anything else it returns `nil`
/// and the caller decodes with `JSONDecoder`, which produces the precise error. So
/// whatever this accepts, `JSONDecoder` accepts with the same value.
enum EventJSONParser {
    static let eventKeys: [StaticString] = [
        "event_id", "type", "occurred_at", "channel", "user_id", "anonymous_id", "session_id", "items", "query",
        "order", "recommendation_id", "consent", "properties",
    ]
    static let itemKeys: [StaticString] = [
        "product_id", "variant_id", "quantity", "price_minor", "currency", "position", "recommendation_id",
    ]
    static let orderKeys: [StaticString] = ["order_id", "revenue_minor", "currency"]
    static let consentKeys: [StaticString] = ["personalization"]
    static let envelopeKeys: [StaticString] = ["events"]

    /// The event in `bytes`, or `nil` when the slow path must decide.
    static func event(_ bytes: some Collection<UInt8>) -> Event? {
        if let event = bytes.withContiguousStorageIfAvailable({ parse($0) }) { return event }
        return Array(bytes).withUnsafeBufferPointer { parse($0) }
    }

    static func parse(_ buffer: UnsafeBufferPointer<UInt8>) -> Event? {
        var scanner = JSONScanner(buffer)
        guard let event = scanner.event(), scanner.atEnd() else { return nil }
        return event
    }

    /// The events of a `{"events": [...]}` body (the `POST /v1/events` batch form), or
    /// `nil` when the slow path must decide; same contract as ``event(_:)``.
    static func envelope(_ bytes: some Collection<UInt8>) -> [Event]? {
        if let events = bytes.withContiguousStorageIfAvailable({ parseEnvelope($0) }) { return events }
        return Array(bytes).withUnsafeBufferPointer { parseEnvelope($0) }
    }

    static func parseEnvelope(_ buffer: UnsafeBufferPointer<UInt8>) -> [Event]? {
        var scanner = JSONScanner(buffer)
        var events: [Event]?
        let ok = scanner.object(envelopeKeys) { scanner, _ in
            events = scanner.events()
            return events != nil
        }
        guard ok, scanner.atEnd() else { return nil }
        return events
    }
}

extension JSONScanner {
    /// Consumes the members of an object, calling `member` with each key's index in
    /// `names` (the scanner at its value). Unknown and repeated keys fail.
    mutating func object(_ names: [StaticString], _ member: (inout JSONScanner, Int) -> Bool) -> Bool {
        guard consume(UInt8(ascii: "{")) else { return false }
        var first = true
        var seen: UInt32 = 0
        while true {
            guard let more = hasMember(&first) else { return false }
            if !more { return true }
            guard let range = rawKey(), let key = key(range, in: names), seen & (1 << key) == 0 else { return false }
            seen |= 1 << key
            guard member(&self, key) else { return false }
        }
    }

    /// A string or `null` into `field` (`false` for anything else).
    mutating func optionalString(_ field: inout String?) -> Bool {
        if null() { return true }
        field = string()
        return field != nil
    }

    mutating func event() -> Event? {
        var event = Event(eventID: "", type: "", occurredAt: "")
        var required = 0
        let ok = object(EventJSONParser.eventKeys) { scanner, key in
            switch key {
            case 0, 1, 2:
                guard let text = scanner.string() else { return false }
                required += 1
                switch key {
                case 0: event.eventID = text
                case 1: event.type = text
                default: event.occurredAt = text
                }
                return true
            case 3: return scanner.optionalString(&event.channel)
            case 4: return scanner.optionalString(&event.userID)
            case 5: return scanner.optionalString(&event.anonymousID)
            case 6: return scanner.optionalString(&event.sessionID)
            case 7:
                if scanner.null() { return true }
                event.items = scanner.items()
                return event.items != nil
            case 8: return scanner.optionalString(&event.query)
            case 9:
                if scanner.null() { return true }
                event.order = scanner.order()
                return event.order != nil
            case 10: return scanner.optionalString(&event.recommendationID)
            case 11:
                if scanner.null() { return true }
                event.consent = scanner.consent()
                return event.consent != nil
            default:
                if scanner.null() { return true }
                event.properties = scanner.value()
                return event.properties != nil
            }
        }
        return ok && required == 3 ? event : nil
    }

    /// An array of events.
    mutating func events() -> [Event]? {
        guard consume(UInt8(ascii: "[")) else { return nil }
        var events: [Event] = []
        var first = true
        while true {
            guard let more = hasMember(&first, close: UInt8(ascii: "]")) else { return nil }
            if !more { return events }
            guard let event = event() else { return nil }
            events.append(event)
        }
    }

    mutating func items() -> [EventItem]? {
        guard consume(UInt8(ascii: "[")) else { return nil }
        var items: [EventItem] = []
        var first = true
        while true {
            guard let more = hasMember(&first, close: UInt8(ascii: "]")) else { return nil }
            if !more { return items }
            guard let item = item() else { return nil }
            items.append(item)
        }
    }

    mutating func item() -> EventItem? {
        var item = EventItem(productID: "")
        var hasProduct = false
        let ok = object(EventJSONParser.itemKeys) { scanner, key in
            switch key {
            case 0:
                guard let text = scanner.string() else { return false }
                item.productID = text
                hasProduct = true
                return true
            case 1: return scanner.optionalString(&item.variantID)
            case 2:
                if scanner.null() { return true }
                item.quantity = scanner.int()
                return item.quantity != nil
            case 3:
                if scanner.null() { return true }
                item.priceMinor = scanner.integer()
                return item.priceMinor != nil
            case 4: return scanner.optionalString(&item.currency)
            case 6: return scanner.optionalString(&item.recommendationID)
            default:
                if scanner.null() { return true }
                item.position = scanner.int()
                return item.position != nil
            }
        }
        return ok && hasProduct ? item : nil
    }

    mutating func order() -> EventOrder? {
        var order = EventOrder(orderID: "")
        var hasID = false
        let ok = object(EventJSONParser.orderKeys) { scanner, key in
            switch key {
            case 0:
                guard let text = scanner.string() else { return false }
                order.orderID = text
                hasID = true
                return true
            case 1:
                if scanner.null() { return true }
                order.revenueMinor = scanner.integer()
                return order.revenueMinor != nil
            default: return scanner.optionalString(&order.currency)
            }
        }
        return ok && hasID ? order : nil
    }

    /// `Consent`'s synthesized decoding ignores unknown keys; the fast path does not
    /// (the slow path then accepts them).
    mutating func consent() -> Consent? {
        var personalization: Bool?
        let ok = object(EventJSONParser.consentKeys) { scanner, _ in
            personalization = scanner.bool()
            return personalization != nil
        }
        return ok ? personalization.map(Consent.init(personalization:)) : nil
    }
}
