import Foundation

/// Turns request bytes into events, mapping decoder failures to the API's errors:
/// 400 for bytes that are not JSON, 422 (with the field path) for wrong shapes.
package enum EventDecoding {
    /// A `POST /v1/events` body: one event, or `{"events": [...]}`.
    /// `batched` is true for the envelope form, whose errors name `events[i].field`.
    package static func decodeRequest(_ bytes: some Collection<UInt8>) throws(AffinityError) -> (
        events: [Event], batched: Bool
    ) {
        // A bare event the fast parser accepts has no `events` key, so the envelope
        // would decode it the same way.
        if let event = EventJSONParser.event(bytes) { return ([event], false) }
        let envelope = try decode(EventsEnvelope.self, from: bytes)
        return (envelope.events, envelope.batched)
    }

    /// One NDJSON line: the byte-level ``EventJSONParser`` first, and `JSONDecoder` (with
    /// its precise errors) for anything that parser does not accept.
    package static func decodeLine(_ bytes: some Collection<UInt8>) throws(AffinityError) -> Event {
        if let event = EventJSONParser.event(bytes) { return event }
        return try decode(Event.self, from: bytes)
    }

    /// Decodes any request body with the API's error mapping.
    package static func decode<T: Decodable>(_ type: T.Type, from bytes: some Collection<UInt8>) throws(AffinityError)
        -> T
    {
        do {
            return try JSONDecoder().decode(T.self, from: Data(bytes))
        } catch let error as AffinityError {
            throw error
        } catch let error as DecodingError {
            throw map(error)
        } catch {
            throw AffinityError(.malformed, code: "malformed_json", message: "\(error)")
        }
    }

    static func map(_ error: DecodingError) -> AffinityError {
        switch error {
        case .dataCorrupted(let context) where context.codingPath.isEmpty:
            let reason = (context.underlyingError as? NSError)?.userInfo[NSDebugDescriptionErrorKey] as? String
            return AffinityError(
                .malformed, code: "malformed_json",
                message: "the body is not valid JSON" + (reason.map { ": \($0)" } ?? ""))
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
