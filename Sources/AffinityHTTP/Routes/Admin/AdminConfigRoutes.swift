import AffinityCore
import AffinityEngine
import Hummingbird
import NIOCore

/// Secret-key routes for the rules file (view, hot reload), experiment reports and
/// Prometheus metrics (also served at the top-level `/metrics` that scrapers expect).
struct AdminConfigRoutes {
    let engine: Engine

    func register(on group: RouterGroup<AffinityRequestContext>) {
        group.get("config", use: config)
        group.post("config/reload", use: reload)
        group.get("experiments/:id", use: experiment)
        group.get("metrics", use: metrics)
    }

    /// `GET /metrics`, behind the secret key like the admin routes.
    func registerScrape(on group: RouterGroup<AffinityRequestContext>) {
        group.get("metrics", use: metrics)
    }

    /// `GET /v1/admin/config`: the rules in force and the outcome of the last reload.
    @Sendable func config(_ request: Request, context: AffinityRequestContext) async throws -> Response {
        try jsonResponse(ConfigView(engine.rules.current))
    }

    /// `POST /v1/admin/config/reload`: 200 with the new version, or 422 with every error
    /// (the old rules keep serving).
    @Sendable func reload(_ request: Request, context: AffinityRequestContext) async throws -> Response {
        let result = engine.reloadRules()
        let body = ReloadView(
            ok: result.ok, version: result.version, changed: result.changed, errors: result.errors.map(ErrorView.init))
        return try jsonResponse(body, status: result.ok ? .ok : .unprocessableContent)
    }

    /// `GET /v1/admin/experiments/{id}`: the experiment report.
    @Sendable func experiment(_ request: Request, context: AffinityRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        return try jsonResponse(try await engine.experimentReport(id))
    }

    /// `GET /metrics` and `GET /v1/admin/metrics`: the Prometheus text exposition
    /// (format 0.0.4) of the engine's registry.
    @Sendable func metrics(_ request: Request, context: AffinityRequestContext) async throws -> Response {
        Response(
            status: .ok, headers: [.contentType: "text/plain; version=0.0.4; charset=utf-8"],
            body: .init(byteBuffer: ByteBuffer(bytes: engine.metricsExposition())))
    }
}

/// `{file, line, column, path, message}`.
struct ErrorView: Encodable {
    var file: String
    var line: Int
    var column: Int
    var path: String
    var message: String

    init(_ error: RulesConfigError) {
        (file, line, column, path, message) = (error.file, error.line, error.column, error.path, error.message)
    }
}

/// The body of `POST /v1/admin/config/reload`.
struct ReloadView: Encodable {
    var ok: Bool
    var version: String?
    var changed: Bool
    var errors: [ErrorView]
}

/// The body of `GET /v1/admin/config`.
struct ConfigView: Encodable {
    struct PlacementView: Encodable {
        var id: String
        var strategy: String
        var count: Int
    }

    struct VariantView: Encodable {
        var id: String
        var weight: Double
    }

    struct ExperimentView: Encodable {
        var id: String
        var placement: String
        var control: String
        var attributionWindowSeconds: Int64
        var variants: [VariantView]

        enum CodingKeys: String, CodingKey {
            case id, placement, control, variants
            case attributionWindowSeconds = "attribution_window_seconds"
        }
    }

    struct LastReload: Encodable {
        var at: String?
        var ok: Bool
        var errors: [ErrorView]
        var failedReloads: Int

        enum CodingKeys: String, CodingKey {
            case at, ok, errors
            case failedReloads = "failed_reloads"
        }
    }

    var path: String?
    var version: String?
    /// The rules file's text as loaded (the console shows each placement's section).
    var rulesYAML: String?
    var loadedAt: String?
    var placements: [PlacementView]
    var experiments: [ExperimentView]
    var lastReload: LastReload

    enum CodingKeys: String, CodingKey {
        case path, version, placements, experiments
        case rulesYAML = "rules_yaml"
        case loadedAt = "loaded_at"
        case lastReload = "last_reload"
    }

    init(_ status: RulesState.Status) {
        let rules = status.active
        path = status.path
        version = rules?.version
        rulesYAML = rules?.redactedSource
        loadedAt = rules.map { RFC3339.string(milliseconds: $0.loadedAt) }
        placements = (rules?.placements ?? [:]).sorted { $0.key < $1.key }.map {
            PlacementView(id: $0.key, strategy: $0.value.strategy.rawValue, count: $0.value.count)
        }
        experiments = (rules?.experiments ?? [:]).sorted { $0.key < $1.key }.map { id, experiment in
            ExperimentView(
                id: id, placement: experiment.placement, control: experiment.control,
                attributionWindowSeconds: experiment.attributionWindow,
                variants: experiment.variants.map { VariantView(id: $0.id, weight: $0.weight) })
        }
        lastReload = LastReload(
            at: status.lastAttemptAt.map { RFC3339.string(milliseconds: $0) }, ok: status.lastErrors.isEmpty,
            errors: status.lastErrors.map(ErrorView.init), failedReloads: status.failedReloads)
    }
}
