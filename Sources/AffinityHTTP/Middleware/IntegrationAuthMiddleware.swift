import AffinityEngine
import Foundation
import HTTPTypes
import Hummingbird

/// Authentication for `/v1/integrations/*`: the secret key as `Authorization: Bearer`
/// (checked, rate-limited and scoped by ``AuthMiddleware``) or as HTTP Basic's user name
/// (how Segment's server-side libraries send a write key), or the credential the sender
/// itself can send, checked against the configured shared secret in constant time:
/// Segment's webhook destination signs the body (`X-Signature`: hex HMAC-SHA1 keyed with
/// the shared secret), GA4 sends the `api_secret` query parameter. Without a usable
/// credential: 401. A shared secret is never accepted as a bare header value: a write key
/// sits in every storefront page, so it must not open a secret-scope route.
struct IntegrationAuthMiddleware: RouterMiddleware {
    typealias Context = AffinityRequestContext
    let engine: Engine
    let source: IntegrationSource

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        let bearer = AuthMiddleware(engine: engine, required: .secret)
        switch source {
        case .segment:
            if let signature = request.headers[Self.signature] {
                // The signature covers the raw body: read it (within the JSON limit) first.
                let body = try await request.body.collect(upTo: context.maxUploadSize)
                guard engine.segmentSignatureMatches(signature, body: body.readableBytesView) else {
                    throw invalidSecret("the X-Signature header (hex HMAC-SHA1 of the body)")
                }
                var request = request
                request.body = RequestBody(buffer: body)
                return try await next(request, context)
            }
            if let header = request.headers[.authorization], let user = Self.basicUser(header) {
                guard engine.authenticate(user) != nil else { throw invalidSecret("the HTTP Basic user name") }
                var head = request.head
                head.headerFields[.authorization] = "Bearer \(user)"
                return try await bearer.handle(Request(head: head, body: request.body), context: context, next: next)
            }
        case .ga4:
            if let secret = request.uri.queryParameters["api_secret"] {
                guard engine.integrationSecretMatches(.ga4, String(secret)) else {
                    throw invalidSecret("the api_secret parameter")
                }
                return try await next(request, context)
            }
        }
        guard request.headers[.authorization] != nil else {
            throw AffinityError(
                .unauthorized, code: "missing_key",
                message: "send the secret key as 'Authorization: Bearer KEY', or \(credential)")
        }
        return try await bearer.handle(request, context: context, next: next)
    }

    static var signature: HTTPField.Name { HTTPField.Name("X-Signature")! }

    /// How the sender's own credential is sent, for messages.
    var credential: String {
        switch source {
        case .segment: "an X-Signature header signed with the Segment shared secret (\(source.environmentVariable))"
        case .ga4: "the GA4 API secret (\(source.environmentVariable)) as the api_secret query parameter"
        }
    }

    func invalidSecret(_ what: String) -> AffinityError {
        AffinityError(
            .unauthorized, code: "invalid_secret",
            message:
                "\(what) does not match: \(source == .segment ? "a signature made with the Segment shared secret, or a secret key" : "the GA4 API secret")"
                + " (the shared secret is configured with \(source.environmentVariable))")
    }

    /// The user name of an `Authorization: Basic base64(user:password)` value.
    static func basicUser(_ header: String) -> String? {
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "basic",
            let decoded = Data(base64Encoded: String(parts[1]).trimmingCharacters(in: .whitespaces)),
            let text = String(data: decoded, encoding: .utf8)
        else { return nil }
        return String(text.prefix { $0 != ":" })
    }
}
