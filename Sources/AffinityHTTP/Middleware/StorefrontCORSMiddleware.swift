import HTTPTypes
import Hummingbird

/// CORS for the storefront origins the operator configured, and only those: a request
/// whose `Origin` is one of them gets `Access-Control-Allow-Origin` with that origin
/// (never `*`, so the list is the whole truth); a preflight (`OPTIONS` with
/// `Access-Control-Request-Method`) from one is answered 204 here, from any other 403.
/// Keys travel as `Authorization: Bearer`, never cookies, so credentials are not allowed.
///
/// Hummingbird's `CORSMiddleware` allows one origin, all, or echoes any; a storefront
/// with several domains needs a list.
struct StorefrontCORSMiddleware<Context: RequestContext>: RouterMiddleware {
    let origins: Set<String>

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard let origin = request.headers[.origin] else { return try await next(request, context) }
        let allowed = origins.contains(origin)
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            guard allowed else { return Response(status: .forbidden, headers: [.vary: "Origin"]) }
            return Response(
                status: .noContent,
                headers: [
                    .accessControlAllowOrigin: origin, .vary: "Origin",
                    .accessControlAllowMethods: "GET, POST, PUT, DELETE",
                    .accessControlAllowHeaders: "Authorization, Content-Type, X-Request-Id",
                    .accessControlMaxAge: "600",
                ])
        }
        var response = try await next(request, context)
        if allowed {
            response.headers[.accessControlAllowOrigin] = origin
            response.headers[.accessControlExposeHeaders] = "X-Request-Id, Retry-After"
        }
        response.headers[.vary] = "Origin"
        return response
    }
}
