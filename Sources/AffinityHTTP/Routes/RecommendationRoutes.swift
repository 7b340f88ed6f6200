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
        // Unknown names are rejected, not ignored: a typo (`anonymousId`, `cout`) would
        // otherwise silently answer another list.
        for (name, _) in q where !name.isEmpty && !RecommendationBody.parameters.contains(String(name)) {
            throw AffinityError.unknownParameter(String(name), accepted: RecommendationBody.parameters)
        }
        func list(_ name: String) -> [String] {
            q.getAll(name).flatMap { $0.split(separator: ",").map(String.init) }.filter { !$0.isEmpty }
        }
        var count = 10
        if let text = q.get("count") {
            guard let value = Int(text) else { throw AffinityError.invalid("count", "count must be a whole number") }
            count = value
        }
        var query = RecommendationQuery(
            strategy: try RecommendationQuery.strategy(named: q.get("strategy") ?? "for_you"), userID: q.get("user_id"),
            anonymousID: q.get("anonymous_id"),
            channel: q.get("channel"), count: count, itemID: q.get("item_id"), itemIDs: list("item_ids"),
            exclude: list("exclude"), candidates: list("candidates"), placement: q.get("placement"),
            cartID: q.get("cart_id"), explain: try flag(q.get("explain"), field: "explain") ?? false,
            countIsExplicit: q.get("count") != nil, category: q.get("category"))
        query.userToken = q.get("user_token")
        query.callerScope = context.scope ?? .public
        return try jsonResponse(try await engine.recommend(query))
    }

    /// `POST /v1/recommendations/preview`: the body's `rules_yaml` is validated (422 with
    /// every `file:line:column` error) and the placement runs against it, or, without
    /// `rules_yaml`, against the rules in force; explain is on by default and nothing is
    /// recorded.
    @Sendable func preview(_ request: Request, context: AffinityRequestContext) async throws -> Response {
        try requireContentType(request, ["application/json"])
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        let preview = try EventDecoding.decode(PreviewBody.self, from: body.readableBytesView)
        let input = preview.request
        guard input.placement != nil else { throw AffinityError.invalid("placement", "placement is required") }
        var query = try input.query(scope: context.scope)
        query.explain = input.explain ?? true
        // Without rules_yaml: the rules in force, still recording nothing (the console's
        // live preview; the redacted text it sees need not validate on its own).
        guard let yaml = preview.rulesYAML else {
            return try jsonResponse(
                try await engine.recommendPlacement(query, rules: engine.rules.active, preview: true))
        }
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
        return try jsonResponse(try await engine.recommend(input.query(scope: context.scope)))
    }
}

/// The JSON form of a recommendation request; the query string takes the same names.
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
    var category: String?
    var userToken: String?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case strategy, placement
        case userID = "user_id"
        case anonymousID = "anonymous_id"
        case channel, count
        case itemID = "item_id"
        case itemIDs = "item_ids"
        case exclude, candidates
        case cartID = "cart_id"
        case explain, category
        case userToken = "user_token"
    }

    /// Every parameter `GET` and `POST /v1/recommendations` accept; others are a 422
    /// `unknown_parameter`.
    static let parameters = CodingKeys.allCases.map(\.rawValue)

    init(from decoder: any Decoder) throws {
        try self.init(from: decoder, accepted: Self.parameters)
    }

    /// Decodes the fields, rejecting any key not in `accepted`.
    init(from decoder: any Decoder, accepted: [String]) throws {
        try rejectUnknownParameters(decoder, accepted: accepted)
        let c = try decoder.container(keyedBy: CodingKeys.self)
        strategy = try c.decodeIfPresent(String.self, forKey: .strategy)
        userID = try c.decodeIfPresent(String.self, forKey: .userID)
        anonymousID = try c.decodeIfPresent(String.self, forKey: .anonymousID)
        channel = try c.decodeIfPresent(String.self, forKey: .channel)
        count = try c.decodeIfPresent(Int.self, forKey: .count)
        itemID = try c.decodeIfPresent(String.self, forKey: .itemID)
        itemIDs = try c.decodeIfPresent([String].self, forKey: .itemIDs)
        exclude = try c.decodeIfPresent([String].self, forKey: .exclude)
        candidates = try c.decodeIfPresent([String].self, forKey: .candidates)
        placement = try c.decodeIfPresent(String.self, forKey: .placement)
        cartID = try c.decodeIfPresent(String.self, forKey: .cartID)
        explain = try c.decodeIfPresent(Bool.self, forKey: .explain)
        category = try c.decodeIfPresent(String.self, forKey: .category)
        userToken = try c.decodeIfPresent(String.self, forKey: .userToken)
    }

    func query(scope: KeyScope? = nil) throws(AffinityError) -> RecommendationQuery {
        var query = RecommendationQuery(
            strategy: try RecommendationQuery.strategy(named: strategy ?? "for_you"), userID: userID,
            anonymousID: anonymousID, channel: channel,
            count: count ?? 10, itemID: itemID, itemIDs: itemIDs ?? [], exclude: exclude ?? [],
            candidates: candidates ?? [], placement: placement, cartID: cartID, explain: explain ?? false,
            countIsExplicit: count != nil, category: category)
        query.userToken = userToken
        query.callerScope = scope ?? .public
        return query
    }
}

/// The `POST /v1/recommendations/preview` body: a recommendation request plus the
/// candidate rules file's text.
struct PreviewBody: Decodable {
    var request: RecommendationBody
    var rulesYAML: String?

    private enum Keys: String, CodingKey { case rulesYAML = "rules_yaml" }

    /// ``RecommendationBody/parameters`` and `rules_yaml`.
    static let parameters = RecommendationBody.parameters + [Keys.rulesYAML.rawValue]

    init(from decoder: any Decoder) throws {
        request = try RecommendationBody(from: decoder, accepted: Self.parameters)
        rulesYAML = try decoder.container(keyedBy: Keys.self).decodeIfPresent(String.self, forKey: .rulesYAML)
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
