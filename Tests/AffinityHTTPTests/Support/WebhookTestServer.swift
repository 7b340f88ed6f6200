import AffinityEngine
import AffinityHTTP
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore

/// ``TestServer`` with webhook secrets configured for the generic and Shopify sources.
enum WebhookTestServer {
    static let genericSecret = "whsec_generic_test"
    static let shopifySecret = "whsec_shopify_test"

    static func run<Value: Sendable>(
        secrets: [String: String] = ["generic": genericSecret, "shopify": shopifySecret],
        _ body: @Sendable (any TestClientProtocol, Engine) async throws -> Value
    ) async throws -> Value {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("affinity-webhook-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let engine = try Engine(
            options: EngineOptions(
                dataDirectory: directory, publicKey: TestServer.publicKey, secretKey: TestServer.secretKey,
                webhookSecrets: secrets),
            logger: logger)
        try engine.load()
        let app = buildApplication(engine: engine, configuration: .init(host: "127.0.0.1", port: 0), logger: logger)
        return try await app.test(.live) { client in try await body(client, engine) }
    }
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
    func generic(_ body: String, secret: String = WebhookTestServer.genericSecret) async throws -> (
        status: HTTPResponse.Status, json: [String: Any]
    ) {
        try await webhook(
            "generic", body: body,
            headers: ["X-Affinity-Signature": WebhookSignature.generic(body: Array(body.utf8), secret: secret)])
    }
}
