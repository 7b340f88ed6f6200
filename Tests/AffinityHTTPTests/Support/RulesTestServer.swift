import AffinityEngine
import AffinityHTTP
import Foundation
import HummingbirdTesting
import Logging

/// A live server whose engine was started from a rules file in a temporary directory,
/// for hot reload and experiment tests.
enum RulesTestServer {
    /// Channels, two placements and a 50/50 experiment with a one-hour attribution window.
    static let rules = """
        channels:
          - {id: web, kind: web, currency: EUR, locale: de-DE}
        placements:
          home_hero: {strategy: for_you, count: 4, fallback: [popular]}
          trending_now: {strategy: trending, count: 5}
        experiments:
          hero_test:
            placement: home_hero
            attribution_window: 1h
            variants:
              - {id: control, weight: 1}
              - {id: treatment, weight: 1, overrides: {count: 3}}

        """

    static func run<Value: Sendable>(
        yaml: String = RulesTestServer.rules,
        _ body: @Sendable (any TestClientProtocol, Engine, String) async throws -> Value
    ) async throws -> Value {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("affinity-rules-\(UUID())").path
        try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let path = directory + "/affinity.yaml"
        try yaml.write(toFile: path, atomically: true, encoding: .utf8)
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        let options = EngineOptions(
            dataDirectory: directory + "/data", publicKey: TestServer.publicKey, secretKey: TestServer.secretKey,
            rules: try RulesConfigLoader.load(path: path), rulesPath: path)
        let engine = try Engine(options: options, logger: logger)
        try engine.load()
        let app = buildApplication(engine: engine, configuration: .init(host: "127.0.0.1", port: 0), logger: logger)
        return try await app.test(.live) { client in try await body(client, engine, path) }
    }

    /// The raw body of a GET with the secret key.
    static func text(_ client: any TestClientProtocol, _ uri: String) async throws -> String {
        let response = try await client.executeRequest(
            uri: uri, method: .get, headers: [.authorization: "Bearer \(TestServer.secretKey)"], body: nil)
        return String(buffer: response.body)
    }
}
