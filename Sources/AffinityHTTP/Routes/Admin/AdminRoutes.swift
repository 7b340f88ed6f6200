import AffinityEngine
import Hummingbird

/// Secret-key routes for operators and data jobs.
struct AdminRoutes {
    let engine: Engine

    func register(on group: RouterGroup<AffinityRequestContext>) {
        group.get("stats", use: stats)
    }

    @Sendable func stats(_ request: Request, context: AffinityRequestContext) async throws -> Response {
        try jsonResponse(try await engine.adminStatistics())
    }
}
