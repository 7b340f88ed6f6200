import AffinityEngine
import Foundation
import HTTPTypes
import Hummingbird
import Logging
import NIOCore

/// `{"error": {"code", "message", "field"?}}` with the status that fits the error.
struct APIErrorResponse: HTTPResponseError {
    let error: AffinityError

    var status: HTTPResponse.Status {
        switch error.kind {
        case .malformed: .badRequest
        case .unauthorized: .unauthorized
        case .forbidden: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .tooLarge: .contentTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        case .invalid: .unprocessableContent
        case .tooManyRequests: .tooManyRequests
        case .unavailable: .serviceUnavailable
        }
    }

    func response(from request: Request, context: some RequestContext) throws -> Response {
        var body: [String: String] = ["code": error.code, "message": error.message]
        body["field"] = error.field
        var headers: HTTPFields = [.contentType: "application/json"]
        if error.kind == .unauthorized { headers[.wwwAuthenticate] = "Bearer" }
        if error.kind == .unavailable { headers[.retryAfter] = "1" }
        for (name, value) in error.headers {
            if let field = HTTPField.Name(name) { headers[field] = value }
        }
        let data = try JSONEncoder.api.encode(["error": body])
        return Response(status: status, headers: headers, body: .init(byteBuffer: ByteBuffer(bytes: data)))
    }
}

/// Turns every error a handler or the router throws into the API's JSON error format,
/// so callers never see an HTML page or an empty body.
struct APIErrorMiddleware<Context: RequestContext>: RouterMiddleware {
    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        do {
            return try await next(request, context)
        } catch let error as AffinityError {
            return try APIErrorResponse(error: error).response(from: request, context: context)
        } catch let error as NIOTooManyBytesError {
            _ = error
            return try APIErrorResponse(
                error: .init(
                    .tooLarge, code: "body_too_large",
                    message: "the request body is larger than allowed (1 MiB for JSON; use /v1/events/bulk for more)")
            )
            .response(from: request, context: context)
        } catch let error as HTTPError {
            let mapped: AffinityError =
                switch error.status {
                case .notFound:
                    .init(.notFound, code: "not_found", message: "no route for \(request.method) \(request.uri.path)")
                case .contentTooLarge:
                    .init(.tooLarge, code: "body_too_large", message: error.body ?? "the request body is too large")
                case .unsupportedMediaType:
                    .init(
                        .unsupportedMediaType, code: "unsupported_media_type",
                        message: error.body ?? "unsupported content type")
                case .badRequest: .init(.malformed, code: "bad_request", message: error.body ?? "bad request")
                default:
                    .init(
                        .malformed, code: "http_\(error.status.code)", message: error.body ?? error.status.reasonPhrase)
                }
            var response = try APIErrorResponse(error: mapped).response(from: request, context: context)
            if error.status.code >= 400, error.status != .notFound { response.status = error.status }
            return response
        } catch {
            context.logger.error("unhandled error", metadata: ["error": "\(error)"])
            let body = #"{"error":{"code":"internal","message":"internal error"}}"#
            return Response(
                status: .internalServerError, headers: [.contentType: "application/json"],
                body: .init(byteBuffer: ByteBuffer(string: body)))
        }
    }
}

extension JSONEncoder {
    /// The API's encoder: snake_case comes from the types' coding keys; no escaped slashes.
    static var api: JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.withoutEscapingSlashes, .sortedKeys]
        return encoder
    }
}

/// A JSON response from any `Encodable`.
func jsonResponse(_ value: some Encodable, status: HTTPResponse.Status = .ok) throws -> Response {
    let data = try JSONEncoder.api.encode(value)
    return Response(
        status: status, headers: [.contentType: "application/json"], body: .init(byteBuffer: ByteBuffer(bytes: data)))
}
