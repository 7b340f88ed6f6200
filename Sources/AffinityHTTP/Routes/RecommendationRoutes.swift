import AffinityEngine
import Hummingbird

/// `GET /v1/recommendations?strategy=…|placement=…` and `POST /v1/recommendations` with
/// the same fields in a JSON body (for long contexts such as a rerank candidate list);
/// `POST /v1/recommendations/preview` (secret key) runs a placement against a candidate
/// rules file without activating it.
struct RecommendationRoutes {
    let engine: Engine

    func register(on group: RouterGroup<AffinityRequestContext>) {
        group.get("recommendations", use: get)
        group.post("recommendations", use: post)
    }

    /// The preview route; needs the secret scope.
    func registerPreview(on group: RouterGroup<AffinityRequestContext>) {
        group.post("recommendations/preview", use: preview)
    }

    @Sendable func get(_ request: Request, context: AffinityRequestContext) async throws -> Response {
        let q = request.uri.queryParameters
        func list(_ name: String) -> [String] {
            q.getAll(name).flatMap { $0.split(separator: ",").map(String.init) }.filter { !$0.isEmpty }
        }
        var count = 10
        if let text = q.get("count") {
            guard let value = Int(text) else { throw AffinityError.invalid("count", "count must be a whole number") }
            count = value
        }
        let query = RecommendationQuery(
            strategy: try RecommendationQuery.strategy(named: q.get("strategy") ?? "for_you"), userID: q.get("user_id"),
            anonymousID: q.get("anonymous_id"),
            channel: q.get("channel"), count: count, itemID: q.get("item_id"), itemIDs: list("item_ids"),
            exclude: list("exclude"), candidates: list("candidates"), placement: q.get("placement"),
            cartID: q.get("cart_id"), explain: try flag(q.get("explain"), field: "explain") ?? false,
            countIsExplicit: q.get("count") != nil)
        return try jsonResponse(try await engine.recommend(query))
    }

    /// `POST /v1/recommendations/preview`: the body's `rules_yaml` is validated (422 with
    /// every `file:line:column` error) and the placement runs against it; explain is on by
    /// default and nothing is recorded.
    @Sendable func preview(_ request: Request, context: AffinityRequestContext) async throws -> Response {
        try requireContentType(request, ["application/json"])
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        let input = try EventDecoding.decode(RecommendationBody.self, from: body.readableBytesView)
        guard let yaml = input.rulesYAML else {
            throw AffinityError.invalid("rules_yaml", "rules_yaml (the candidate rules file's text) is required")
        }
        guard input.placement != nil else { throw AffinityError.invalid("placement", "placement is required") }
        var query = try input.query()
        query.explain = input.explain ?? true
        do {
            return try jsonResponse(try await engine.previewPlacement(rulesYAML: yaml, query: query))
        } catch let errors as RulesConfigErrors {
            return try jsonResponse(InvalidRulesResponse(errors), status: .unprocessableContent)
        }
    }

    private func flag(_ text: String?, field: String) throws -> Bool? {
        switch text {
        case nil: nil
        case "true", "1", "": true
        case "false", "0": false
        default: throw AffinityError.invalid(field, "\(field) must be true or false")
        }
    }

    @Sendable func post(_ request: Request, context: AffinityRequestContext) async throws -> Response {
        try requireContentType(request, ["application/json"])
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        let input = try EventDecoding.decode(RecommendationBody.self, from: body.readableBytesView)
        return try jsonResponse(try await engine.recommend(input.query()))
    }
}

/// The JSON form of a recommendation request.
struct RecommendationBody: Decodable {
    var strategy: String?
    var userID: String?
    var anonymousID: String?
    var channel: String?
    var count: Int?
    var itemID: String?
    var itemIDs: [String]?
    var exclude: [String]?
    var candidates: [String]?
    var placement: String?
    var cartID: String?
    var explain: Bool?
    /// Preview only: the candidate rules file's text.
    var rulesYAML: String?

    enum CodingKeys: String, CodingKey {
        case strategy
        case userID = "user_id"
        case anonymousID = "anonymous_id"
        case channel, count
        case itemID = "item_id"
        case itemIDs = "item_ids"
        case exclude, candidates, placement
        case cartID = "cart_id"
        case explain
        case rulesYAML = "rules_yaml"
    }

    func query() throws(AffinityError) -> RecommendationQuery {
        RecommendationQuery(
            strategy: try RecommendationQuery.strategy(named: strategy ?? "for_you"), userID: userID,
            anonymousID: anonymousID, channel: channel,
            count: count ?? 10, itemID: itemID, itemIDs: itemIDs ?? [], exclude: exclude ?? [],
            candidates: candidates ?? [], placement: placement, cartID: cartID, explain: explain ?? false,
            countIsExplicit: count != nil)
    }
}

/// A 422 for an invalid candidate rules file: the usual error plus every located problem.
struct InvalidRulesResponse: Encodable {
    struct Body: Encodable {
        var code = "invalid_rules"
        var message: String
        var field = "rules_yaml"
        var errors: [Located]
    }

    /// One problem with its position in the file.
    struct Located: Encodable {
        var line: Int
        var column: Int
        var path: String
        var message: String
    }

    var error: Body

    init(_ errors: RulesConfigErrors) {
        error = Body(
            message: errors.description,
            errors: errors.errors.map { Located(line: $0.line, column: $0.column, path: $0.path, message: $0.message) })
    }
}
