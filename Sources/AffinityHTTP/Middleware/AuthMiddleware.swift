import AffinityEngine
import Hummingbird

/// Checks `Authorization: Bearer KEY` against the key ring: 401 without a valid key,
/// 403 when the key's scope is below what the route needs.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = AffinityRequestContext
    let keys: KeyRing
    let required: KeyScope

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard let header = request.headers[.authorization] else {
            throw AffinityError(
                .unauthorized, code: "missing_key", message: "send an API key as 'Authorization: Bearer KEY'")
        }
        let parts = header.split(separator: " ", maxSplits: 1)
        guard parts.count == 2, parts[0].lowercased() == "bearer", let scope = keys.scope(of: String(parts[1])) else {
            throw AffinityError(.unauthorized, code: "invalid_key", message: "the API key is not valid")
        }
        guard scope >= required else {
            throw AffinityError(
                .forbidden, code: "insufficient_scope", message: "this route needs a \(required.rawValue) key")
        }
        var context = context
        context.scope = scope
        return try await next(request, context)
    }
}
