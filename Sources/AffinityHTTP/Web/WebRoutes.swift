import AffinityEngine
import Foundation
import HTTPTypes
import Hummingbird
import NIOCore

/// What the server shows in a browser: the storefront SDK (`/sdk/affinity.js`), the demo
/// storefront (`/demo`, on the seeded demo store only, unless turned off) and the
/// marketer console (`/console`). Static files with strong ETags; the pages carry a
/// Content-Security-Policy that allows only this origin, and may not be framed.
struct WebRoutes {
    let engine: Engine
    let web: WebConfiguration

    func register(on router: Router<AffinityRequestContext>) {
        router.get("sdk/affinity.js", use: sdk)
        router.get("console", use: { request, _ in try page(request, "console/index.html") })
        router.get(
            "console/:file",
            use: { request, context in
                try page(request, "console/" + context.parameters.require("file"))
            })
        router.get("demo", use: demoPage)
        router.get("demo/config.json", use: demoConfig)
        router.post("demo/session", use: demoSession)
        router.get(
            "demo/:file",
            use: { request, context in
                try await requireDemo()
                return try page(request, "demo/" + context.parameters.require("file"))
            })
    }

    /// The SDK: cacheable for five minutes, revalidated by ETag, versioned in a header.
    @Sendable func sdk(_ request: Request, context: AffinityRequestContext) async throws -> Response {
        var response = try serve(request, "sdk/affinity.js", headers: [.cacheControl: "public, max-age=300"])
        response.headers[HTTPField.Name("X-Affinity-SDK-Version")!] = AffinityVersion.current
        // Loaded by <script src> from any storefront origin.
        response.headers[.accessControlAllowOrigin] = "*"
        return response
    }

    @Sendable func demoPage(_ request: Request, context: AffinityRequestContext) async throws -> Response {
        try await requireDemo()
        return try page(request, "demo/index.html")
    }

    /// `GET /demo/config.json`: what the demo page initialises the SDK with.
    @Sendable func demoConfig(_ request: Request, context: AffinityRequestContext) async throws -> Response {
        try await requireDemo()
        guard let key = try await engine.demoUIPublicKey() else { throw demoOff() }
        return try jsonResponse(["public_key": key, "channel": "web", "version": AffinityVersion.current])
    }

    /// `POST /demo/session {"user_id"}`: the user token a real store's back end would
    /// mint at login, for the demo's "logged-in user" (demo store only).
    @Sendable func demoSession(_ request: Request, context: AffinityRequestContext) async throws -> Response {
        try await requireDemo()
        struct Body: Decodable {
            var userID: String
            enum CodingKeys: String, CodingKey { case userID = "user_id" }
        }
        let data = try await request.body.collect(upTo: 4096)
        guard let body = try? JSONDecoder().decode(Body.self, from: Data(data.readableBytesView)),
            !body.userID.isEmpty, body.userID.utf8.count <= 256
        else { throw AffinityError.invalid("user_id", "send {\"user_id\": \"…\"}") }
        guard let token = try await engine.demoUserToken(body.userID) else { throw demoOff() }
        return try jsonResponse(["user_id": body.userID, "user_token": token])
    }

    private func requireDemo() async throws {
        guard web.demoUI, try await engine.demoUIPublicKey() != nil else { throw demoOff() }
    }

    private func demoOff() -> AffinityError {
        AffinityError(
            .notFound, code: "demo_off",
            message: web.demoUI
                ? "the demo storefront runs on the seeded demo store only (start affinity serve on a new data directory)"
                : "the demo storefront is turned off (--no-demo-ui)")
    }

    /// An HTML page or one of its files, with the pages' security headers.
    private func page(_ request: Request, _ path: String) throws -> Response {
        try serve(
            request, path,
            headers: [
                .contentSecurityPolicy: Self.contentSecurityPolicy, HTTPField.Name("X-Frame-Options")!: "DENY",
                HTTPField.Name("Referrer-Policy")!: "no-referrer", .xContentTypeOptions: "nosniff",
                .cacheControl: "no-cache",
            ])
    }

    /// Only this origin's scripts, styles and API; images also from https (product
    /// pictures) and data: URIs; no framing, no plugins, no inline script.
    static let contentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: https:; connect-src 'self'; "
        + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'"

    private func serve(_ request: Request, _ path: String, headers: HTTPFields) throws -> Response {
        guard let file = web.assets.file(path) else {
            throw AffinityError(.notFound, code: "not_found", message: "no file \(path)")
        }
        var fields = headers
        fields[.contentType] = file.contentType
        fields[.eTag] = file.etag
        if let match = request.headers[.ifNoneMatch],
            match.split(separator: ",").contains(where: {
                $0.trimmingCharacters(in: .whitespaces) == file.etag
            })
        {
            return Response(status: .notModified, headers: fields)
        }
        return Response(status: .ok, headers: fields, body: .init(byteBuffer: ByteBuffer(bytes: file.bytes)))
    }
}
