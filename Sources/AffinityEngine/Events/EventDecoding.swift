import Foundation

/// Turns request bytes into events, mapping decoder failures to the API's errors:
/// 400 for bytes that are not JSON, 422 (with the field path) for wrong shapes.
package enum EventDecoding {
    /// The longest NDJSON line (without its newline) that `/v1/events/bulk` and
    /// `affinity import events` read; a longer one is rejected on its own as `line_too_long`.
    package static let maxLineBytes = 1 << 20

    /// What the bytes are, for messages: a request body or one NDJSON line (whose
    /// result already carries the line number, so positions name the column only).
    package enum Subject: Sendable {
        case body, line
    }

    /// A `POST /v1/events` body: one event, or `{"events": [...]}`.
    /// `batched` is true for the envelope form, whose errors name `events[i].field`.
    package static func decodeRequest(_ bytes: some Collection<UInt8>) throws(AffinityError) -> (
        events: [Event], batched: Bool
    ) {
        // A bare event the fast parser accepts has no `events` key, so the envelope
        // would decode it the same way.
        if let event = EventJSONParser.event(bytes) { return ([event], false) }
        if let events = EventJSONParser.envelope(bytes) { return (events, true) }
        if let error = syntaxError(bytes, .body) { throw error }
        let envelope = try decode(EventsEnvelope.self, from: bytes, checked: true, numbers: eventNumberError)
        return (envelope.events, envelope.batched)
    }

    /// One NDJSON line: the byte-level ``EventJSONParser`` first, and `JSONDecoder` (with
    /// its precise errors) for anything that parser does not accept, after a strict syntax
    /// check that locates malformed JSON and invalid UTF-8 (and rejects the trailing
    /// commas `JSONDecoder` would let through).
    package static func decodeLine(_ bytes: some Collection<UInt8>) throws(AffinityError) -> Event {
        let count = bytes.count
        guard count <= maxLineBytes else { throw lineTooLong(count) }
        if let event = EventJSONParser.event(bytes) { return event }
        if let error = syntaxError(bytes, .line) { throw error }
        return try decode(Event.self, from: bytes, subject: .line, checked: true, numbers: eventNumberError)
    }

    /// `line_too_long` for a line of `count` bytes.
    package static func lineTooLong(_ count: Int) -> AffinityError {
        AffinityError(
            .tooLarge, code: "line_too_long",
            message: "the line is \(count) bytes; lines may be at most \(maxLineBytes) bytes")
    }

    /// Decodes any request body with the API's error mapping. When decoding fails, a
    /// body that is not valid JSON (or not UTF-8) is reported as such, with its position,
    /// before any error about its fields.
    package static func decode<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>) throws(AffinityError)
        -> T
    {
        try decode(type, from: bytes, subject: .body, checked: false)
    }

    /// `checked`: the syntax is known to be valid (``syntaxError(_:_:)`` found nothing).
    /// `numbers` names a number the type cannot take (``numberError(_:wholeNumber:)``):
    /// `JSONDecoder` reports those only as "not valid JSON", or as a type mismatch.
    static func decode<T: Decodable>(
        _ type: T.Type, from bytes: some Collection<UInt8>, subject: Subject = .body, checked: Bool,
        numbers: ([JSONSyntax.Number]) -> AffinityError? = { numberError($0) }
    ) throws(AffinityError) -> T {
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch {
            if !checked, let syntax = syntaxError(bytes, subject) { throw syntax }
            switch error {
            case let error as AffinityError: throw error
            case let error as DecodingError:
                // What `JSONDecoder` says about a number it cannot read: "not valid JSON"
                // (no field), or, for a free-form value, a type mismatch.
                var aboutANumber = false
                switch error {
                case .dataCorrupted(let context): aboutANumber = context.codingPath.isEmpty
                case .typeMismatch: aboutANumber = true
                default: break
                }
                if aboutANumber, let number = numbers(JSONSyntax.numbers(in: bytes)) { throw number }
                throw map(error, subject: subject)
            default: throw AffinityError(.malformed, code: "malformed_json", message: "\(error)")
            }
        }
    }

    /// `malformed_json` or `invalid_utf8` (400) locating the first problem of `bytes`,
    /// or `nil` when they are a valid JSON text.
    package static func syntaxError(_ bytes: some Collection<UInt8>, _ subject: Subject) -> AffinityError? {
        guard let problem = JSONSyntax.firstProblem(in: bytes) else { return nil }
        let what = subject == .body ? "the body" : "the line"
        if case .invalidUTF8(let byte) = problem.kind {
            return AffinityError(
                .malformed, code: "invalid_utf8",
                message: "\(what) is not valid UTF-8: byte 0x\(JSONSyntax.hex(byte)) at byte offset "
                    + "\(problem.offset) does not begin a valid UTF-8 sequence", field: problem.field)
        }
        let position =
            subject == .body ? "line \(problem.line), column \(problem.column)" : "column \(problem.column)"
        return AffinityError(
            .malformed, code: "malformed_json", message: "\(what) is not valid JSON: \(problem.summary) at \(position)")
    }

    /// A 422 for the first number no field could take: beyond a double's range anywhere,
    /// or, where `wholeNumber` says the field is a whole number, with a fraction or beyond
    /// 64 bits. (`JSONDecoder` reads `1.0` and `1e3` as whole numbers.)
    static func numberError(
        _ numbers: [JSONSyntax.Number], wholeNumber: ([JSONSyntax.PathComponent]) -> Bool = { _ in false }
    ) -> AffinityError? {
        for number in numbers {
            let field = JSONSyntax.fieldPath(number.path) ?? "body"
            let mantissa = number.text.prefix { $0 != "e" && $0 != "E" }
            let nonZero = mantissa.contains { $0 >= "1" && $0 <= "9" }
            guard let value = Double(number.text), value.isFinite, value != 0 || !nonZero else {
                return .invalid(field, "\(field) is out of range: \(number.text) is not a double-precision number")
            }
            guard wholeNumber(number.path), Int64(number.text) == nil else { continue }
            if value.rounded(.towardZero) != value {
                return .invalid(field, "\(field) must be a whole number (got \(number.text))")
            }
            if abs(value) >= 0x1p63 {
                return .invalid(field, "\(field) is out of range: \(number.text) does not fit in 64 bits")
            }
        }
        return nil
    }

    /// ``numberError(_:wholeNumber:)`` for events and the batch form: `items[i].quantity`,
    /// `price_minor` and `position`, and `order.revenue_minor`, are whole numbers.
    static func eventNumberError(_ numbers: [JSONSyntax.Number]) -> AffinityError? {
        numberError(numbers) { path in
            var path = path
            if path.count > 2, path[0] == .key("events"), case .index = path[1] { path.removeFirst(2) }
            if path.count == 3, path[0] == .key("items"), case .index = path[1], case .key(let name) = path[2] {
                return name == "quantity" || name == "price_minor" || name == "position"
            }
            return path == [.key("order"), .key("revenue_minor")]
        }
    }

    static func map(_ error: DecodingError, subject: Subject = .body) -> AffinityError {
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            // The text is valid JSON (checked before this), yet `JSONDecoder` could not read
            // it: a value does not fit its field's type.
            return AffinityError(
                .malformed, code: "malformed_json",
                message: (subject == .body ? "the body" : "the line")
                    + " could not be decoded: a value does not fit its field (for example a fraction, or a number "
                    + "beyond 64 bits, where a whole number is expected)")
        case .dataCorrupted(let context):
            return .invalid(fieldPath(context.codingPath), context.debugDescription)
        case .keyNotFound(let key, let context):
            let path = fieldPath(context.codingPath + [key])
            return AffinityError(.invalid, code: "missing_field", message: "\(path) is required", field: path)
        case .typeMismatch(let type, let context):
            let path = fieldPath(context.codingPath)
            return .invalid(path.isEmpty ? "body" : path, "expected \(describe(type))")
        case .valueNotFound(let type, let context):
            let path = fieldPath(context.codingPath)
            return .invalid(path, "\(path) must be \(describe(type)), not null")
        @unknown default:
            return AffinityError(.malformed, code: "malformed_json", message: "\(error)")
        }
    }

    private static func describe(_ type: Any.Type) -> String {
        switch type {
        case is String.Type: "a string"
        case is Int.Type, is Int64.Type: "a whole number"
        case is Double.Type: "a number"
        case is Bool.Type: "true or false"
        case is [Any].Type: "an array"
        default: type == [String: Any].self ? "an object" : "a JSON object"
        }
    }
}

/// `{"events": [...]}` or a bare event.
struct EventsEnvelope: Decodable {
    var events: [Event]
    var batched = false

    private enum Keys: String, CodingKey { case events }

    init(from decoder: any Decoder) throws {
        if let container = try? decoder.container(keyedBy: Keys.self), container.contains(.events) {
            try rejectUnknownKeys(decoder, known: ["events"])
            events = try container.decode([Event].self, forKey: .events)
            batched = true
        } else {
            events = [try Event(from: decoder)]
        }
    }
}
