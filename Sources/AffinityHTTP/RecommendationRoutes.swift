import AffinityEngine
import Hummingbird

/// `GET /v1/recommendations?strategy=…` and `POST /v1/recommendations` with the same
/// fields in a JSON body (for long contexts such as a rerank candidate list).
struct RecommendationRoutes {
    let engine: Engine

    func register(on group: RouterGroup<AffinityRequestContext>) {
        group.get("recommendations", use: get)
        group.post("recommendations", use: post)
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
            strategy: q.get("strategy") ?? "for_you", userID: q.get("user_id"), anonymousID: q.get("anonymous_id"),
            channel: q.get("channel"), count: count, itemID: q.get("item_id"), itemIDs: list("item_ids"),
            exclude: list("exclude"), candidates: list("candidates"))
        return try jsonResponse(try engine.recommend(query))
    }

    @Sendable func post(_ request: Request, context: AffinityRequestContext) async throws -> Response {
        try requireContentType(request, ["application/json"])
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        let input = try EventDecoding.decode(RecommendationBody.self, from: body.readableBytesView)
        return try jsonResponse(try engine.recommend(input.query))
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

    enum CodingKeys: String, CodingKey {
        case strategy
        case userID = "user_id"
        case anonymousID = "anonymous_id"
        case channel, count
        case itemID = "item_id"
        case itemIDs = "item_ids"
        case exclude, candidates
    }

    var query: RecommendationQuery {
        RecommendationQuery(
            strategy: strategy ?? "for_you", userID: userID, anonymousID: anonymousID, channel: channel,
            count: count ?? 10, itemID: itemID, itemIDs: itemIDs ?? [], exclude: exclude ?? [],
            candidates: candidates ?? [])
    }
}
