import AffinityEngine
import Foundation
import HTTPTypes
import HummingbirdTesting
import NIOCore

/// The webhook secrets ``TestSetup/webhooks(_:)`` configures.
enum WebhookFixtures {
    static let genericSecret = "whsec_generic_test"
    static let shopifySecret = "whsec_shopify_test"
    static let secrets = ["generic": genericSecret, "shopify": shopifySecret]
}

extension TestClientProtocol {
    /// POSTs a raw body to a webhook route with the given headers (no API key).
    func webhook(_ source: String, body: String, headers extra: [String: String], query: String = "") async throws -> (
        status: HTTPResponse.Status, json: [String: Any]
    ) {
        var headers: HTTPFields = [.contentType: "application/json"]
        for (name, value) in extra { headers[HTTPField.Name(name)!] = value }
        let response = try await executeRequest(
            uri: "/v1/webhooks/\(source)" + query, method: .post, headers: headers, body: ByteBuffer(string: body))
        let data = Data(String(buffer: response.body).utf8)
        let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return (response.status, json)
    }

    /// A generic delivery signed with `secret`.
    func generic(_ body: String, secret: String = WebhookFixtures.genericSecret) async throws -> (
        status: HTTPResponse.Status, json: [String: Any]
    ) {
        try await webhook(
            "generic", body: body,
            headers: ["X-Affinity-Signature": WebhookSignature.generic(body: Array(body.utf8), secret: secret)])
    }
}
