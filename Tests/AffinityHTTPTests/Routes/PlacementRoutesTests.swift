import AffinityStore
import Foundation
import HTTPTypes
import Testing

@testable import AffinityEngine

@Suite("Placements over HTTP")
struct PlacementRoutesTests {
    private func score(_ json: [String: Any], _ id: String) -> Double? {
        (json.items.first { $0["product_id"] as? String == id }?["score"] as? NSNumber)?.doubleValue
    }

    @Test func placementAppliesFiltersBoostsBuriesPinAndCapAndExplainsThem() async throws {
        try await TestServer.run(.placements()) { client, engine in
            try await PlacementFixtures.seed(engine)
            let cart = try #require(
                try await client.send(.post, "/v1/carts", body: #"{"channel":"web","user_id":"u1"}"#).json["id"]
                    as? String)
            _ = try await client.send(.post, "/v1/carts/\(cart)/items", body: #"{"product_id":"P2"}"#)
            let plain = try await client.send(
                .get, "/v1/recommendations?strategy=popular&channel=web&count=20&explain=true"
            )
            .json
            #expect(plain["config_version"] as? String == engine.rules.active?.version)
            #expect((plain.items.first?["explain"] as? [String: Any])?["sources"] != nil)
            let uri =
                "/v1/recommendations?placement=home&channel=web&user_id=u1&cart_id=\(cart)&exclude=P0&count=8&explain=true"
                + "&user_token=\(engine.userTokens.token(for: "u1"))"
            let (status, json) = try await client.send(.get, uri)
            #expect(status == .ok)
            #expect(json["placement"] as? String == "home")
            #expect(json["config_version"] as? String == engine.rules.active?.version)
            let ids = json.productIDs
            #expect(ids.first == "P4")  // boosted ×3 past the more popular items
            #expect(ids[1] == "P9")  // pinned at position 2
            #expect(try #require(plain.productIDs.firstIndex(of: "P1")) < ids.firstIndex(of: "P1") ?? 99)
            let ratio = try #require(score(json, "P4")) / (try #require(score(plain, "P4")))
            #expect(abs(ratio - 3) < 1e-4)
            let buried = try #require(score(json, "P1")) / (try #require(score(plain, "P1")))
            #expect(abs(buried - 0.1) < 1e-4)
            #expect(ids.filter { ["P6", "P7", "P8", "P9"].contains($0) }.count <= 2 + 1)  // cap 2 + the pin
            #expect(!ids.contains("P3") && !ids.contains("P5") && !ids.contains("P2") && !ids.contains("P0"))
            let removed = json.removedRules
            #expect(removed["P3"] == "filters.exclude_categories")
            #expect(removed["P5"] == "filters.price_max")
            #expect(removed["P2"] == "filters.exclude_cart")
            #expect(removed["P0"] == "filters.exclude_request_ids")
            #expect(removed["P8"] == "diversity.max_per_category")
            var rules = Set(removed.values)
            for item in json.items {
                let explain = try #require(item["explain"] as? [String: Any])
                #expect(explain["sources"] as? [String: Any] != nil)
                for rule in explain["rules"] as? [[String: Any]] ?? [] { rules.insert(rule["rule"] as? String ?? "") }
            }
            #expect(rules.isSuperset(of: ["boosts[0]", "buries[0]", "pins[0]", "diversity.max_per_category"]))
        }
    }

    @Test func pinOnlyInItsChannelAndCategoryCapHolds() async throws {
        try await TestServer.run(.placements()) { client, engine in
            try await PlacementFixtures.seed(engine)
            let app = try await client.send(.get, "/v1/recommendations?placement=home&channel=app&count=10").json
            #expect(!app.productIDs.contains("P9") || app.productIDs.firstIndex(of: "P9") != 1)
            let categories = app.productIDs.map { PlacementFixtures.shape[Int($0.dropFirst())!].0 }
            for category in Set(categories) { #expect(categories.filter { $0 == category }.count <= 2) }
            #expect(app["removed"] == nil)
            let unknown = try await client.send(.get, "/v1/recommendations?placement=nope")
            #expect(unknown.status == .notFound)
            #expect(unknown.json.errorCode == "unknown_placement")
            #expect(
                (unknown.json["error"] as? [String: Any])?["message"] as? String
                    == "no placement 'nope'; configured: home, plain, short")
        }
    }

    @Test func fallbackFillsAShortList() async throws {
        try await TestServer.run(.placements()) { client, engine in
            try await PlacementFixtures.seed(engine)
            _ = try await client.send(.post, "/v1/events", body: viewEvent("e1", user: "fresh", product: "P6"))
            let json = try await client.send(
                .get,
                "/v1/recommendations?placement=short&user_id=fresh&explain=true&user_token=\(engine.userTokens.token(for: "fresh"))"
            )
            .json
            #expect(json.productIDs.count == 3)
            #expect(json.productIDs.first == "P6")
            let sources = json.items.map { ($0["explain"] as? [String: Any])?["source"] as? String }
            #expect(sources == [nil, "fallback:popular", "fallback:popular"])
        }
    }

    @Test func experimentBucketIsStableAcrossRequestsRestartsAndLogin() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("affinity-exp-\(UUID())").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let rules = try RulesConfigLoader.parse(yaml: PlacementFixtures.rules)
        let experiment = try #require(rules.experiment(on: "plain"))
        let anonymousVariant = experiment.variant(for: "anon-1").id
        let user = try #require(
            (0..<100).map { "user-\($0)" }.first { experiment.variant(for: $0).id != anonymousVariant })
        let first = try await TestServer.run(.placements(directory: directory)) { client, engine in
            try await PlacementFixtures.seed(engine)
            var seen = Set<String>()
            for _ in 0..<5 {
                let json = try await client.send(.get, "/v1/recommendations?placement=plain&anonymous_id=anon-1").json
                let assigned = try #require(json["experiment"] as? [String: Any])
                #expect(assigned["id"] as? String == "plain_split")
                seen.insert(assigned["variant"] as? String ?? "")
                #expect(json.productIDs.count == (assigned["variant"] as? String == "control" ? 10 : 2))
            }
            #expect(seen == [anonymousVariant])
            _ = try await client.send(
                .post, "/v1/events", body: viewEvent("login", user: user, anonymous: "anon-1", product: "P1"))
            let loggedIn = try await client.send(.get, "/v1/recommendations?placement=plain&user_id=\(user)").json
            let device = try #require(
                (0..<100).map { "anon-x\($0)" }.first { experiment.variant(for: $0).id != anonymousVariant })
            _ = try await client.send(
                .post, "/v1/events", body: viewEvent("login-2", user: user, anonymous: device, product: "P2"))
            let second = try await client.send(.get, "/v1/recommendations?placement=plain&anonymous_id=\(device)").json
            #expect((second["experiment"] as? [String: Any])?["variant"] as? String == anonymousVariant)
            _ = try await engine.writeSnapshot()
            return (loggedIn["experiment"] as? [String: Any])?["variant"] as? String
        }
        #expect(first == anonymousVariant)
        try await TestServer.run(.placements(directory: directory)) { client, engine in
            let anonymous = try await client.send(.get, "/v1/recommendations?placement=plain&anonymous_id=anon-1").json
            #expect((anonymous["experiment"] as? [String: Any])?["variant"] as? String == anonymousVariant)
            let loggedIn = try await client.send(.get, "/v1/recommendations?placement=plain&user_id=\(user)").json
            #expect((loggedIn["experiment"] as? [String: Any])?["variant"] as? String == anonymousVariant)
            var recorded = false
            for _ in 0..<50 where !recorded {
                try await Task.sleep(for: .milliseconds(20))
                recorded = try await engine.store.servedLists(experiment: "plain_split").contains {
                    $0.shopper == "u:\(user)" && $0.variant == anonymousVariant && $0.placement == "plain"
                }
            }
            #expect(recorded)
        }
    }

    @Test func previewRunsACandidateFileWithoutActivatingIt() async throws {
        try await TestServer.run(.placements()) { client, engine in
            try await PlacementFixtures.seed(engine)
            let active = engine.rules.active?.version
            let candidate = PlacementFixtures.rules.replacingOccurrences(of: "factor: 3}", with: "factor: 30}")
            let body = try JSONSerialization.data(withJSONObject: [
                "rules_yaml": candidate, "placement": "home", "channel": "app", "user_id": "u1",
            ])
            let preview = try await client.send(
                .post, "/v1/recommendations/preview", key: TestServer.secretKey,
                body: String(decoding: body, as: UTF8.self))
            #expect(preview.status == .ok)
            #expect(preview.json["preview"] as? Bool == true)
            #expect(preview.json["config_version"] as? String != active)
            #expect((preview.json.items.first?["explain"] as? [String: Any])?["rules"] != nil)
            #expect(engine.rules.active?.version == active)
            let live = try await client.send(.get, "/v1/recommendations?placement=home&channel=app").json
            #expect(live["config_version"] as? String == active)
            let publicKey = try await client.send(.post, "/v1/recommendations/preview", body: "{}")
            #expect(publicKey.status == .forbidden)
        }
    }

    @Test func previewOfABrokenFileIs422WithLines() async throws {
        try await TestServer.run(.placements()) { client, engine in
            let broken = PlacementFixtures.rules.replacingOccurrences(of: "count: 4", with: "count: four")
                .replacingOccurrences(of: "boosts:", with: "boots:")
            let body = try JSONSerialization.data(withJSONObject: ["rules_yaml": broken, "placement": "home"])
            let (status, json) = try await client.send(
                .post, "/v1/recommendations/preview", key: TestServer.secretKey,
                body: String(decoding: body, as: UTF8.self))
            #expect(status == .unprocessableContent)
            #expect(json.errorCode == "invalid_rules")
            let errors = (json["error"] as? [String: Any])?["errors"] as? [[String: Any]] ?? []
            #expect(errors.compactMap { $0["line"] as? Int } == [8, 13])
            #expect(((json["error"] as? [String: Any])?["message"] as? String)?.contains("rules_yaml:8:") == true)
        }
    }

    @Test func previewWithoutAFileRunsTheRulesInForceAndRecordsNothing() async throws {
        try await TestServer.run(.placements()) { client, engine in
            let active = engine.rules.active?.version
            let preview = try await client.send(
                .post, "/v1/recommendations/preview", key: TestServer.secretKey,
                body: #"{"placement":"home","channel":"app","user_id":"u-preview"}"#)
            #expect(preview.status == .ok)
            #expect(preview.json["preview"] as? Bool == true)
            #expect(preview.json["config_version"] as? String == active)
            let live = try await client.send(.get, "/v1/recommendations?placement=home&channel=app&user_id=u-preview")
            #expect(
                live.json.items.map { $0["product_id"] as? String }
                    == preview.json.items.map { $0["product_id"] as? String })
        }
    }
}
