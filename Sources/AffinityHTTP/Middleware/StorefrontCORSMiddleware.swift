import Foundation
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

    init(origins: Set<String>) { self.origins = Set(origins.compactMap(CORSOrigin.normalized)) }

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        guard let origin = request.headers[.origin] else { return try await next(request, context) }
        let allowed = CORSOrigin.normalized(origin).map(origins.contains) ?? false
        if request.method == .options, request.headers[.accessControlRequestMethod] != nil {
            guard allowed else { return Response(status: .forbidden, headers: [.vary: "Origin"]) }
            return Response(
                status: .noContent,
                headers: [
                    .accessControlAllowOrigin: origin, .vary: "Origin",
                    .accessControlAllowMethods: "GET, POST, PUT, PATCH, DELETE",
                    .accessControlAllowHeaders: "Authorization, Content-Type, Idempotency-Key, X-Request-Id",
                    .accessControlMaxAge: "600",
                ])
        }
        var response = try await next(request, context)
        if allowed {
            response.headers[.accessControlAllowOrigin] = origin
            response.headers[.accessControlExposeHeaders] = "X-Request-Id, Retry-After"
        }
        // Add to Vary, never replace what a route set.
        if let vary = response.headers[.vary], !vary.lowercased().contains("origin") {
            response.headers[.vary] = vary + ", Origin"
        } else if response.headers[.vary] == nil {
            response.headers[.vary] = "Origin"
        }
        return response
    }
}

/// Storefront origins as the CORS check compares them.
package enum CORSOrigin {
    /// An origin as browsers send it: scheme, host and port only, lower case, no path
    /// or trailing slash (`https://Shop.example/` is `https://shop.example`); nil for
    /// what is not an http(s) origin.
    package static func normalized(_ origin: String) -> String? {
        var text = origin.trimmingCharacters(in: .whitespaces).lowercased()
        while text.hasSuffix("/") { text.removeLast() }
        guard text.hasPrefix("http://") || text.hasPrefix("https://") else { return nil }
        let rest = text.drop { $0 != "/" }.dropFirst(2)
        guard !rest.isEmpty, !rest.contains("/"), !rest.contains("?"), !rest.contains("#") else { return nil }
        return text
    }
}
