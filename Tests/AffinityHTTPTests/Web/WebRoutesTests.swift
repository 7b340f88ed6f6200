import AffinityEngine
import AffinityHTTP
import AffinityStore
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

/// The SDK, the demo storefront and the console as a browser gets them, and CORS for the
/// configured storefront origins only.
@Suite struct WebRoutesTests {
    /// A live server on a fresh data directory (seeded with the demo store when asked).
    static func run(
        demo: Bool = true, web: WebConfiguration = .init(),
        _ body: @Sendable (any TestClientProtocol, Engine) async throws -> Void
    ) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("affinity-web-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        let logger = Logger(label: "test")
        let engine = try await Engine(
            options: EngineOptions(
                dataDirectory: root, seedDemo: demo, publicKey: TestServer.publicKey, secretKey: TestServer.secretKey),
            logger: logger)
        try await engine.load()
        let app = buildApplication(engine: engine, configuration: .init(port: 0), web: web, logger: logger)
        try await app.test(.router) { client in try await body(client, engine) }
    }

    static func get(_ client: any TestClientProtocol, _ uri: String, _ headers: HTTPFields = [:]) async throws
        -> TestResponse
    {
        try await client.executeRequest(uri: uri, method: .get, headers: headers, body: nil)
    }

    @Test func theSDKIsVersionedCacheableAndRevalidated() async throws {
        try await Self.run(demo: false) { client, _ in
            let sdk = try await Self.get(client, "/sdk/affinity.js")
            #expect(sdk.status == .ok)
            #expect(sdk.headers[.contentType] == "text/javascript; charset=utf-8")
            #expect(sdk.headers[HTTPField.Name("X-Affinity-SDK-Version")!] == AffinityVersion.current)
            #expect(sdk.headers[.cacheControl] == "public, max-age=300")
            let etag = try #require(sdk.headers[.eTag])
            #expect(String(buffer: sdk.body).contains("Affinity"))
            let again = try await Self.get(client, "/sdk/affinity.js", [.ifNoneMatch: etag])
            #expect(again.status == .notModified)
            #expect(again.body.readableBytes == 0)
            let changed = try await Self.get(client, "/sdk/affinity.js", [.ifNoneMatch: "\"other\""])
            #expect(changed.status == .ok)
        }
    }

    @Test func pagesCarryTheirSecurityHeaders() async throws {
        try await Self.run { client, _ in
            for path in ["/console", "/demo"] {
                let page = try await Self.get(client, path)
                #expect(page.status == .ok, "\(path)")
                #expect(page.headers[.contentType] == "text/html; charset=utf-8")
                let policy = try #require(page.headers[.contentSecurityPolicy])
                #expect(policy.contains("default-src 'self'") && policy.contains("frame-ancestors 'none'"))
                #expect(!policy.contains("unsafe-inline"))
                #expect(page.headers[HTTPField.Name("X-Frame-Options")!] == "DENY")
            }
            #expect(try await Self.get(client, "/console/../affinity.yaml").status == .notFound)
            #expect(try await Self.get(client, "/console/nothing.js").status == .notFound)
        }
    }

    @Test func theDemoRunsOnTheSeededDemoStoreOnly() async throws {
        try await Self.run { client, _ in
            let config = try await Self.get(client, "/demo/config.json")
            #expect(config.status == .ok)
            let json = try JSONSerialization.jsonObject(with: Data(config.body.readableBytesView)) as? [String: Any]
            let key = try #require(json?["public_key"] as? String)
            #expect(key.hasPrefix("pk_"))
            // The key works as a public key, and is the same on the next ask.
            let list = try await client.executeRequest(
                uri: "/v1/recommendations?strategy=trending&count=3", method: .get,
                headers: [.authorization: "Bearer \(key)"], body: nil)
            #expect(list.status == .ok)
            let secret = try await client.executeRequest(
                uri: "/v1/admin/stats", method: .get, headers: [.authorization: "Bearer \(key)"], body: nil)
            #expect(secret.status == .forbidden)
            let session = try await client.executeRequest(
                uri: "/demo/session", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"user_id":"U00042"}"#))
            #expect(session.status == .ok)
            #expect(String(buffer: session.body).contains("user_token"))
        }
        try await Self.run(demo: false) { client, _ in
            for path in ["/demo", "/demo/config.json", "/demo/demo.js"] {
                let off = try await Self.get(client, path)
                #expect(off.status == .notFound)
                #expect(String(buffer: off.body).contains("demo_off"))
            }
            let session = try await client.executeRequest(
                uri: "/demo/session", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"user_id":"U00042"}"#))
            #expect(session.status == .notFound)
        }
        try await Self.run(web: WebConfiguration(demoUI: false)) { client, _ in
            let off = try await Self.get(client, "/demo/config.json")
            #expect(off.status == .notFound)
            #expect(String(buffer: off.body).contains("--no-demo-ui"))
        }
    }

    @Test func realDataOrARevokedKeyEndsTheDemo() async throws {
        // A catalog write is real data: /demo and its token minting stop for good.
        try await Self.run { client, engine in
            #expect(try await Self.get(client, "/demo/config.json").status == .ok)
            _ = try await engine.putProduct(
                Product(id: "REAL-1", title: "A real product", listings: [Listing(channel: "web", published: true)]))
            #expect(try await Self.get(client, "/demo/config.json").status == .notFound)
            let session = try await client.executeRequest(
                uri: "/demo/session", method: .post, headers: [.contentType: "application/json"],
                body: ByteBuffer(string: #"{"user_id":"U00042"}"#))
            #expect(session.status == .notFound)
        }
        // Revoking the demo's key turns the demo off; no new key replaces it.
        try await Self.run { client, engine in
            let config = try await Self.get(client, "/demo/config.json")
            let json = try JSONSerialization.jsonObject(with: Data(config.body.readableBytesView)) as? [String: Any]
            let key = try #require(json?["public_key"] as? String)
            let record = try #require(try await engine.listKeys().first { $0.label.hasPrefix("demo storefront") })
            _ = try await engine.revokeKey(record.id)
            #expect(try await Self.get(client, "/demo/config.json").status == .notFound)
            #expect(try await engine.listKeys().filter { $0.label.hasPrefix("demo storefront") }.count == 1)
            _ = key
        }
        // Only the demo's own shoppers get tokens.
        try await Self.run { client, _ in
            for user in ["u-1", "U0004", "U000420", "admin"] {
                let session = try await client.executeRequest(
                    uri: "/demo/session", method: .post, headers: [.contentType: "application/json"],
                    body: ByteBuffer(string: #"{"user_id":"\#(user)"}"#))
                #expect(session.status == .notFound, "\(user)")
            }
        }
    }

    @Test func corsPreflightCoversCartsAndCheckoutAndOriginsAreNormalised() async throws {
        let web = WebConfiguration(corsOrigins: ["https://Shop.example/"])
        try await Self.run(demo: false, web: web) { client, _ in
            let preflight = try await client.executeRequest(
                uri: "/v1/carts/c1/lines/P1", method: .options,
                headers: [
                    .origin: "https://shop.example", .accessControlRequestMethod: "PATCH",
                    .accessControlRequestHeaders: "authorization, content-type, idempotency-key",
                ], body: nil)
            #expect(preflight.status == .noContent)
            #expect(preflight.headers[.accessControlAllowMethods]?.contains("PATCH") == true)
            #expect(preflight.headers[.accessControlAllowHeaders]?.contains("Idempotency-Key") == true)
            #expect(preflight.headers[.vary] == "Origin")
        }
        #expect(CORSOrigin.normalized("https://Shop.example/") == "https://shop.example")
        #expect(CORSOrigin.normalized("http://127.0.0.1:8080") == "http://127.0.0.1:8080")
        #expect(CORSOrigin.normalized("shop.example") == nil)
        #expect(CORSOrigin.normalized("https://shop.example/path") == nil)
    }

    @Test func thePreviewWithoutRulesRunsTheLiveRulesAndRecordsNothing() async throws {
        try await Self.run { client, engine in
            let body = #"{"placement":"home","user_id":"U00042"}"#
            let answer = try await client.executeRequest(
                uri: "/v1/recommendations/preview", method: .post,
                headers: [.authorization: "Bearer \(TestServer.secretKey)", .contentType: "application/json"],
                body: ByteBuffer(string: body))
            // The demo engine here runs without a rules file: an unknown placement, not a 422.
            #expect(answer.status == .notFound)
            _ = engine
        }
    }

    @Test func corsAnswersTheConfiguredOriginsOnly() async throws {
        let web = WebConfiguration(corsOrigins: ["https://shop.example"])
        try await Self.run(demo: false, web: web) { client, _ in
            let preflight: HTTPFields = [
                .origin: "https://shop.example", .accessControlRequestMethod: "POST",
                .accessControlRequestHeaders: "authorization, content-type",
            ]
            let allowed = try await client.executeRequest(
                uri: "/v1/events", method: .options, headers: preflight, body: nil)
            #expect(allowed.status == .noContent)
            #expect(allowed.headers[.accessControlAllowOrigin] == "https://shop.example")
            #expect(allowed.headers[.accessControlAllowHeaders]?.contains("Authorization") == true)
            var other = preflight
            other[.origin] = "https://evil.example"
            let refused = try await client.executeRequest(
                uri: "/v1/events", method: .options, headers: other, body: nil)
            #expect(refused.status == .forbidden)
            #expect(refused.headers[.accessControlAllowOrigin] == nil)
            let real = try await client.executeRequest(
                uri: "/v1/recommendations?strategy=trending", method: .get,
                headers: [.origin: "https://shop.example", .authorization: "Bearer \(TestServer.publicKey)"], body: nil)
            #expect(real.headers[.accessControlAllowOrigin] == "https://shop.example")
            let foreign = try await client.executeRequest(
                uri: "/v1/recommendations?strategy=trending", method: .get,
                headers: [.origin: "https://evil.example", .authorization: "Bearer \(TestServer.publicKey)"], body: nil)
            #expect(foreign.headers[.accessControlAllowOrigin] == nil)
            #expect(foreign.headers[.vary] == "Origin")
        }
    }

    @Test func activityCountsCommittedEventsPerMinuteAndListsTheLatest() async throws {
        try await Self.run(demo: false) { client, engine in
            let events = (0..<3).map { i in
                Event(
                    eventID: "act-\(i)", type: i == 2 ? "add_to_cart" : "product_view",
                    occurredAt: RFC3339.string(milliseconds: EngineOptions.systemNow() - 1000), userID: "u\(i)",
                    items: [EventItem(productID: "P\(i)")])
            }
            _ = try await engine.ingest(events, batched: true)
            let answer = try await client.executeRequest(
                uri: "/v1/admin/activity?minutes=5&latest=2", method: .get,
                headers: [.authorization: "Bearer \(TestServer.secretKey)"], body: nil)
            #expect(answer.status == .ok)
            let json = try JSONSerialization.jsonObject(with: Data(answer.body.readableBytesView)) as? [String: Any]
            let minutes = try #require(json?["events_per_minute"] as? [[String: Any]])
            #expect(minutes.count == 5)
            let counts = minutes.compactMap { $0["counts"] as? [String: Int] }
            #expect(counts.map { $0["product_view"] ?? 0 }.reduce(0, +) == 2)
            #expect(counts.map { $0["add_to_cart"] ?? 0 }.reduce(0, +) == 1)
            let latest = try #require(json?["latest_events"] as? [[String: Any]])
            #expect(latest.map { $0["event_id"] as? String } == ["act-2", "act-1"])
            let bad = try await client.executeRequest(
                uri: "/v1/admin/activity?minutes=999", method: .get,
                headers: [.authorization: "Bearer \(TestServer.secretKey)"], body: nil)
            #expect(bad.status == .unprocessableContent)
            let asPublic = try await client.executeRequest(
                uri: "/v1/admin/activity", method: .get, headers: [.authorization: "Bearer \(TestServer.publicKey)"],
                body: nil)
            #expect(asPublic.status == .forbidden)
        }
    }

    @Test func theEmbeddedFilesAreTheRepositorysWebFolder() throws {
        let web = URL(fileURLWithPath: #filePath).deletingLastPathComponent().appendingPathComponent(
            "../../../web"
        ).standardizedFileURL
        let files = try #require(FileManager.default.enumerator(atPath: web.path)).compactMap { $0 as? String }
            .filter { [".js", ".html", ".css", ".svg"].contains(where: $0.hasSuffix) }
        let embedded = WebAssets()
        let fromDisk = WebAssets(directory: web.path)
        #expect(!files.isEmpty)
        for file in files {
            // ETags are digests of the bytes: equal tags, equal files.
            let disk = try #require(fromDisk.file(file), "\(file)")
            #expect(embedded.file(file)?.etag == disk.etag, "\(file) differs: run scripts/embed-web.sh")
        }
        #expect(fromDisk.file("../Package.swift") == nil)
    }
}
