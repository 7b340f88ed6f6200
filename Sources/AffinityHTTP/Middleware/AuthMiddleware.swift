import AffinityEngine
import Hummingbird

/// Checks `Authorization: Bearer KEY` against the engine's key ring (401 without a
/// usable key: unknown, revoked or expired), then the key's rate limit (429 with
/// `Retry-After` in whole seconds when its bucket is empty), then the scope the route
/// needs (403 below it).
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AffinityRequestContext
    let engine: Engine
    let required: KeyScope

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard let header = request.headers[.authorization] else {
            throw AffinityError(
                .unauthorized, code: "missing_key", message: "send an API key as 'Authorization: Bearer KEY'")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", let key = engine.authenticate(String(parts[1]))
        else {
            throw AffinityError(
                .unauthorized, code: "invalid_key", message: "the API key is not valid (unknown, revoked or expired)")
        }
        if let wait = engine.rateLimitWait(key) {
            let seconds = max(
                1,
                Int(
                    (Double(wait.components.seconds) + Double(wait.components.attoseconds) * 1e-18)
                        .rounded(.up)))
            throw AffinityError(
                .tooManyRequests, code: "rate_limited",
                message: "this key is over its rate limit; retry after \(seconds) s",
                headers: ["Retry-After": String(seconds)])
        }
        guard key.scope >= required else {
            throw AffinityError(
                .forbidden, code: "insufficient_scope", message: "this route needs a \(required.rawValue) key")
        }
        var context = context
        context.scope = key.scope
        return try await next(request, context)
    }
}
