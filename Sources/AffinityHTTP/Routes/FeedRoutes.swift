import AffinityEngine
import Hummingbird
import NIOCore

/// `GET /v1/feeds/{channel}.{format}`: a channel's product feed for marketplaces that
/// pull it (Google Merchant Center scheduled fetches, Meta catalog feeds), streamed a
/// page of products at a time. Authenticated with the secret key, or with
/// `?token=` when a feed token is configured (`AFFINITY_FEED_TOKEN`).
struct FeedRoutes {
    let engine: Engine

    func register(on group: RouterGroup<AffinityRequestContext>) {
        group.group("feeds").add(middleware: FeedAuthMiddleware(engine: engine)).get(":file", use: feed)
    }

    @Sendable func feed(_ request: Request, context: AffinityRequestContext) async throws -> Response {
        let file = try context.parameters.require("file")
        guard let dot = file.lastIndex(of: "."),
            let format = FeedFormat(rawValue: String(file[file.index(after: dot)...]))
        else {
            throw AffinityError(
                .notFound, code: "unknown_feed",
                message: "no feed '\(file)'; ask for {channel}.google, {channel}.meta or {channel}.csv")
        }
        let channel = String(file[..<dot])
        // Checked before the stream starts: a path naming no configured channel is a 404.
        do throws(AffinityError) {
            _ = try engine.feedChannel(channel)
        } catch {
            guard error.kind == .invalid else { throw error }
            throw AffinityError(.notFound, code: "unknown_channel", message: error.message, field: "channel")
        }
        let engine = self.engine
        return Response(
            status: .ok,
            headers: [
                .contentType: format.contentType,
                .contentDisposition: "inline; filename=\"\(channel)-\(format.rawValue).\(format.fileExtension)\"",
            ],
            body: ResponseBody { writer in
                try await engine.writeFeed(channel: channel, format: format) { text in
                    try await writer.write(ByteBuffer(string: text))
                }
                try await writer.finish(nil)
            })
    }
}

/// The secret key, or the configured feed token as `?token=`.
struct FeedAuthMiddleware: RouterMiddleware {
    typealias Context = AffinityRequestContext
    let engine: Engine

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response)
        async throws -> Response
    {
        if let token = request.uri.queryParameters["token"] {
            guard engine.feedTokenMatches(String(token)) else {
                throw AffinityError(
                    .unauthorized, code: "invalid_token",
                    message: "the token is not this server's feed token (AFFINITY_FEED_TOKEN)")
            }
            return try await next(request, context)
        }
        return try await AuthMiddleware(engine: engine, required: .secret).handle(request, context: context, next: next)
    }
}
