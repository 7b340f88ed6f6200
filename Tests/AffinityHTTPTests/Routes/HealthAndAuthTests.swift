import AffinityEngine
import HTTPTypes
import Testing

@Suite struct HealthAndAuthTests {
    @Test func healthProbesAnswerWithoutAKey() async throws {
        try await TestServer.run(.live) { client, _ in
            let live = try await client.send(.get, "/health/live", key: nil)
            #expect(live.status == .ok)
            #expect(live.json["status"] as? String == "live")
            let ready = try await client.send(.get, "/health/ready", key: nil)
            #expect(ready.status == .ok)
            #expect(ready.json["status"] as? String == "ready")
        }
    }

    @Test func liveProbeNamesTheRelease() async throws {
        try await TestServer.run { client, _ in
            let live = try await client.send(.get, "/health/live", key: nil)
            #expect(live.status == .ok)
            #expect(live.json["version"] as? String == AffinityVersion.current)
            #expect(AffinityVersion.current.split(separator: ".").count == 3)
            #expect(Set(live.json.keys) == ["status", "version"])
        }
    }

    @Test func missingOrWrongKeyIs401() async throws {
        try await TestServer.run(.live) { client, _ in
            let none = try await client.send(.get, "/v1/recommendations?strategy=trending", key: nil)
            #expect(none.status == .unauthorized)
            #expect(none.json.errorCode == "missing_key")
            let wrong = try await client.send(.get, "/v1/recommendations?strategy=trending", key: "nope")
            #expect(wrong.status == .unauthorized)
            #expect(wrong.json.errorCode == "invalid_key")
        }
    }

    @Test func publicKeyIsRefusedOnAdminButSecretKeyIsNot() async throws {
        try await TestServer.run(.live) { client, _ in
            let asPublic = try await client.send(.get, "/v1/admin/stats", key: TestServer.publicKey)
            #expect(asPublic.status == .forbidden)
            #expect(asPublic.json.errorCode == "insufficient_scope")
            let asSecret = try await client.send(.get, "/v1/admin/stats", key: TestServer.secretKey)
            #expect(asSecret.status == .ok)
            #expect(asSecret.json.int("events") == 0)
        }
    }

    @Test func unknownRouteIsJSON404() async throws {
        try await TestServer.run(.live) { client, _ in
            let response = try await client.send(.get, "/v1/nothing-here")
            #expect(response.status == .notFound)
            #expect(response.json.errorCode == "not_found")
        }
    }
}
