extension JSONScanner {
    /// A whole number without fraction or exponent that fits `Int64` (`-0` and leading
    /// zeros are left to the slow path).
    mutating func integer() -> Int64? {
        skipWhitespace()
        var position = index
        let negative = position < bytes.count && bytes[position] == UInt8(ascii: "-")
        if negative { position += 1 }
        let digitsStart = position
        var magnitude: UInt64 = 0
        while position < bytes.count {
            let digit = bytes[position] &- UInt8(ascii: "0")
            guard digit < 10 else { break }
            let (times10, overflow1) = magnitude.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times10.addingReportingOverflow(UInt64(digit))
            guard !overflow1, !overflow2 else { return nil }
            magnitude = sum
            position += 1
        }
        let digitCount = position - digitsStart
        guard digitCount > 0, digitCount == 1 || bytes[digitsStart] != UInt8(ascii: "0") else { return nil }
        if position < bytes.count {
            switch bytes[position] {
            case UInt8(ascii: "."), UInt8(ascii: "e"), UInt8(ascii: "E"): return nil
            default: break
            }
        }
        let value: Int64
        if negative {
            guard magnitude != 0, magnitude <= UInt64(Int64.max) + 1 else { return nil }
            value = magnitude == UInt64(Int64.max) + 1 ? Int64.min : -Int64(magnitude)
        } else {
            guard magnitude <= UInt64(Int64.max) else { return nil }
            value = Int64(magnitude)
        }
        index = position
        return value
    }

    /// `Int` from ``integer()``.
    mutating func int() -> Int? {
        integer().flatMap { Int(exactly: $0) }
    }

    /// Any JSON number as a `Double`, rounded as `JSONDecoder` rounds it (correctly);
    /// `nil` for input that is not a JSON number, or that overflows or underflows to zero.
    mutating func double() -> Double? {
        skipWhitespace()
        let start = index
        var position = index
        func digits() -> Int {
            let first = position
            while position < bytes.count, bytes[position] &- UInt8(ascii: "0") < 10 { position += 1 }
            return position - first
        }
        let negative = position < bytes.count && bytes[position] == UInt8(ascii: "-")
        if negative { position += 1 }
        let integerStart = position
        let integerDigits = digits()
        guard integerDigits > 0, integerDigits == 1 || bytes[integerStart] != UInt8(ascii: "0") else { return nil }
        var simple = true
        var nonZero = bytes[integerStart] != UInt8(ascii: "0")
        if position < bytes.count, bytes[position] == UInt8(ascii: ".") {
            position += 1
            let fractionStart = position
            guard digits() > 0 else { return nil }
            nonZero = nonZero || bytes[fractionStart..<position].contains { $0 != UInt8(ascii: "0") }
            simple = false
        }
        if position < bytes.count, bytes[position] | 0x20 == UInt8(ascii: "e") {
            position += 1
            if position < bytes.count, bytes[position] == UInt8(ascii: "+") || bytes[position] == UInt8(ascii: "-") {
                position += 1
            }
            guard digits() > 0 else { return nil }
            simple = false
        }
        index = position
        if simple, integerDigits <= 15 {
            var value = 0.0
            for byte in bytes[integerStart..<position] { value = value * 10 + Double(byte &- UInt8(ascii: "0")) }
            return negative ? -value : value
        }
        guard
            let value = Double(String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<position]), as: UTF8.self)),
            value.isFinite, value != 0 || !nonZero
        else { return nil }
        return value
    }

    /// Any JSON value, as `JSONValue`'s `Decodable` conformance reads it.
    mutating func value(depth: Int = 0) -> JSONValue? {
        guard depth < Self.maxDepth, let byte = peek() else { return nil }
        switch byte {
        case UInt8(ascii: "\""):
            return string().map(JSONValue.string)
        case UInt8(ascii: "n"):
            return literal("null") ? .null : nil
        case UInt8(ascii: "t"), UInt8(ascii: "f"):
            return bool().map(JSONValue.bool)
        case UInt8(ascii: "["):
            index += 1
            var elements: [JSONValue] = []
            var first = true
            while true {
                guard let more = hasMember(&first, close: UInt8(ascii: "]")) else { return nil }
                if !more { return .array(elements) }
                guard let element = value(depth: depth + 1) else { return nil }
                elements.append(element)
            }
        case UInt8(ascii: "{"):
            index += 1
            var members: [String: JSONValue] = [:]
            var first = true
            while true {
                guard let more = hasMember(&first) else { return nil }
                if !more { return .object(members) }
                guard let key = string(), consume(UInt8(ascii: ":")), let member = value(depth: depth + 1),
                    members.updateValue(member, forKey: key) == nil
                else { return nil }
            }
        default:
            return double().map(JSONValue.number)
        }
    }
}
