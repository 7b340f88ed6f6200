import AffinityEngine
import Hummingbird

/// `POST /v1/webhooks/{source}`: signed change notifications from an upstream commerce
/// platform. No API key: the HMAC signature over the raw body is the authentication.
struct WebhookRoutes {
    let engine: Engine

    func register(on group: RouterGroup<AffinityRequestContext>) {
        group.post("webhooks/:source", use: receive)
    }

    @Sendable func receive(_ request: Request, context: AffinityRequestContext) async throws -> Response {
        let source = try context.parameters.require("source")
        let body = Array(try await request.body.collect(upTo: context.maxUploadSize).readableBytesView)
        var headers: [String: String] = [:]
        for field in request.headers { headers[field.name.canonicalName] = field.value }
        try engine.verifyWebhook(source: source, headers: headers, body: body)
        try requireContentType(request, ["application/json"])
        var query: [String: String] = [:]
        for (name, value) in request.uri.queryParameters { query[String(name)] = String(value) }
        return try jsonResponse(
            try await engine.applyWebhook(source: source, headers: headers, query: query, body: body))
    }
}
