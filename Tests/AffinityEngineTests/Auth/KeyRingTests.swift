import AffinityStore
import Crypto
import Foundation
import Logging
import Testing

@testable import AffinityEngine

@Suite("API keys")
struct KeyRingTests {
    func withStore(_ body: (SQLiteStore, TemporaryDirectory) async throws -> Void) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try await body(try SQLiteStore(path: directory.file("keys.sqlite").path), directory)
    }

    func resolve(_ store: SQLiteStore, publicKey: String? = nil, secretKey: String? = nil, now: Int64 = 1_000)
        async throws -> (ring: KeyRing, generated: KeyRing.Generated, records: [APIKeyRecord])
    {
        let (records, generated) = try await KeyRing.resolve(
            store: store, publicKey: publicKey, secretKey: secretKey, now: now)
        return (KeyRing(records: records), generated, records)
    }

    @Test("both keys are generated when none are stored or given, and only once; only hashes are stored")
    func generatedOnce() async throws {
        try await withStore { store, _ throws in
            let (ring, generated, _) = try await resolve(store)
            let publicKey = try #require(generated.publicKey)
            let secretKey = try #require(generated.secretKey)
            #expect(publicKey.hasPrefix("pk_") && secretKey.hasPrefix("sk_"))
            #expect(publicKey.count == 3 + 64)
            #expect(ring.scope(of: publicKey) == .public)
            #expect(ring.scope(of: secretKey) == .secret)
            let stored = try await store.apiKeys()
            #expect(stored.map(\.scope).sorted() == ["public", "secret"])
            #expect(stored.contains { $0.keyHash == Hex.string(SHA256.hash(data: Array(publicKey.utf8))) })
            #expect(!stored.contains { $0.keyHash == publicKey || $0.keyHash == secretKey })
            #expect(stored.allSatisfy { $0.label == "generated at first start" && $0.id.hasPrefix("key_") })

            let (again, generatedAgain, records) = try await resolve(store)
            #expect(generatedAgain.publicKey == nil && generatedAgain.secretKey == nil)
            #expect(records.count == 2)
            #expect(again.scope(of: secretKey) == .secret)
        }
    }

    @Test("a second engine start on the same directory generates nothing")
    func engineRestart() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let options = EngineOptions(dataDirectory: directory.path)
        let first = try await Engine(options: options, logger: .init(label: "test"))
        let secret = try #require(first.generatedKeys?.secretKey)
        #expect(first.generatedKeys?.userTokenSecret?.hasPrefix("uts_") == true)
        let second = try await Engine(options: options, logger: .init(label: "test"))
        #expect(second.generatedKeys == nil)
        #expect(second.keys.ring.scope(of: secret) == .secret)
        // The generated user-token secret is kept: tokens minted against it stay valid.
        #expect(second.userTokens.token(for: "u1") == first.userTokens.token(for: "u1"))
    }

    @Test("a key from the environment is added beside the stored ones and remembered")
    func environmentKeys() async throws {
        try await withStore { store, _ throws in
            let (_, generated, _) = try await resolve(store)
            let oldSecret = try #require(generated.secretKey)
            let (ring, none, records) = try await resolve(store, secretKey: "sk_env")
            #expect(none.secretKey == nil && none.publicKey == nil)
            #expect(ring.scope(of: "sk_env") == .secret)
            #expect(ring.scope(of: oldSecret) == .secret)  // revoke it with `affinity keys revoke`
            #expect(records.first { $0.label == "from AFFINITY_SECRET_KEY" } != nil)
            let (later, _, _) = try await resolve(store)
            #expect(later.scope(of: "sk_env") == .secret)
        }
    }

    @Test("revoked and expired keys match nothing; a scope left without a usable key gets a new one")
    func revokedAndExpired() async throws {
        try await withStore { store, _ throws in
            let (_, generated, records) = try await resolve(store)
            let publicKey = try #require(generated.publicKey)
            let id = try #require(records.first { $0.scope == "public" }?.id)
            _ = try await store.revokeAPIKey(id, at: 2_000)
            let (ring, regenerated, _) = try await resolve(store, now: 3_000)
            #expect(ring.scope(of: publicKey) == nil)
            let fresh = try #require(regenerated.publicKey)
            #expect(ring.scope(of: fresh) == .public)

            try await store.addAPIKey(
                APIKeyRecord(
                    id: "key_temp", scope: "secret", label: "temp",
                    keyHash: Hex.string(SHA256.hash(data: Array("tmp".utf8))),
                    createdAt: 1, expiresAt: 5_000))
            let ring2 = KeyRing(records: try await store.apiKeys())
            #expect(ring2.authenticate("tmp", now: 4_999)?.id == "key_temp")
            #expect(ring2.authenticate("tmp", now: 5_000) == nil)
        }
    }

    @Test("authenticate names the key and its own rate limit; unknown keys are nil")
    func authenticate() {
        let ring = KeyRing(records: [
            APIKeyRecord(
                id: "key_p", scope: "public", label: "p", keyHash: Hex.string(SHA256.hash(data: Array("pub".utf8))),
                createdAt: 0, rate: 2, burst: 3),
            APIKeyRecord(
                id: "key_s", scope: "secret", label: "s", keyHash: Hex.string(SHA256.hash(data: Array("sec".utf8))),
                createdAt: 0),
        ])
        #expect(ring.authenticate("pub", now: 0) == AuthenticatedKey(id: "key_p", scope: .public, rate: 2, burst: 3))
        #expect(ring.scope(of: "sec") == .secret)
        #expect(ring.scope(of: "") == nil)
        #expect(ring.scope(of: "pub ") == nil)
        #expect(ring.scope(of: "PUB") == nil)
        #expect(KeyScope.public < KeyScope.secret)
    }

    @Test("user tokens: the hex HMAC-SHA256 of the user id; anything else is refused")
    func userTokens() {
        let tokens = UserTokens(secret: "key")
        // RFC 4231 test case 2 uses key "Jefe"; this one pins the construction instead.
        let expected = Hex.string(
            HMAC<SHA256>.authenticationCode(for: Array("u-1".utf8), using: SymmetricKey(data: Array("key".utf8))))
        #expect(tokens.token(for: "u-1") == expected)
        #expect(tokens.verify(expected, for: "u-1"))
        #expect(tokens.verify(expected.uppercased(), for: "u-1"))
        #expect(!tokens.verify(expected, for: "u-2"))
        #expect(!tokens.verify(String(expected.dropLast()), for: "u-1"))
        #expect(!tokens.verify("", for: "u-1"))
        #expect(!UserTokens(secret: "other").verify(expected, for: "u-1"))
    }

    @Test("rate limits: burst at once, then the rate; per key; a key's own limit wins")
    func rateLimits() {
        let limiter = RateLimiter()
        let start = ContinuousClock.now
        let limit = RateLimit(rate: 2, burst: 3)
        for _ in 0..<3 { #expect(limiter.take("a", limit: limit, now: start) == nil) }
        let wait = limiter.take("a", limit: limit, now: start)
        #expect(wait == .milliseconds(500))
        #expect(limiter.take("b", limit: limit, now: start) == nil)  // another key is unaffected
        #expect(limiter.take("a", limit: limit, now: start + .milliseconds(500)) == nil)
        #expect(limiter.take("a", limit: .unlimited, now: start) == nil)
        let limits = RateLimits(public: RateLimit(rate: 10, burst: 20))
        #expect(limits.limit(for: AuthenticatedKey(id: "k", scope: .public)) == RateLimit(rate: 10, burst: 20))
        #expect(limits.limit(for: AuthenticatedKey(id: "k", scope: .secret)) == .unlimited)
        #expect(
            limits.limit(for: AuthenticatedKey(id: "k", scope: .public, rate: 1, burst: 2))
                == RateLimit(rate: 1, burst: 2))
    }
}
