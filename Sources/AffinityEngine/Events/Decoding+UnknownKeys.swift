/// A coding key for any string, used to list the keys actually present.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?
    init(stringValue: String) { self.stringValue = stringValue }
    init?(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

/// Throws a 422 naming the first key of the object being decoded that is not in `known`.
func rejectUnknownKeys(_ decoder: any Decoder, known: [String]) throws {
    guard let container = try? decoder.container(keyedBy: AnyCodingKey.self) else { return }
    for key in container.allKeys where !known.contains(key.stringValue) {
        let path = fieldPath(decoder.codingPath + [key])
        throw AffinityError.invalid(
            path, "unknown field '\(key.stringValue)'; allowed: \(known.joined(separator: ", "))",
            code: "unknown_field")
    }
}

/// `items[0].product_id` from a decoder's coding path.
func fieldPath(_ path: [any CodingKey]) -> String {
    var result = ""
    for key in path {
        if let index = key.intValue {
            result += "[\(index)]"
        } else {
            result += result.isEmpty ? key.stringValue : "." + key.stringValue
        }
    }
    return result
}

/// Throws a 422 `unknown_parameter` naming the first key of the object being decoded
/// that is not in `accepted` (request parameters sent as a JSON body); of several, the
/// first by name, so the answer does not depend on the decoder's key order.
package func rejectUnknownParameters(_ decoder: any Decoder, accepted: [String]) throws {
    guard let container = try? decoder.container(keyedBy: AnyCodingKey.self) else { return }
    if let name = container.allKeys.map(\.stringValue).filter({ !accepted.contains($0) }).min() {
        throw AffinityError.unknownParameter(name, accepted: accepted)
    }
}

extension AffinityError {
    /// A 422 `unknown_parameter` for a query or body parameter a route does not take:
    /// `field` names it, the message suggests the closest accepted name and lists them all.
    package static func unknownParameter(_ name: String, accepted: [String]) -> AffinityError {
        let hint = RulesReader.closest(to: name, in: accepted).map { "did you mean '\($0)'? " } ?? ""
        return .invalid(
            name, "unknown parameter '\(name)'; \(hint)accepted: \(accepted.joined(separator: ", "))",
            code: "unknown_parameter")
    }
}
