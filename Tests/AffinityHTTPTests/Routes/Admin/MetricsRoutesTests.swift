import AffinityEngine
import AffinityHTTP
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Synchronization
import Testing

/// `GET /metrics` is the secret key's, answers the Prometheus text format, and its HTTP
/// histograms move by route pattern; every answer carries a request id.
@Suite struct MetricsRoutesTests {
    static let requestID = HTTPField.Name("X-Request-Id")!

    static func scrape(_ client: any TestClientProtocol) async throws -> String {
        let response = try await client.executeRequest(
            uri: "/metrics", method: .get, headers: [.authorization: "Bearer \(TestServer.secretKey)"], body: nil)
        #expect(response.status == .ok)
        #expect(response.headers[.contentType]?.hasPrefix("text/plain; version=0.0.4") == true)
        return String(buffer: response.body)
    }

    static func sample(_ text: String, _ series: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    @Test func metricsNeedTheSecretKey() async throws {
        try await TestServer.run { client, _ in
            let none = try await client.send(.get, "/metrics", key: nil)
            #expect(none.status == .unauthorized)
            let asPublic = try await client.send(.get, "/metrics", key: TestServer.publicKey)
            #expect(asPublic.status == .forbidden)
            let admin = try await client.send(.get, "/v1/admin/metrics", key: TestServer.secretKey)
            #expect(admin.status == .ok)
        }
    }

    @Test func httpHistogramsMoveByRoutePatternAndStatusClass() async throws {
        try await TestServer.run(.live) { client, _ in
            let route = #"route="/v1/products/{id}",method="GET""#
            let before = try await Self.scrape(client)
            #expect(
                Self.sample(before, "affinity_http_request_duration_seconds_count{\(route),status_class=\"4xx\"}")
                    == nil)
            for id in ["nope-1", "nope-2", "nope-3"] {
                #expect(try await client.send(.get, "/v1/products/\(id)").status == .notFound)
            }
            _ = try await client.send(.get, "/no/such/route/\(UUID())")
            let after = try await Self.scrape(client)
            #expect(
                Self.sample(after, "affinity_http_request_duration_seconds_count{\(route),status_class=\"4xx\"}") == 3)
            // Unknown paths share one series instead of one each.
            #expect(!after.contains("/no/such/route"))
            #expect(
                Self.sample(
                    after,
                    #"affinity_http_request_duration_seconds_count{route="unmatched",method="GET",status_class="4xx"}"#)
                    == 1)
            #expect(after.contains("affinity_http_requests_in_flight"))
        }
    }

    @Test func requestIDsAreEchoedOrGenerated() async throws {
        try await TestServer.run { client, _ in
            let given = try await client.executeRequest(
                uri: "/health/live", method: .get, headers: [Self.requestID: "trace-42"], body: nil)
            #expect(given.headers[Self.requestID] == "trace-42")
            let generated = try await client.executeRequest(uri: "/health/live", method: .get, headers: [:], body: nil)
            let id = try #require(generated.headers[Self.requestID])
            #expect(!id.isEmpty && id != "trace-42")
            // A value unfit for a header or a log line is replaced, not echoed.
            let unfit = try await client.executeRequest(
                uri: "/health/live", method: .get, headers: [Self.requestID: String(repeating: "x", count: 300)],
                body: nil)
            let replaced = try #require(unfit.headers[Self.requestID])
            #expect(!replaced.isEmpty && replaced.count < 300)
            // Error answers carry it too.
            let missing = try await client.executeRequest(
                uri: "/v1/recommendations?strategy=popular", method: .get, headers: [Self.requestID: "trace-43"],
                body: nil)
            #expect(missing.status == .unauthorized)
            #expect(missing.headers[Self.requestID] == "trace-43")
        }
    }

    @Test func theEnginesLogLinesDuringARequestCarryItsID() async throws {
        let lines = CapturedLines()
        let logger = Logger(label: "test") { _ in CapturingHandler(lines: lines, provider: RequestID.metadataProvider) }
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("affinity-rid-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let engine = try await Engine(
            options: EngineOptions(
                dataDirectory: root, publicKey: TestServer.publicKey, secretKey: TestServer.secretKey),
            logger: logger)
        try await engine.load()
        let app = buildApplication(engine: engine, configuration: .init(host: "127.0.0.1", port: 0), logger: logger)
        try await app.test(.router) { client in
            // Without a rules file a reload is refused with a warning from the engine.
            _ = try await client.executeRequest(
                uri: "/v1/admin/config/reload", method: .post,
                headers: [.authorization: "Bearer \(TestServer.secretKey)", Self.requestID: "reload-77"], body: nil)
        }
        let warning = lines.all.first { $0.message.contains("without a rules file") }
        #expect(warning?.metadata["hb.request.id"] == "reload-77")
        // Outside a request there is no id.
        engine.logger.info("background")
        #expect(lines.all.last?.metadata["hb.request.id"] == nil)
    }
}

/// Log lines kept for a test.
final class CapturedLines: Sendable {
    struct Line: Sendable {
        var message: String
        var metadata: [String: String]
    }

    private let lines = Mutex<[Line]>([])

    func append(_ line: Line) { lines.withLock { $0.append(line) } }

    var all: [Line] { lines.withLock { $0 } }
}

/// A handler that keeps every line with its metadata (the provider's included).
struct CapturingHandler: LogHandler {
    let lines: CapturedLines
    let provider: Logger.MetadataProvider?
    var logLevel: Logger.Level = .trace
    var metadata: Logger.Metadata = [:]

    init(lines: CapturedLines, provider: Logger.MetadataProvider?) {
        self.lines = lines
        self.provider = provider
    }

    subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    func log(event: LogEvent) {
        var merged = metadata
        merged.merge(provider?.get() ?? [:]) { _, new in new }
        merged.merge(event.metadata ?? [:]) { _, new in new }
        lines.append(.init(message: "\(event.message)", metadata: merged.mapValues { "\($0)" }))
    }
}
