/// An error the API reports to its caller: a stable machine-readable `code`, a message
/// that says how to fix the request, and the offending `field` where there is one.
///
/// The HTTP layer maps ``Kind`` to a status; the CLI prints the message.
package struct AffinityError: Error, Sendable, Equatable, CustomStringConvertible {
    package enum Kind: Sendable, Equatable {
        case malformed  // 400
        case unauthorized  // 401
        case forbidden  // 403
        case notFound  // 404
        case conflict  // 409
        case tooLarge  // 413
        case unsupportedMediaType  // 415
        case invalid  // 422
        case tooManyRequests  // 429
        case unavailable  // 503
    }

    package var kind: Kind
    package var code: String
    package var message: String
    package var field: String?
    /// Extra response headers (`Retry-After` on a 429).
    package var headers: [String: String]

    package init(
        _ kind: Kind, code: String, message: String, field: String? = nil, headers: [String: String] = [:]
    ) {
        self.kind = kind
        self.code = code
        self.message = message
        self.field = field
        self.headers = headers
    }

    /// A 422 for one field.
    package static func invalid(_ field: String, _ message: String, code: String = "invalid_field") -> AffinityError {
        AffinityError(.invalid, code: code, message: message, field: field)
    }

    package var description: String {
        field.map { "\($0): \(message)" } ?? message
    }

    /// The same error with its field placed under a prefix (`events[3].` + `items[0].quantity`).
    package func prefixed(_ prefix: String) -> AffinityError {
        var copy = self
        copy.field = field.map { $0.hasPrefix("[") ? prefix + $0 : prefix + "." + $0 } ?? prefix
        return copy
    }
}
