import AffinityEngine
import Hummingbird

/// Secret-key routes for operators and data jobs.
struct AdminRoutes {
    let engine: Engine

    func register(on group: RouterGroup<AffinityRequestContext>) {
        group.get("stats", use: stats)
        group.get("activity", use: activity)
    }

    /// `GET /v1/admin/activity?minutes=60&latest=20`: events per minute by type, the
    /// latest events, the model's state and catalog counts (the console's activity page).
    @Sendable func activity(_ request: Request, context: AffinityRequestContext) async throws -> Response {
        let q = request.uri.queryParameters
        func int(_ name: String, _ fallback: Int) throws -> Int {
            guard let text = q.get(name) else { return fallback }
            guard let value = Int(text) else { throw AffinityError.invalid(name, "\(name) must be a whole number") }
            return value
        }
        return try jsonResponse(
            try await engine.activity(minutes: try int("minutes", 60), latest: try int("latest", 20)))
    }

    @Sendable func stats(_ request: Request, context: AffinityRequestContext) async throws -> Response {
        try jsonResponse(try await engine.adminStatistics())
    }
}
