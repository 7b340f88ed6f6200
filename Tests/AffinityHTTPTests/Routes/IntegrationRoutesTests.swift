import AffinityHTTP
import AffinityStore
import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import NIOCore
import Testing

@testable import AffinityEngine

/// `POST /v1/integrations/segment` and `/v1/integrations/ga4`: the spec examples end up as
/// the right stored events, replays are duplicates, unmapped calls ignored, one bad call
/// rejected alone, and only the secret key or the configured shared secret gets in.
@Suite struct IntegrationRoutesTests {
    static let now: Int64 = RFC3339.milliseconds("2026-11-27T12:00:00Z")!
    static let segmentSecret = "seg_shared_secret"
    static let ga4Secret = "ga4_api_secret"

    /// A Segment batch built from the e-commerce spec v2 examples (Product Viewed,
    /// Product Added, Order Completed), with a page call and the identify of a login.
    static let segmentBatch = #"""
        {"batch":[
          {"type":"track","event":"Product Viewed","messageId":"ajs-1","anonymousId":"anon-7",
           "timestamp":"2026-11-27T10:00:00.000Z","context":{"channel":"browser"},
           "properties":{"product_id":"507f1f77bcf86cd799439011","sku":"G-32","category":"Games",
             "name":"Monopoly: 3rd Edition","brand":"Hasbro","variant":"200 pieces","price":18.99,"quantity":1,
             "coupon":"MAYDEALS","currency":"usd","position":3,"value":18.99,
             "url":"https://www.example.com/product/path","image_url":"https://www.example.com/product/path.jpg"}},
          {"type":"page","messageId":"ajs-2","anonymousId":"anon-7","name":"Home","timestamp":"2026-11-27T10:01:00Z"},
          {"type":"track","event":"Product Added","messageId":"ajs-3","anonymousId":"anon-7",
           "timestamp":"2026-11-27T10:02:00.000Z","context":{"channel":"browser"},
           "properties":{"cart_id":"skdjsidjsdkdj29j","product_id":"507f1f77bcf86cd799439011","sku":"G-32",
             "category":"Games","name":"Monopoly: 3rd Edition","brand":"Hasbro","variant":"200 pieces","price":18.99,
             "quantity":1,"coupon":"MAYDEALS","position":3,"url":"https://www.example.com/product/path",
             "image_url":"https://www.example.com/product/path.jpg"}},
          {"type":"identify","messageId":"ajs-4","anonymousId":"anon-7","userId":"u-7",
           "timestamp":"2026-11-27T10:03:00Z","traits":{"email":"peter@example.com"}},
          {"type":"track","event":"Order Completed","messageId":"srv-5","userId":"u-7",
           "timestamp":"2026-11-27T10:05:00.000Z","context":{"channel":"server"},
           "properties":{"checkout_id":"fksdjfsdjfisjf9sdfjsd9f","order_id":"50314b8e9bcf000000000000",
             "affiliation":"Google Store","total":27.50,"subtotal":22.50,"revenue":25.00,"shipping":3,"tax":2,
             "discount":2.5,"coupon":"hasbros","currency":"USD",
             "products":[
               {"product_id":"507f1f77bcf86cd799439011","sku":"45790-32","name":"Monopoly: 3rd Edition","price":19,
                "quantity":1,"category":"Games"},
               {"product_id":"505bd76785ebb509fc183733","sku":"46493-32","name":"Uno Card Game","price":3,
                "quantity":2,"category":"Games"}]}}],
         "context":{"library":{"name":"analytics-node","version":"6.0.0"}}}
        """#

    /// Google's Measurement Protocol purchase example, with a request time so that a
    /// replay is recognised.
    static let ga4Purchase = #"""
        {"client_id":"client_id","timestamp_micros":1795770000000000,"events":[{"name":"purchase","params":{
          "currency":"USD","transaction_id":"T_12345","value":30.03,"coupon":"SUMMER_FUN","shipping":3.33,"tax":1.11,
          "items":[
            {"item_id":"SKU_12345","item_name":"Stan and Friends Tee","affiliation":"Google Merchandise Store",
             "coupon":"SUMMER_FUN","discount":2.22,"index":0,"item_brand":"Google","item_category":"Apparel",
             "item_list_id":"related_products","item_list_name":"Related Products","item_variant":"green",
             "price":10.01,"quantity":3},
            {"item_id":"SKU_12346","item_name":"Google Grey Women's Tee","affiliation":"Google Merchandise Store",
             "coupon":"SUMMER_FUN","discount":3.33,"index":1,"item_brand":"Google","item_category":"Apparel",
             "item_list_id":"related_products","item_list_name":"Related Products","item_variant":"gray",
             "price":21.01,"promotion_id":"P_12345","promotion_name":"Summer Sale","quantity":2}]}},
          {"name":"page_view","params":{"page_location":"https://example.com/thanks"}}]}
        """#

    /// ``TestServer/run(_:_:)`` with the integrations' shared secrets configured (and the
    /// clock pinned after the fixtures' times), which the shared harness has no option for.
    func run(
        secrets: [String: String] = ["segment": segmentSecret, "ga4": ga4Secret],
        _ body: @Sendable (any TestClientProtocol, Engine) async throws -> Void
    ) async throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("affinity-http-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: root) }
        var logger = Logger(label: "test")
        logger.logLevel = .warning
        var options = EngineOptions(
            dataDirectory: root, publicKey: TestServer.publicKey, secretKey: TestServer.secretKey, now: { Self.now })
        options.integrationSecrets = secrets
        let engine = try await Engine(options: options, logger: logger)
        try await engine.load()
        let app = buildApplication(engine: engine, configuration: .init(host: "127.0.0.1", port: 0), logger: logger)
        try await app.test(.router) { client in try await body(client, engine) }
    }

    @Test func segmentSpecBatchIsStoredAsAffinityEventsAndAReplayIsAllDuplicates() async throws {
        try await run { client, engine in
            let first = try await client.post(
                "/v1/integrations/segment", bearer: TestServer.secretKey, Self.segmentBatch)
            #expect(first.status == .ok)
            #expect(first.json.int("accepted") == 4)
            #expect(first.json.int("ignored") == 1)
            #expect(first.json.int("rejected") == 0)
            #expect(first.statuses == ["accepted", "ignored", "accepted", "accepted", "accepted"])
            let results = try #require(first.json["results"] as? [[String: Any]])
            #expect(results.map { $0["index"] as? Int } == [0, 1, 2, 3, 4])
            #expect(results.map { $0["message_id"] as? String } == ["ajs-1", "ajs-2", "ajs-3", "ajs-4", "srv-5"])
            #expect(
                results.map { $0["event_id"] as? String } == ["seg:ajs-1", nil, "seg:ajs-3", "seg:ajs-4", "seg:srv-5"])
            #expect(
                results.map { $0["type"] as? String } == ["product_view", nil, "add_to_cart", "identify", "purchase"])
            #expect((results[1]["reason"] as? String)?.hasPrefix("page calls") == true)

            let view = try #require(try await engine.store.payload(ofEvent: "seg:ajs-1"))
            #expect(view.contains(#""anonymous_id":"anon-7""#))
            #expect(view.contains(#""channel":"web""#))
            #expect(
                view.contains(
                    #""items":[{"currency":"USD","position":2,"price_minor":1899,"product_id":"507f1f77bcf86cd799439011","quantity":1}]"#
                ))
            #expect(view.contains(#""occurred_at":"2026-11-27T10:00:00.000Z""#))
            let added = try #require(try await engine.store.payload(ofEvent: "seg:ajs-3"))
            #expect(added.contains(#""type":"add_to_cart""#))
            #expect(added.contains(#""price_minor":1899"#))
            let order = try #require(try await engine.store.payload(ofEvent: "seg:srv-5"))
            #expect(
                order.contains(
                    #""order":{"currency":"USD","order_id":"50314b8e9bcf000000000000","revenue_minor":2500}"#))
            #expect(order.contains(#""price_minor":1900"#))
            #expect(order.contains(#""price_minor":300,"product_id":"505bd76785ebb509fc183733","quantity":2"#))
            #expect(!order.contains(#""channel""#))
            #expect(try await engine.statistics().events == 4)

            // The identify linked the browsing before the login to the user.
            let recent = try await client.send(
                .get, "/v1/recommendations?strategy=recently_viewed&user_id=u-7", key: TestServer.secretKey)
            let items = try #require(recent.json["items"] as? [[String: Any]])
            #expect(items.first?["product_id"] as? String == "507f1f77bcf86cd799439011")

            let again = try await client.post(
                "/v1/integrations/segment", bearer: TestServer.secretKey, Self.segmentBatch)
            #expect(again.status == .ok)
            #expect(again.statuses == ["duplicate", "ignored", "duplicate", "duplicate", "duplicate"])
            #expect(again.json.int("duplicates") == 4)
            #expect(try await engine.statistics().events == 4)
        }
    }

    @Test func ga4PurchaseExampleIsStoredAndAReplayIsADuplicate() async throws {
        try await run { client, engine in
            let uri = "/v1/integrations/ga4?measurement_id=G-XXXXXXXXXX&api_secret=\(Self.ga4Secret)"
            let first = try await client.post(uri, Self.ga4Purchase)
            #expect(first.status == .ok)
            #expect(first.statuses == ["accepted", "ignored"])
            let results = try #require(first.json["results"] as? [[String: Any]])
            #expect(results.map { $0["name"] as? String } == ["purchase", "page_view"])
            let id = try #require(results[0]["event_id"] as? String)
            #expect(id.hasPrefix("ga4:"))
            let payload = try #require(try await engine.store.payload(ofEvent: id))
            #expect(payload.contains(#""order":{"currency":"USD","order_id":"T_12345","revenue_minor":3003}"#))
            #expect(payload.contains(#""position":0,"price_minor":1001,"product_id":"SKU_12345","quantity":3"#))
            #expect(payload.contains(#""position":1,"price_minor":2101,"product_id":"SKU_12346","quantity":2"#))
            #expect(payload.contains(#""anonymous_id":"client_id""#))
            #expect(payload.contains(#""channel":"web""#))

            let again = try await client.post(uri, Self.ga4Purchase)
            #expect(again.statuses == ["duplicate", "ignored"])
            #expect(try await engine.statistics().events == 1)
        }
    }

    @Test func oneInvalidCallAmongValidOnesIsTheOnlyOneRejected() async throws {
        try await run { client, engine in
            let body = #"""
                {"batch":[
                  {"type":"track","event":"Product Viewed","messageId":"m1","anonymousId":"a1","properties":{"product_id":"P1"}},
                  {"type":"track","event":"Product Viewed","messageId":"m2","anonymousId":"a1","properties":{"name":"no id"}},
                  {"type":"track","event":"Product Added","messageId":"m3","properties":{"product_id":"P2"}},
                  {"type":"track","event":"Coupon Entered","messageId":"m4","anonymousId":"a1"},
                  {"type":"track","event":"Product Added","messageId":"m5","anonymousId":"a1","properties":{"product_id":"P2"}}]}
                """#
            let response = try await client.post("/v1/integrations/segment", bearer: TestServer.secretKey, body)
            #expect(response.status == .ok)
            #expect(response.statuses == ["accepted", "rejected", "rejected", "ignored", "accepted"])
            let results = try #require(response.json["results"] as? [[String: Any]])
            #expect((results[1]["error"] as? [String: Any])?["field"] as? String == "properties.product_id")
            #expect((results[2]["error"] as? [String: Any])?["field"] as? String == "user_id")
            #expect(results[3]["reason"] as? String == "no Affinity mapping for track event 'Coupon Entered'")
            #expect(try await engine.statistics().events == 2)
        }
    }

    @Test func segmentTakesTheSecretKeyOrABodySignedWithTheSharedSecret() async throws {
        try await run { client, _ in
            let uri = "/v1/integrations/segment"
            let call = #"{"type":"identify","messageId":"i1","userId":"u1","anonymousId":"a1"}"#
            let none = try await client.post(uri, call)
            #expect(none.status == .unauthorized)
            #expect(none.json.errorCode == "missing_key")
            // Segment's webhook destination: X-Signature = hex HMAC-SHA1(secret, body).
            let signed = try await client.post(uri, signature: Self.sign(call, Self.segmentSecret), call)
            #expect(signed.status == .ok)
            let otherBody = #"{"type":"identify","messageId":"i2","userId":"u1","anonymousId":"a1"}"#
            let replayed = try await client.post(uri, signature: Self.sign(call, Self.segmentSecret), otherBody)
            #expect(replayed.status == .unauthorized)
            #expect(replayed.json.errorCode == "invalid_secret")
            let wrongKey = try await client.post(uri, signature: Self.sign(call, "not-the-secret"), call)
            #expect(wrongKey.status == .unauthorized)
            // The shared secret itself is no credential: a write key sits in every page.
            let bare = try await client.post(uri, basic: Self.segmentSecret, call)
            #expect(bare.status == .unauthorized)
            #expect(bare.json.errorCode == "invalid_secret")
            // Segment's server-side libraries send their write key as the Basic user name: a
            // secret key works there.
            #expect(try await client.post(uri, basic: TestServer.secretKey, call).status == .ok)
            #expect(try await client.post(uri, basic: TestServer.publicKey, call).status == .forbidden)
            #expect(try await client.post(uri, bearer: TestServer.publicKey, call).status == .forbidden)
            #expect(try await client.post(uri, bearer: "sk_unknown", call).status == .unauthorized)
            #expect(try await client.post(uri, bearer: TestServer.secretKey, call).status == .ok)
        }
    }

    /// Segment's `X-Signature` for `body`.
    static func sign(_ body: String, _ secret: String) -> String {
        let mac = HMAC<Insecure.SHA1>.authenticationCode(
            for: Array(body.utf8), using: SymmetricKey(data: Array(secret.utf8)))
        return mac.map { String(format: "%02x", $0) }.joined()
    }

    @Test func ga4TakesTheSecretKeyOrTheConfiguredAPISecret() async throws {
        try await run { client, _ in
            let body = #"{"client_id":"c1","user_id":"u1","events":[{"name":"login"}]}"#
            let none = try await client.post("/v1/integrations/ga4", body)
            #expect(none.status == .unauthorized)
            #expect(none.json.errorCode == "missing_key")
            let wrong = try await client.post("/v1/integrations/ga4?api_secret=nope", body)
            #expect(wrong.status == .unauthorized)
            #expect(wrong.json.errorCode == "invalid_secret")
            #expect(try await client.post("/v1/integrations/ga4?api_secret=\(Self.ga4Secret)", body).status == .ok)
            #expect(
                try await client.post("/v1/integrations/ga4", bearer: TestServer.publicKey, body).status == .forbidden)
            #expect(try await client.post("/v1/integrations/ga4", bearer: TestServer.secretKey, body).status == .ok)
            // Another integration's secret is no GA4 secret.
            #expect(
                try await client.post("/v1/integrations/ga4?api_secret=\(Self.segmentSecret)", body).status
                    == .unauthorized)
        }
    }

    @Test func withoutConfiguredSecretsOnlyTheSecretKeyGetsIn() async throws {
        try await run(secrets: [:]) { client, _ in
            let call = #"{"type":"identify","messageId":"i1","userId":"u1","anonymousId":"a1"}"#
            let emptyBasic = try await client.post("/v1/integrations/segment", basic: "", call)
            #expect(emptyBasic.status == .unauthorized)
            let signed = try await client.post(
                "/v1/integrations/segment", signature: Self.sign(call, ""), call)
            #expect(signed.status == .unauthorized)
            #expect(try await client.post("/v1/integrations/ga4?api_secret=", "{}").status == .unauthorized)
            #expect(try await client.post("/v1/integrations/segment", bearer: TestServer.secretKey, call).status == .ok)
        }
    }

    @Test func malformedTooLargeAndWrongTypeBodiesAreErrorsInTheAPIShape() async throws {
        try await run { client, engine in
            let uri = "/v1/integrations/segment"
            let malformed = try await client.post(uri, bearer: TestServer.secretKey, #"{"batch":[{"type":}]}"#)
            #expect(malformed.status == .badRequest)
            #expect(malformed.json.errorCode == "malformed_json")
            let call = #"{"type":"page","messageId":"p"}"#
            let many = #"{"batch":[\#(Array(repeating: call, count: 1001).joined(separator: ","))]}"#
            let tooMany = try await client.post(uri, bearer: TestServer.secretKey, many)
            #expect(tooMany.status == .contentTooLarge)
            #expect(tooMany.json.errorCode == "too_many_events")
            let padding = String(repeating: "x", count: 1 << 20)
            let huge = try await client.post(uri, bearer: TestServer.secretKey, #"{"type":"page","pad":"\#(padding)"}"#)
            #expect(huge.status == .contentTooLarge)
            let xml = try await client.post(
                uri, bearer: TestServer.secretKey, "<batch/>", contentType: "application/xml")
            #expect(xml.status == .unsupportedMediaType)
            // analytics.js posts its JSON as text/plain.
            let plain = try await client.post(uri, bearer: TestServer.secretKey, call, contentType: "text/plain")
            #expect(plain.status == .ok)
            let ga4 = try await client.post("/v1/integrations/ga4", bearer: TestServer.secretKey, #"{"events":[]}"#)
            #expect(ga4.status == .unprocessableContent)
            #expect(ga4.json.errorField == "client_id")
            #expect(try await engine.statistics().events == 0)
        }
    }
}

extension TestClientProtocol {
    /// POSTs `body` with an optional bearer key, HTTP Basic user name or Segment
    /// signature; the status, the
    /// JSON answer and its per-call statuses.
    fileprivate func post(
        _ uri: String, bearer: String? = nil, basic: String? = nil, signature: String? = nil, _ body: String,
        contentType: String = "application/json"
    ) async throws -> (status: HTTPResponse.Status, json: [String: Any], statuses: [String]) {
        var headers: HTTPFields = [.contentType: contentType]
        if let signature { headers[HTTPField.Name("X-Signature")!] = signature }
        if let bearer { headers[.authorization] = "Bearer \(bearer)" }
        if let basic { headers[.authorization] = "Basic " + Data("\(basic):".utf8).base64EncodedString() }
        let response = try await executeRequest(
            uri: uri, method: .post, headers: headers, body: ByteBuffer(string: body))
        let json =
            (try? JSONSerialization.jsonObject(with: Data(response.body.readableBytesView))) as? [String: Any] ?? [:]
        let statuses = (json["results"] as? [[String: Any]] ?? []).compactMap { $0["status"] as? String }
        return (response.status, json, statuses)
    }
}
