import AffinityEngine
import Hummingbird

/// `POST /v1/integrations/segment` (Segment HTTP Tracking API bodies) and
/// `POST /v1/integrations/ga4` (GA4 Measurement Protocol bodies): third-party events
/// mapped onto Affinity's and ingested call by call (≤ 1 MiB, ≤ 1,000 calls). Outside the
/// API-key scope: ``IntegrationAuthMiddleware`` also takes the senders' own credentials.
/// JSON, or `text/plain` as analytics.js and `fetch` without headers send it.
struct IntegrationRoutes {
    let engine: Engine

    func register(on group: RouterGroup<AffinityRequestContext>) {
        group.group("integrations/segment").add(middleware: IntegrationAuthMiddleware(engine: engine, source: .segment))
            .post(use: segment)
        group.group("integrations/ga4").add(middleware: IntegrationAuthMiddleware(engine: engine, source: .ga4))
            .post(use: ga4)
    }

    @Sendable func segment(_ request: Request, context: AffinityRequestContext) async throws -> Response {
        try requireContentType(request, ["application/json", "text/plain"])
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        return try jsonResponse(try await engine.ingestSegment(body.readableBytesView, channel: channel(request)))
    }

    @Sendable func ga4(_ request: Request, context: AffinityRequestContext) async throws -> Response {
        try requireContentType(request, ["application/json", "text/plain"])
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        return try jsonResponse(try await engine.ingestGA4(body.readableBytesView, channel: channel(request)))
    }

    /// The `channel` query parameter: the Affinity channel of every event of the request.
    private func channel(_ request: Request) -> String? {
        request.uri.queryParameters["channel"].map(String.init)
    }
}
