import AffinityEngine
import Foundation
import HTTPTypes
import Testing

/// Hot reload: a changed file is picked up without a restart; a broken one is refused
/// while the old rules keep serving, with its errors visible.
@Suite struct RulesReloadTests {
    static let secret = TestServer.secretKey

    @Test func aChangedFileIsReloadedThroughTheAPI() async throws {
        try await TestServer.run(.rulesFile()) { client, engine in
            let path = try #require(engine.rules.current.path)
            let before = try await client.send(.get, "/v1/admin/config", key: Self.secret)
            #expect(before.status == .ok)
            let oldVersion = try #require(before.json["version"] as? String)
            #expect(before.json["path"] as? String == path)
            #expect(before.json["loaded_at"] is String)
            let placements = before.json["placements"] as? [[String: Any]]
            #expect(placements?.map { $0["id"] as? String } == ["home_hero", "trending_now"])
            let initial = try await RulesFixtures.text(client, "/v1/admin/metrics")
            #expect(initial.contains("affinity_rules_config_info{version=\"\(oldVersion)\"} 1.0"))
            #expect(initial.contains(#"affinity_rules_reloads_total{result="success"} 0"#))

            let changed = RulesFixtures.rules.replacing("count: 5", with: "count: 7")
            try changed.write(toFile: path, atomically: true, encoding: .utf8)
            let reload = try await client.send(.post, "/v1/admin/config/reload", key: Self.secret)
            #expect(reload.status == .ok)
            let newVersion = try #require(reload.json["version"] as? String)
            #expect(newVersion != oldVersion && reload.json["changed"] as? Bool == true)

            let after = try await client.send(.get, "/v1/admin/config", key: Self.secret)
            #expect(after.json["version"] as? String == newVersion)
            #expect((after.json["last_reload"] as? [String: Any])?["ok"] as? Bool == true)
            #expect(engine.rules.active?.placements["trending_now"]?.count == 7)
            let metrics = try await RulesFixtures.text(client, "/v1/admin/metrics")
            #expect(metrics.contains(#"affinity_rules_reloads_total{result="success"} 1"#))
            #expect(metrics.contains("affinity_rules_config_info{version=\"\(newVersion)\"} 1.0"))
            // The old version's series is gone, not left at 1 beside the new one.
            #expect(!metrics.contains(oldVersion))
            #expect(metrics.contains("affinity_rules_last_reload_failed 0.0"))
        }
    }

    @Test func aBrokenFileKeepsTheOldRulesServing() async throws {
        try await TestServer.run(.rulesFile()) { client, engine in
            let path = try #require(engine.rules.current.path)
            let version = try #require(engine.rules.active?.version)
            let broken = RulesFixtures.rules.replacing("count: 5", with: "count: five")
            try broken.write(toFile: path, atomically: true, encoding: .utf8)
            let reload = try await client.send(.post, "/v1/admin/config/reload", key: Self.secret)
            #expect(reload.status == .unprocessableContent)
            #expect(reload.json["version"] as? String == version)
            let errors = try #require(reload.json["errors"] as? [[String: Any]])
            #expect(errors.first?["line"] as? Int == 5)
            #expect(errors.first?["path"] as? String == "placements.trending_now.count")

            let config = try await client.send(.get, "/v1/admin/config", key: Self.secret)
            #expect(config.json["version"] as? String == version)
            let last = try #require(config.json["last_reload"] as? [String: Any])
            #expect(last["ok"] as? Bool == false)
            let shown = try #require(last["errors"] as? [[String: Any]])
            #expect(shown.first?["file"] as? String == path && shown.first?["line"] as? Int == 5)
            #expect(engine.rules.active?.placements["trending_now"]?.count == 5)

            let metrics = try await RulesFixtures.text(client, "/v1/admin/metrics")
            #expect(metrics.contains(#"affinity_rules_reloads_total{result="failure"} 1"#))
            #expect(metrics.contains("affinity_rules_last_reload_failed 1.0"))
            #expect(metrics.contains("affinity_rules_config_info{version=\"\(version)\"} 1.0"))
        }
    }

    @Test func changingChannelsNeedsARestart() async throws {
        try await TestServer.run(.rulesFile()) { client, engine in
            let path = try #require(engine.rules.current.path)
            let version = engine.rules.active?.version
            let more = RulesFixtures.rules.replacing(
                "locale: de-DE}\n", with: "locale: de-DE}\n  - {id: app, kind: app, currency: USD, locale: en-US}\n")
            try more.write(toFile: path, atomically: true, encoding: .utf8)
            let result = engine.reloadRules()
            #expect(!result.ok && result.version == version)
            #expect(result.errors.first?.message.contains("channels cannot change without a restart") == true)
            #expect(result.errors.first?.line == 1)
            let reload = try await client.send(.post, "/v1/admin/config/reload", key: Self.secret)
            #expect(reload.status == .unprocessableContent)
        }
    }

    @Test func theWatchLoopPicksUpAChange() async throws {
        try await TestServer.run(.rulesFile()) { client, engine in
            let path = try #require(engine.rules.current.path)
            let old = engine.rules.active?.version
            let watcher = Task { await engine.runRulesWatch(interval: .milliseconds(50)) }
            defer { watcher.cancel() }
            try await Task.sleep(for: .milliseconds(120))
            let changed = RulesFixtures.rules.replacing("count: 4", with: "count: 6")
            try changed.write(toFile: path, atomically: true, encoding: .utf8)
            var waited = 0
            while engine.rules.active?.version == old, waited < 100 {
                try await Task.sleep(for: .milliseconds(50))
                waited += 1
            }
            #expect(engine.rules.active?.version != old)
            #expect(engine.rules.active?.placements["home_hero"]?.count == 6)
            #expect(engine.succeededRulesReloads == 1)
            let config = try await client.send(.get, "/v1/admin/config", key: Self.secret)
            #expect(config.json["version"] as? String == engine.rules.active?.version)
        }
    }

    @Test func theRoutesNeedTheSecretKey() async throws {
        try await TestServer.run(.rulesFile()) { client, _ in
            let response = try await client.send(.get, "/v1/admin/config", key: TestServer.publicKey)
            #expect(response.status == .forbidden)
        }
    }
}
