import AffinityStore
import Foundation
import HTTPTypes
import HummingbirdTesting
import Testing

@testable import AffinityEngine

/// A store that deploys Affinity can promise: one customer's history never shows in
/// another's lists, the public key cannot read anyone's history, and "delete me" deletes.
@Suite("Shoppers' data: identity, access, erasure")
struct PrivacyTests {
    static let rules = """
        channels:
          - {id: web, kind: web, currency: EUR, locale: de-DE}
        placements:
          history: {strategy: popular, count: 5, fallback: [recently_viewed]}
        """

    /// A product in its own category with its own words, so only events relate two of them.
    static func product(_ id: String) -> Product {
        Product(
            id: id, title: "Item \(id)", categories: ["cat-\(id)"], brand: "Brand \(id)",
            listings: [Listing(channel: "web", published: true)],
            prices: [Price(channel: "web", amountMinor: 1000, currency: "EUR")], stock: Stock(available: 100))
    }

    static func event(
        _ id: String, _ type: String = "product_view", user: String? = nil, anonymous: String? = nil,
        _ products: [String], minutesAgo: Int64 = 30, consent: Bool? = nil
    ) -> String {
        var fields = [
            #""event_id":"\#(id)""#, #""type":"\#(type)""#,
            #""occurred_at":"\#(RFC3339.string(milliseconds: EngineOptions.systemNow() - minutesAgo * 60_000))""#,
            #""channel":"web""#,
        ]
        if let user { fields.append(#""user_id":"\#(user)""#) }
        if let anonymous { fields.append(#""anonymous_id":"\#(anonymous)""#) }
        if let consent { fields.append(#""consent":{"personalization":\#(consent)}"#) }
        let items = products.map { #"{"product_id":"\#($0)","price_minor":1000,"currency":"EUR"}"# }
        fields.append(#""items":[\#(items.joined(separator: ","))]"#)
        return "{" + fields.joined(separator: ",") + "}"
    }

    static func post(_ client: any TestClientProtocol, _ events: [String]) async throws {
        let response = try await client.send(
            .post, "/v1/events", body: #"{"events":[\#(events.joined(separator: ","))]}"#)
        #expect(response.status == .ok)
    }

    static func list(
        _ client: any TestClientProtocol, _ strategy: String, user: String, item: String? = nil,
        key: String = TestServer.secretKey
    ) async throws -> [String] {
        let item = item.map { "&item_id=\($0)" } ?? ""
        return try await client.send(
            .get, "/v1/recommendations?strategy=\(strategy)&channel=web&user_id=\(user)\(item)&count=20", key: key
        ).json.productIDs
    }

    /// X's co-occurrence contribution in the similar items of Y (0 when nothing links them).
    static func cooccurrence(_ client: any TestClientProtocol, of item: String, in seed: String) async throws -> Double
    {
        let json = try await client.send(
            .get, "/v1/recommendations?strategy=similar_items&item_id=\(seed)&count=20&explain=true",
            key: TestServer.secretKey
        ).json
        let entry = json.items.first { $0["product_id"] as? String == item }
        let sources = (entry?["explain"] as? [String: Any])?["sources"] as? [String: Any]
        return (sources?["cooccurrence"] as? NSNumber)?.doubleValue ?? 0
    }

    @Test("the kiosk story: B logs in where A browsed and bought, and B's lists hold nothing of A's")
    func kiosk() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("affinity-kiosk-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let setup = TestSetup(rules: Self.rules, directory: directory)
        let first = try await TestServer.run(setup) { client, engine in
            for id in ["A1", "A2", "A3", "B1", "B2", "N1", "N2"] { _ = try await engine.putProduct(Self.product(id)) }
            // Other shoppers make A's and B's products co-occur, so for_you has evidence to use.
            var others: [String] = []
            for shopper in 0..<4 {
                others += [
                    Self.event("o\(shopper)a", user: "o\(shopper)", ["A1"], minutesAgo: 300),
                    Self.event("o\(shopper)b", user: "o\(shopper)", ["N1"], minutesAgo: 299),
                    Self.event("o\(shopper)c", user: "o\(shopper)", ["B1"], minutesAgo: 298),
                    Self.event("o\(shopper)d", user: "o\(shopper)", ["N2"], minutesAgo: 297),
                ]
            }
            try await Self.post(client, others)
            try await Self.post(
                client,
                [
                    Self.event("k0", anonymous: "kiosk-1", ["A3"], minutesAgo: 60),  // A browsing before login
                    Self.event("k1", user: "A", anonymous: "kiosk-1", ["A1"], minutesAgo: 50),
                    Self.event("k2", "purchase", user: "A", anonymous: "kiosk-1", ["A2"], minutesAgo: 49),
                    Self.event("k3", anonymous: "kiosk-1", ["A3"], minutesAgo: 48),  // still A's session
                    Self.event("k4", user: "B", anonymous: "kiosk-1", ["B1"], minutesAgo: 20),  // B logs in
                    Self.event("k5", anonymous: "kiosk-1", ["B2"], minutesAgo: 19),  // B's now
                    // The control: C does exactly what B did, on a device nobody else used.
                    Self.event("c4", user: "C", anonymous: "own-device", ["B1"], minutesAgo: 20),
                    Self.event("c5", anonymous: "own-device", ["B2"], minutesAgo: 19),
                ])
            let bViewed = try await Self.list(client, "recently_viewed", user: "B")
            #expect(bViewed == ["B2", "B1"])
            #expect(try await Self.list(client, "buy_again", user: "B") == [])
            let bForYou = try await Self.list(client, "for_you", user: "B")
            #expect(bForYou == (try await Self.list(client, "for_you", user: "C")))
            #expect(!bForYou.isEmpty)
            // A keeps everything that was A's, the browsing before login included.
            #expect(try await Self.list(client, "recently_viewed", user: "A") == ["A3", "A1"])
            #expect(try await Self.list(client, "buy_again", user: "A") == ["A2"])
            // The device now belongs to B (the secret key sees it)...
            let device = try await client.send(
                .get, "/v1/recommendations?strategy=recently_viewed&channel=web&anonymous_id=kiosk-1",
                key: TestServer.secretKey
            ).json.productIDs
            #expect(device == ["B2", "B1"])
            // ...but the next walk-up shopper, asking by the device id alone with the public
            // key, reads nobody's history; nor does a user the device has not seen yet.
            let walkUp = try await client.send(
                .get, "/v1/recommendations?strategy=recently_viewed&channel=web&anonymous_id=kiosk-1")
            #expect(walkUp.status == .ok)
            #expect(walkUp.json.productIDs == [])
            let newcomer = try await client.send(
                .get,
                "/v1/recommendations?strategy=recently_viewed&channel=web&user_id=D&anonymous_id=kiosk-1"
                    + "&user_token=\(engine.userTokens.token(for: "D"))")
            #expect(newcomer.json.productIDs == [])
            let newcomerForYou = try await client.send(
                .get, "/v1/recommendations?strategy=for_you&channel=web&user_id=D&anonymous_id=kiosk-1&count=20"
            ).json.productIDs
            let stranger = try await client.send(
                .get, "/v1/recommendations?strategy=for_you&channel=web&user_id=never-seen&count=20"
            ).json.productIDs
            #expect(newcomerForYou == stranger)
            // explain=true shows seeds and purchases: it needs the user's token too.
            let explained = try await client.send(
                .get, "/v1/recommendations?strategy=for_you&channel=web&user_id=A&explain=true")
            #expect(explained.json.errorCode == "user_token_required")
            // A's export holds A's events only; B's on the same device are not A's.
            let export = try await client.send(.get, "/v1/users/A/export", key: TestServer.secretKey).json
            let exported = (export["events"] as? [[String: Any]] ?? []).compactMap { $0["event_id"] as? String }
            #expect(exported == ["k0", "k1", "k2", "k3"])
            #expect(export["anonymous_ids"] as? [String] == ["kiosk-1"])
            return [bViewed, bForYou, try await Self.list(client, "recently_viewed", user: "A")]
        }
        // Restart equals live: the log replayed gives the same links and lists.
        let second = try await TestServer.run(setup) { client, _ in
            [
                try await Self.list(client, "recently_viewed", user: "B"),
                try await Self.list(client, "for_you", user: "B"),
                try await Self.list(client, "recently_viewed", user: "A"),
            ]
        }
        #expect(first == second)
    }

    @Test("a public key needs the user's user_token for history lists; the secret key and anonymous ids do not")
    func userTokens() async throws {
        try await TestServer.run(TestSetup(rules: Self.rules)) { client, engine in
            _ = try await engine.putProduct(Self.product("P1"))
            try await Self.post(client, [Self.event("v1", user: "u1", ["P1"])])
            let token = engine.userTokens.token(for: "u1")
            for strategy in ["recently_viewed", "buy_again"] {
                let uri = "/v1/recommendations?strategy=\(strategy)&user_id=u1"
                let missing = try await client.send(.get, uri)
                #expect(missing.status == .forbidden)
                #expect(missing.json.errorCode == "user_token_required")
                let wrong = try await client.send(.get, uri + "&user_token=" + engine.userTokens.token(for: "u2"))
                #expect(wrong.status == .forbidden)
                #expect(wrong.json.errorCode == "invalid_user_token")
                #expect(try await client.send(.get, uri + "&user_token=" + token).status == .ok)
                #expect(try await client.send(.get, uri, key: TestServer.secretKey).status == .ok)
            }
            let viewed = try await client.send(
                .get, "/v1/recommendations?strategy=recently_viewed&user_id=u1&user_token=\(token)")
            #expect(viewed.json.productIDs == ["P1"])
            // for_you reveals only recommendations; anonymous ids need no token.
            #expect(try await client.send(.get, "/v1/recommendations?strategy=for_you&user_id=u1").status == .ok)
            #expect(
                try await client.send(.get, "/v1/recommendations?strategy=recently_viewed&anonymous_id=a1").status
                    == .ok)
            // A placement whose fallback reveals history needs it too.
            let placement = try await client.send(.get, "/v1/recommendations?placement=history&user_id=u1")
            #expect(placement.json.errorCode == "user_token_required")
            // Bulk ingestion is a data job's route: secret key only.
            let bulk = try await client.send(
                .post, "/v1/events/bulk", body: Self.event("b1", user: "u1", ["P1"]),
                contentType: "application/x-ndjson")
            #expect(bulk.status == .forbidden)
        }
        let strict = Self.rules + "\nrequire_user_token: true\n"
        try await TestServer.run(TestSetup(rules: strict)) { client, engine in
            let forYou = try await client.send(.get, "/v1/recommendations?strategy=for_you&user_id=u1")
            #expect(forYou.json.errorCode == "user_token_required")
            let token = engine.userTokens.token(for: "u1")
            #expect(
                try await client.send(.get, "/v1/recommendations?strategy=for_you&user_id=u1&user_token=\(token)")
                    .status == .ok)
        }
    }

    @Test("keys are data: added and revoked over the admin API, effective at once; shown once, listed without the key")
    func keys() async throws {
        try await TestServer.run(TestSetup(rules: Self.rules)) { client, _ in
            let created = try await client.send(
                .post, "/v1/admin/keys", key: TestServer.secretKey,
                body: #"{"scope":"public","label":"storefront app"}"#)
            #expect(created.status == .created)
            let key = try #require(created.json["key"] as? String)
            let id = try #require(created.json["id"] as? String)
            #expect(key.hasPrefix("pk_"))
            #expect(try await client.send(.get, "/v1/recommendations?strategy=popular", key: key).status == .ok)
            // A public key cannot manage keys.
            #expect(try await client.send(.get, "/v1/admin/keys", key: key).status == .forbidden)
            let listed = try await client.send(.get, "/v1/admin/keys", key: TestServer.secretKey).json
            let keys = try #require(listed["keys"] as? [[String: Any]])
            #expect(keys.contains { $0["id"] as? String == id && $0["label"] as? String == "storefront app" })
            #expect(keys.allSatisfy { $0["key"] == nil })
            let revoked = try await client.send(.delete, "/v1/admin/keys/\(id)", key: TestServer.secretKey)
            #expect(revoked.status == .ok)
            #expect(revoked.json["revoked_at"] as? String != nil)
            let after = try await client.send(.get, "/v1/recommendations?strategy=popular", key: key)
            #expect(after.status == .unauthorized)
            #expect(
                try await client.send(.delete, "/v1/admin/keys/key_nope", key: TestServer.secretKey).status == .notFound
            )
            let bad = try await client.send(
                .post, "/v1/admin/keys", key: TestServer.secretKey, body: #"{"scope":"admin","label":"x"}"#)
            #expect(bad.status == .unprocessableContent)
            let expired = try await client.send(
                .post, "/v1/admin/keys", key: TestServer.secretKey,
                body: #"{"scope":"public","label":"x","expires_at":"2020-01-01"}"#)
            #expect(expired.status == .unprocessableContent)
        }
    }

    @Test("a burst over a key's limit gets 429 with Retry-After while another key is unaffected")
    func rateLimits() async throws {
        // One token per 100 s after the burst: no refill can happen during the test, however slow.
        let rules = Self.rules + "\nrate_limits:\n  public: {rate: 0.01, burst: 3}\n"
        try await TestServer.run(TestSetup(rules: rules)) { client, engine in
            let (_, other) = try await engine.addKey(scope: .public, label: "other storefront")
            var statuses: [HTTPResponse.Status] = []
            for _ in 0..<5 {
                statuses.append(try await client.send(.get, "/v1/recommendations?strategy=popular").status)
            }
            #expect(statuses.prefix(3).allSatisfy { $0 == .ok })
            #expect(statuses.last == .tooManyRequests)
            let response = try await client.executeRequest(
                uri: "/v1/recommendations?strategy=popular", method: .get,
                headers: [.authorization: "Bearer \(TestServer.publicKey)"], body: nil)
            #expect(response.status == .tooManyRequests)
            let retry = Int(response.headers[.retryAfter] ?? "") ?? 0
            #expect(retry >= 1 && retry <= 100)
            #expect(try await client.send(.get, "/v1/recommendations?strategy=popular", key: other).status == .ok)
            // The secret key has no limit by default.
            for _ in 0..<10 {
                #expect(
                    try await client.send(.get, "/v1/recommendations?strategy=popular", key: TestServer.secretKey)
                        .status
                        == .ok)
            }
        }
    }

    @Test("an erased user is gone from the log, every index and the model, after a restart and a re-import too")
    func erasure() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("affinity-erase-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let setup = TestSetup(rules: Self.rules, directory: directory)
        let events = [
            Self.event("e1", user: "E", anonymous: "e-phone", ["X"], minutesAgo: 40),
            Self.event("e2", user: "E", ["Y"], minutesAgo: 39),
            Self.event("e3", anonymous: "e-phone", ["Z"], minutesAgo: 38),
            Self.event("e4", "purchase", user: "E", ["Z"], minutesAgo: 37),
        ]
        try await TestServer.run(setup) { client, engine in
            for id in ["X", "Y", "Z", "Q"] { _ = try await engine.putProduct(Self.product(id)) }
            try await Self.post(client, [Self.event("f1", user: "F", ["Q"]), Self.event("f2", user: "F", ["X"])])
            try await Self.post(client, events)
            let cart = try #require(
                try await client.send(.post, "/v1/carts", body: #"{"channel":"web","user_id":"E"}"#).json["id"]
                    as? String)
            #expect(try await Self.cooccurrence(client, of: "X", in: "Y") > 0)  // only E's events relate them
            let before = try await client.send(.get, "/v1/admin/stats", key: TestServer.secretKey).json
            let erase = try await client.send(.delete, "/v1/users/E", key: TestServer.secretKey)
            #expect(erase.status == .accepted)
            #expect(erase.json["job_id"] as? String != nil)
            var state = ""
            for _ in 0..<200 where state != "completed" {
                try await Task.sleep(for: .milliseconds(50))
                state =
                    try await client.send(.get, "/v1/users/E/erasure", key: TestServer.secretKey).json["state"]
                    as? String ?? ""
            }
            #expect(state == "completed")
            let after = try await client.send(.get, "/v1/admin/stats", key: TestServer.secretKey).json
            #expect(after.int("events") == (before.int("events") ?? 0) - events.count)
            #expect(try await Self.list(client, "recently_viewed", user: "E") == [])
            #expect(try await Self.list(client, "buy_again", user: "E") == [])
            #expect(try await Self.cooccurrence(client, of: "X", in: "Y") == 0)
            #expect(try await client.send(.get, "/v1/carts/\(cart)").status == .notFound)
            // F's own history is untouched.
            #expect(try await Self.list(client, "recently_viewed", user: "F") == ["X", "Q"])
        }
        // Restarted on the same directory, and the old events sent again: still gone.
        try await TestServer.run(setup) { client, _ in
            let again = try await client.send(
                .post, "/v1/events", body: #"{"events":[\#(events.joined(separator: ","))]}"#)
            #expect(again.status == .ok)
            #expect(again.json.int("erased") == events.count)
            #expect(again.json.int("accepted") == 0)
            let bulk = try await client.send(
                .post, "/v1/events/bulk", key: TestServer.secretKey, body: events.joined(separator: "\n"),
                contentType: "application/x-ndjson")
            #expect(bulk.json.int("erased") == events.count)
            #expect(try await Self.list(client, "recently_viewed", user: "E") == [])
            #expect(try await Self.cooccurrence(client, of: "X", in: "Y") == 0)
            let export = try await client.send(.get, "/v1/users/E/export", key: TestServer.secretKey).json
            #expect((export["events"] as? [Any])?.isEmpty == true)
            #expect((export["anonymous_ids"] as? [Any])?.isEmpty == true)
            #expect((export["erasure"] as? [String: Any])?["state"] as? String == "completed")
            let stats = try await client.send(.get, "/v1/admin/stats", key: TestServer.secretKey).json
            #expect(stats.int("events") == 2)
            #expect(
                try await client.send(.get, "/v1/users/nobody/erasure", key: TestServer.secretKey).status == .notFound)
        }
    }

    @Test("consent withdrawn: no personal lists, later events shape nothing; given again, personalisation resumes")
    func consent() async throws {
        try await TestServer.run(TestSetup(rules: Self.rules)) { client, engine in
            for id in ["P1", "P2", "P3"] { _ = try await engine.putProduct(Self.product(id)) }
            try await Self.post(client, [Self.event("v1", user: "u1", ["P1"], minutesAgo: 10)])
            let token = engine.userTokens.token(for: "u1")
            let body = #"{"personalization":false}"#
            #expect(try await client.send(.put, "/v1/users/u1/consent", body: body).status == .forbidden)
            let withdrawn = try await client.send(.put, "/v1/users/u1/consent?user_token=\(token)", body: body)
            #expect(withdrawn.status == .ok)
            #expect(withdrawn.json["personalization"] as? Bool == false)
            try await Self.post(client, [Self.event("v2", user: "u1", ["P2"], minutesAgo: 5)])
            #expect(try await Self.list(client, "recently_viewed", user: "u1") == [])
            let export = try await client.send(.get, "/v1/users/u1/export", key: TestServer.secretKey).json
            #expect((export["consent"] as? [String: Any])?["personalization"] as? Bool == false)
            #expect((export["events"] as? [Any])?.count == 2)  // stored for analytics, exported
            let given = try await client.send(
                .put, "/v1/users/u1/consent", key: TestServer.secretKey, body: #"{"personalization":true}"#)
            #expect(given.status == .ok)
            try await Self.post(client, [Self.event("v3", user: "u1", ["P3"], minutesAgo: 1)])
            // What happened while consent was withdrawn never shaped the profile.
            #expect(try await Self.list(client, "recently_viewed", user: "u1") == ["P3", "P1"])
            // An event that says so itself links nothing either.
            try await Self.post(
                client, [Self.event("n1", user: "u9", anonymous: "dev-9", ["P1"], minutesAgo: 2, consent: false)])
            let device = try await client.send(
                .get, "/v1/recommendations?strategy=recently_viewed&anonymous_id=dev-9", key: TestServer.secretKey
            ).json
            #expect(device.productIDs == [])
        }
    }
}
