import AffinityEngine
import AffinityHTTP
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore

/// How a test's engine and server are set up: one harness for every HTTP test.
struct TestSetup: Sendable {
    /// Hummingbird's test mode: `.router` drives the router without a socket (most
    /// tests); `.live` runs the real server on 127.0.0.1 (body limits while reading,
    /// streaming, anything the HTTP server itself does).
    var mode: TestingSetup = .router
    /// The engine's clock.
    var now: @Sendable () -> Int64 = EngineOptions.systemNow
    /// Rules parsed in memory with the pinned clock (placements and experiments).
    var rules: String?
    /// Rules written to `<directory>/affinity.yaml` and loaded from there, so that the
    /// test can edit the file and reload it.
    var rulesFile: String?
    /// A data directory to use and keep (to restart on it); a fresh one otherwise.
    var directory: String?
    var webhookSecrets: [String: String] = [:]
    var logLevel: Logger.Level = .warning
    /// Seed the demo store (products, channels, events) into the fresh directory.
    var seedDemo = false
    /// The feed token `GET /v1/feeds/…?token=` accepts (none: secret key only).
    var feedToken: String?

    init(
        mode: TestingSetup = .router, now: @escaping @Sendable () -> Int64 = EngineOptions.systemNow,
        rules: String? = nil, rulesFile: String? = nil, directory: String? = nil,
        webhookSecrets: [String: String] = [:], logLevel: Logger.Level = .warning, seedDemo: Bool = false
    ) {
        self.seedDemo = seedDemo
        self.mode = mode
        self.now = now
        self.rules = rules
        self.rulesFile = rulesFile
        self.directory = directory
        self.webhookSecrets = webhookSecrets
        self.logLevel = logLevel
    }

    /// The real server on 127.0.0.1 (ingestion limits, streaming bodies, auth, health).
    static var live: TestSetup { TestSetup(mode: .live) }

    /// Placement tests: the placement fixtures' rules with the clock pinned inside the
    /// test pins' window.
    static func placements(
        rules: String = PlacementFixtures.rules, directory: String? = nil, mode: TestingSetup = .router
    ) -> TestSetup {
        TestSetup(mode: mode, now: { PlacementFixtures.now }, rules: rules, directory: directory)
    }

    /// Hot reload and experiment tests: a rules file on disk.
    static func rulesFile(_ yaml: String = RulesFixtures.rules, mode: TestingSetup = .router) -> TestSetup {
        TestSetup(mode: mode, rulesFile: yaml, logLevel: .critical)
    }

    /// Webhook tests: secrets for the generic and Shopify sources.
    static func webhooks(_ secrets: [String: String] = WebhookFixtures.secrets) -> TestSetup {
        TestSetup(webhookSecrets: secrets)
    }
}

/// A real engine on a temporary data directory behind the HTTP application.
enum TestServer {
    static let publicKey = "pk_test"
    static let secretKey = "sk_test"

    static func run<Value: Sendable>(
        _ setup: TestSetup = TestSetup(),
        _ body: @Sendable (any TestClientProtocol, Engine) async throws -> Value
    ) async throws -> Value {
        let root =
            setup.directory
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("affinity-http-\(UUID())").path
        defer { if setup.directory == nil { try? FileManager.default.removeItem(atPath: root) } }
        try FileManager.default.createDirectory(atPath: root, withIntermediateDirectories: true)
        var logger = Logger(label: "test")
        logger.logLevel = setup.logLevel
        var rules: RulesConfig?
        var rulesPath: String?
        if let yaml = setup.rules {
            rules = try RulesConfigLoader.parse(yaml: yaml, file: "test.yaml", now: setup.now)
        }
        if let yaml = setup.rulesFile {
            let path = root + "/affinity.yaml"
            try yaml.write(toFile: path, atomically: true, encoding: .utf8)
            rules = try RulesConfigLoader.load(path: path)
            rulesPath = path
        }
        var options = EngineOptions(
            dataDirectory: setup.rulesFile == nil ? root : root + "/data", seedDemo: setup.seedDemo,
            publicKey: publicKey,
            secretKey: secretKey, now: setup.now, webhookSecrets: setup.webhookSecrets, rules: rules,
            rulesPath: rulesPath)
        options.feedToken = setup.feedToken
        let engine = try await Engine(options: options, logger: logger)
        try await engine.load()
        let app = buildApplication(engine: engine, configuration: .init(host: "127.0.0.1", port: 0), logger: logger)
        return try await app.test(setup.mode) { client in try await body(client, engine) }
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
