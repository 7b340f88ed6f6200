import AffinityEngine
import AffinityHTTP
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore

/// A real engine on a temporary data directory behind a live server on 127.0.0.1.
enum TestServer {
    static let publicKey = "pk_test"
    static let secretKey = "sk_test"

    static func run<Value: Sendable>(
        now: @escaping @Sendable () -> Int64 = EngineOptions.systemNow,
        _ body: @Sendable (any TestClientProtocol, Engine) async throws -> Value
    ) async throws -> Value {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("affinity-http-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        let engine = try Engine(
            options: EngineOptions(dataDirectory: directory, publicKey: publicKey, secretKey: secretKey, now: now),
            logger: logger)
        try engine.load()
        let app = buildApplication(engine: engine, configuration: .init(host: "127.0.0.1", port: 0), logger: logger)
        return try await app.test(.live) { client in try await body(client, engine) }
    }
}

extension TestClientProtocol {
    /// Sends JSON (or any text) with a key and returns status and parsed JSON body.
    func send(
        _ method: HTTPRequest.Method, _ uri: String, key: String? = TestServer.publicKey, body: String? = nil,
        contentType: String = "application/json"
    ) async throws -> (status: HTTPResponse.Status, json: [String: Any]) {
        var headers: HTTPFields = [:]
        if let key { headers[.authorization] = "Bearer \(key)" }
        if body != nil { headers[.contentType] = contentType }
        let response = try await executeRequest(
            uri: uri, method: method, headers: headers, body: body.map { ByteBuffer(string: $0) })
        let data = Data(String(buffer: response.body).utf8)
        let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
        return (response.status, json)
    }
}

/// A valid product_view event as JSON.
func viewEvent(
    _ id: String, user: String? = "u1", anonymous: String? = nil, product: String = "P1",
    at: String = "2026-11-01T10:00:00Z"
)
    -> String
{
    var fields = [#""event_id":"\#(id)""#, #""type":"product_view""#, #""occurred_at":"\#(at)""#, #""channel":"web""#]
    if let user { fields.append(#""user_id":"\#(user)""#) }
    if let anonymous { fields.append(#""anonymous_id":"\#(anonymous)""#) }
    fields.append(#""items":[{"product_id":"\#(product)"}]"#)
    return "{" + fields.joined(separator: ",") + "}"
}

extension Dictionary where Key == String, Value == Any {
    var errorCode: String? { (self["error"] as? [String: Any])?["code"] as? String }
    var errorField: String? { (self["error"] as? [String: Any])?["field"] as? String }
    func int(_ key: String) -> Int? { self[key] as? Int }
}

typealias TestClientProtocolAlias = TestClientProtocol
