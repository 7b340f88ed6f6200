/// Writes the canonical JSON of an event byte for byte as `JSONEncoder` does with
/// `[.sortedKeys, .withoutEscapingSlashes]` (keys in UTF-8 byte order, `"`, `\` and
/// control characters escaped, integral doubles without `.0`), without `Codable`.
struct EventCanonicalWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 512) { bytes.reserveCapacity(capacity) }

    /// The payload of `event`; keys are listed here already in sorted order.
    mutating func write(_ event: Event) {
        var comma = false
        bytes.append(UInt8(ascii: "{"))
        member("anonymous_id", event.anonymousID, &comma)
        member("channel", event.channel, &comma)
        if let value = event.consent {
            key("consent", &comma)
            bytes.append(
                contentsOf: value.personalization
                    ? #"{"personalization":true}"#.utf8 : #"{"personalization":false}"#.utf8)
        }
        key("event_id", &comma)
        string(event.eventID)
        if let items = event.items {
            key("items", &comma)
            bytes.append(UInt8(ascii: "["))
            for (index, item) in items.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                write(item)
            }
            bytes.append(UInt8(ascii: "]"))
        }
        key("occurred_at", &comma)
        string(event.occurredAt)
        if let order = event.order {
            key("order", &comma)
            var inner = false
            bytes.append(UInt8(ascii: "{"))
            member("currency", order.currency, &inner)
            key("order_id", &inner)
            string(order.orderID)
            member("revenue_minor", order.revenueMinor, &inner)
            bytes.append(UInt8(ascii: "}"))
        }
        if let value = event.properties {
            key("properties", &comma)
            write(value)
        }
        member("query", event.query, &comma)
        member("recommendation_id", event.recommendationID, &comma)
        member("session_id", event.sessionID, &comma)
        key("type", &comma)
        string(event.type)
        member("user_id", event.userID, &comma)
        bytes.append(UInt8(ascii: "}"))
    }

    private mutating func write(_ item: EventItem) {
        var comma = false
        bytes.append(UInt8(ascii: "{"))
        member("currency", item.currency, &comma)
        member("position", item.position.map(Int64.init), &comma)
        member("price_minor", item.priceMinor, &comma)
        key("product_id", &comma)
        string(item.productID)
        member("quantity", item.quantity.map(Int64.init), &comma)
        member("recommendation_id", item.recommendationID, &comma)
        member("variant_id", item.variantID, &comma)
        bytes.append(UInt8(ascii: "}"))
    }

    /// Any JSON value; object keys sorted by their UTF-8 bytes, as `JSONEncoder` sorts.
    mutating func write(_ value: JSONValue) {
        switch value {
        case .null: bytes.append(contentsOf: "null".utf8)
        case .bool(let flag): bytes.append(contentsOf: flag ? "true".utf8 : "false".utf8)
        case .number(let number): double(number)
        case .string(let text): string(text)
        case .array(let elements):
            bytes.append(UInt8(ascii: "["))
            for (index, element) in elements.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                write(element)
            }
            bytes.append(UInt8(ascii: "]"))
        case .object(let members):
            bytes.append(UInt8(ascii: "{"))
            let keys = members.keys.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
            for (index, name) in keys.enumerated() {
                if index > 0 { bytes.append(UInt8(ascii: ",")) }
                string(name)
                bytes.append(UInt8(ascii: ":"))
                write(members[name]!)
            }
            bytes.append(UInt8(ascii: "}"))
        }
    }

    private mutating func key(_ name: StaticString, _ comma: inout Bool) {
        if comma { bytes.append(UInt8(ascii: ",")) }
        comma = true
        bytes.append(UInt8(ascii: "\""))
        bytes.append(contentsOf: UnsafeBufferPointer(start: name.utf8Start, count: name.utf8CodeUnitCount))
        bytes.append(contentsOf: "\":".utf8)
    }

    /// `JSONEncoder`'s rendering of a finite double: `description` minus a trailing `.0`.
    private mutating func double(_ value: Double) {
        if value.isFinite, value == value.rounded(), abs(value) < 1e9, value != 0 || value.sign == .plus {
            integer(Int64(value))
            return
        }
        var text = value.description
        if text.hasSuffix(".0") { text.removeLast(2) }
        bytes.append(contentsOf: text.utf8)
    }

    private mutating func member(_ name: StaticString, _ value: String?, _ comma: inout Bool) {
        guard let value else { return }
        key(name, &comma)
        string(value)
    }

    private mutating func member(_ name: StaticString, _ value: Int64?, _ comma: inout Bool) {
        guard let value else { return }
        key(name, &comma)
        integer(value)
    }

    /// Decimal digits, as `description` writes them.
    private mutating func integer(_ value: Int64) {
        if value < 0 { bytes.append(UInt8(ascii: "-")) }
        var magnitude = value.magnitude
        let start = bytes.count
        repeat {
            bytes.append(UInt8(ascii: "0") &+ UInt8(magnitude % 10))
            magnitude /= 10
        } while magnitude > 0
        bytes[start...].reverse()
    }

    private mutating func string(_ text: String) {
        bytes.append(UInt8(ascii: "\""))
        var text = text
        text.withUTF8 { utf8 in
            var mark = 0
            for (position, byte) in utf8.enumerated() where byte < 0x20 || byte == 0x22 || byte == 0x5C {
                if position > mark { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[mark..<position])) }
                mark = position + 1
                escape(byte)
            }
            if utf8.count > mark { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[mark...])) }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private mutating func escape(_ byte: UInt8) {
        switch byte {
        case 0x22: bytes.append(contentsOf: #"\""#.utf8)
        case 0x5C: bytes.append(contentsOf: #"\\"#.utf8)
        case 0x08: bytes.append(contentsOf: #"\b"#.utf8)
        case 0x0C: bytes.append(contentsOf: #"\f"#.utf8)
        case 0x0A: bytes.append(contentsOf: #"\n"#.utf8)
        case 0x0D: bytes.append(contentsOf: #"\r"#.utf8)
        case 0x09: bytes.append(contentsOf: #"\t"#.utf8)
        default:
            bytes.append(contentsOf: #"\u00"#.utf8)
            bytes.append(UInt8(ascii: "0") &+ byte >> 4)  // control characters are < 0x20
            let low = byte & 0xF
            bytes.append(low < 10 ? UInt8(ascii: "0") &+ low : UInt8(ascii: "a") &+ low &- 10)
        }
    }
}
