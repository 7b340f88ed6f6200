import AffinityEngine
import AffinityStore
import Foundation
import Hummingbird

/// `GET /v1/admin/keys`, `POST /v1/admin/keys` (201, the key shown once) and
/// `DELETE /v1/admin/keys/{id}` (revoke: 401 at once), secret key.
struct AdminKeyRoutes {
    let engine: Engine

    func register(on group: RouterGroup<AffinityRequestContext>) {
        group.get("keys") { _, _ in
            try jsonResponse(KeyList(keys: try await engine.listKeys().map(KeyView.init)))
        }
        group.post("keys", use: add)
        group.delete("keys/:id") { _, context in
            try jsonResponse(KeyView(try await engine.revokeKey(try context.parameters.require("id"))))
        }
    }

    @Sendable func add(_ request: Request, context: AffinityRequestContext) async throws -> Response {
        try requireContentType(request, ["application/json"])
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        let input = try EventDecoding.decode(NewKeyBody.self, from: body.readableBytesView)
        guard let scopeName = input.scope else {
            throw AffinityError.invalid("scope", "scope (public or secret) is required")
        }
        guard let scope = KeyScope(rawValue: scopeName) else {
            throw AffinityError.invalid("scope", "scope must be public or secret, got '\(scopeName)'")
        }
        var expiresAt: Int64?
        if let text = input.expiresAt {
            guard let millis = RFC3339.dateOrInstant(text) else {
                throw AffinityError.invalid("expires_at", "expires_at must be a date (2027-01-01) or RFC 3339 time")
            }
            expiresAt = millis
        }
        let (record, key) = try await engine.addKey(
            scope: scope, label: input.label ?? "", expiresAt: expiresAt, rate: input.rate, burst: input.burst)
        var view = KeyView(record)
        view.key = key
        return try jsonResponse(view, status: .created)
    }
}

struct KeyList: Encodable {
    var keys: [KeyView]
}

/// A key as the API shows it: never the key, except once in the answer that created it.
struct KeyView: Encodable {
    var id: String
    var scope: String
    var label: String
    var createdAt: String
    var expiresAt: String?
    var revokedAt: String?
    var rate: Double?
    var burst: Int?
    var key: String?

    enum CodingKeys: String, CodingKey {
        case id, scope, label
        case createdAt = "created_at"
        case expiresAt = "expires_at"
        case revokedAt = "revoked_at"
        case rate, burst, key
    }

    init(_ record: APIKeyRecord) {
        id = record.id
        scope = record.scope
        label = record.label
        createdAt = RFC3339.string(milliseconds: record.createdAt)
        expiresAt = record.expiresAt.map(RFC3339.string(milliseconds:))
        revokedAt = record.revokedAt.map(RFC3339.string(milliseconds:))
        rate = record.rate
        burst = record.burst
    }
}

/// `POST /v1/admin/keys` body.
struct NewKeyBody: Decodable {
    var scope: String?
    var label: String?
    var expiresAt: String?
    var rate: Double?
    var burst: Int?

    enum CodingKeys: String, CodingKey, CaseIterable {
        case scope, label
        case expiresAt = "expires_at"
        case rate, burst
    }

    init(from decoder: any Decoder) throws {
        try rejectUnknownParameters(decoder, accepted: CodingKeys.allCases.map(\.rawValue))
        let c = try decoder.container(keyedBy: CodingKeys.self)
        scope = try c.decodeIfPresent(String.self, forKey: .scope)
        label = try c.decodeIfPresent(String.self, forKey: .label)
        expiresAt = try c.decodeIfPresent(String.self, forKey: .expiresAt)
        rate = try c.decodeIfPresent(Double.self, forKey: .rate)
        burst = try c.decodeIfPresent(Int.self, forKey: .burst)
    }
}
