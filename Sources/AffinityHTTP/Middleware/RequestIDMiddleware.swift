import HTTPTypes
import Hummingbird
package import Logging

/// Gives every request an id: the caller's `X-Request-Id` when it is a sane token (1–128
/// visible ASCII characters), else the one Hummingbird generated. The id becomes the
/// request logger's `hb.request.id` (what `context.id` reads), so every log line of the
/// request carries it, and is echoed in the response's `X-Request-Id`
/// (error answers included: this middleware sits outside the error mapper). While the
/// request runs the id is also ``RequestID/current``, so the engine's own log lines for
/// it carry the id too (through ``RequestID/metadataProvider``).
struct RequestIDMiddleware<Context: RequestContext>: RouterMiddleware {
    static var header: HTTPField.Name { HTTPField.Name("X-Request-Id")! }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let id = request.headers[Self.header].flatMap { Self.isValid($0) ? $0 : nil } ?? context.id
        var context = context
        context.logger[metadataKey: "hb.request.id"] = .string(id)
        var response = try await RequestID.$current.withValue(id) { try await next(request, context) }
        response.headers[Self.header] = id
        return response
    }

    /// A value safe to echo in a header and a log line.
    static func isValid(_ value: String) -> Bool {
        !value.isEmpty && value.utf8.count <= 128 && value.utf8.allSatisfy { $0 > 32 && $0 < 127 }
    }
}

/// The id of the request the current task serves, for loggers that are not the
/// request's own (the engine's).
package enum RequestID {
    @TaskLocal package static var current: String?

    /// Adds `hb.request.id` to every log line written while a request runs; bootstrap
    /// swift-log with it (`affinity serve` does).
    package static let metadataProvider = Logger.MetadataProvider {
        current.map { ["hb.request.id": .string($0)] } ?? [:]
    }
}
