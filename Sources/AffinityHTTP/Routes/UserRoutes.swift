import AffinityEngine
import Foundation
import Hummingbird
import NIOCore

/// A shopper's data: `DELETE /v1/users/{id}` (erasure, 202), `GET /v1/users/{id}/erasure`,
/// `GET /v1/users/{id}/export` (streamed JSON) with the secret key, and
/// `PUT /v1/users/{id}/consent` with the secret key or a public key and the user's
/// `user_token` (the shopper's own consent banner).
struct UserRoutes {
    let engine: Engine

    func registerSecret(on group: RouterGroup<AffinityRequestContext>) {
        group.delete("users/:id") { _, context in
            try jsonResponse(try await engine.eraseUser(try context.parameters.require("id")), status: .accepted)
        }
        group.get("users/:id/erasure") { _, context in
            try jsonResponse(try await engine.erasureStatus(try context.parameters.require("id")))
        }
        group.get("users/:id/export", use: export)
    }

    func registerPublic(on group: RouterGroup<AffinityRequestContext>) {
        group.put("users/:id/consent", use: consent)
    }

    /// The head (links, consent, carts, orders, erasure) as one JSON object whose last
    /// member, `events`, is written a page at a time.
    @Sendable func export(_ request: Request, context: AffinityRequestContext) async throws -> Response {
        let user = try context.parameters.require("id")
        let head = try await engine.exportHead(user)
        var opening = try JSONEncoder.api.encode(head)
        opening.removeLast()  // the closing brace: `events` follows
        let prefix = ByteBuffer(bytes: opening + Array(#","events":["#.utf8))
        let engine = self.engine
        let body = ResponseBody { writer in
            try await writer.write(prefix)
            var first = true
            try await engine.forEachExportedEvent(user) { payload in
                try await writer.write(ByteBuffer(string: (first ? "" : ",") + payload))
                first = false
            }
            try await writer.write(ByteBuffer(string: "]}"))
            try await writer.finish(nil)
        }
        return Response(status: .ok, headers: [.contentType: "application/json"], body: body)
    }

    @Sendable func consent(_ request: Request, context: AffinityRequestContext) async throws -> Response {
        try requireContentType(request, ["application/json"])
        let user = try context.parameters.require("id")
        if context.scope != .secret {
            try engine.requireUserToken(request.uri.queryParameters.get("user_token"), for: user)
        }
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        let input = try EventDecoding.decode(ConsentBody.self, from: body.readableBytesView)
        guard let personalization = input.personalization else {
            throw AffinityError.invalid("personalization", "personalization (true or false) is required")
        }
        let stored = try await engine.setConsent(user, personalization: personalization)
        return try jsonResponse(ConsentAnswer(userID: user, personalization: stored))
    }
}

/// `PUT /v1/users/{id}/consent` body.
struct ConsentBody: Decodable {
    var personalization: Bool?

    enum CodingKeys: String, CodingKey, CaseIterable { case personalization }

    init(from decoder: any Decoder) throws {
        try rejectUnknownParameters(decoder, accepted: CodingKeys.allCases.map(\.rawValue))
        personalization = try decoder.container(keyedBy: CodingKeys.self).decodeIfPresent(
            Bool.self, forKey: .personalization)
    }
}

struct ConsentAnswer: Encodable {
    var userID: String
    var personalization: Bool

    enum CodingKeys: String, CodingKey {
        case userID = "user_id"
        case personalization
    }
}
