import Foundation

/// Lenient readers for third-party payloads (Segment, GA4): their senders put numbers
/// where strings are specified and the other way round, so the mappers read what a
/// field means rather than rejecting the shape it came in.
extension JSONValue {
    /// The member `key` of an object (nil for other values or a missing key).
    package subscript(key: String) -> JSONValue? {
        guard case .object(let members) = self else { return nil }
        return members[key]
    }

    package var string: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    package var bool: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    package var array: [JSONValue]? {
        if case .array(let value) = self { return value }
        return nil
    }

    package var isNull: Bool { self == .null }

    /// An identifier: a non-empty string, or a whole number written as its digits (a
    /// numeric `userId` or `item_id`). Numbers beyond 2^53 cannot be read exactly and
    /// give nil, as do empty strings.
    package var id: String? {
        switch self {
        case .string(let value): return value.isEmpty ? nil : value
        case .number(let value):
            guard value.rounded(.towardZero) == value, abs(value) < 0x1p53 else { return nil }
            return String(Int64(value))
        default: return nil
        }
    }

    /// A decimal number as text, exactly as a price was meant: a JSON number (its shortest
    /// round-trip form, so `19.99` reads as "19.99", never 19.989999…) or a numeric string
    /// (`"19.99"`, as some trackers send). Nil for anything else.
    package var decimalText: String? {
        switch self {
        case .number(let value): return value.isFinite ? String(describing: value) : nil
        case .string(let value):
            let trimmed = value.trimmingCharacters(in: .whitespaces)
            return DecimalText.parse(trimmed) == nil ? nil : trimmed
        default: return nil
        }
    }

    /// A whole number (from a JSON number or a numeric string), or nil when the value is
    /// not one; `1.0` counts, `1.5` does not.
    package var wholeNumber: Int64? {
        guard let text = decimalText, let decimal = DecimalText.parse(text) else { return nil }
        return decimal.scaled(by: 0, exact: true)
    }
}
