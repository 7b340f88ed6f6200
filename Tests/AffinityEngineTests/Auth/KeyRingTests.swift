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

    @Test("both keys are generated when none are stored or given, and only once")
    func generatedOnce() async throws {
        try await withStore { store, _ throws in
            let (ring, generated) = try await KeyRing.resolve(store: store, publicKey: nil, secretKey: nil)
            let publicKey = try #require(generated?.publicKey)
            let secretKey = try #require(generated?.secretKey)
            #expect(publicKey.hasPrefix("pk_"))
            #expect(secretKey.hasPrefix("sk_"))
            #expect(publicKey.count == 3 + 64)
            #expect(publicKey != secretKey)
            #expect(ring.scope(of: publicKey) == .public)
            #expect(ring.scope(of: secretKey) == .secret)
            // Only hashes are stored.
            let stored = try await store.keyHashes()
            #expect(stored["public"] == Hex.string(SHA256.hash(data: Array(publicKey.utf8))))
            #expect(stored.values.contains(publicKey) == false)
            #expect(stored.values.contains(secretKey) == false)

            let (again, generatedAgain) = try await KeyRing.resolve(store: store, publicKey: nil, secretKey: nil)
            #expect(generatedAgain == nil)
            #expect(again.scope(of: publicKey) == .public)
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
        let second = try await Engine(options: options, logger: .init(label: "test"))
        #expect(second.generatedKeys == nil)
        #expect(second.keys.scope(of: secret) == .secret)
    }

    @Test("keys from the environment override stored ones and are remembered")
    func environmentOverrides() async throws {
        try await withStore { store, _ throws in
            let (_, generated) = try await KeyRing.resolve(store: store, publicKey: nil, secretKey: nil)
            let oldSecret = try #require(generated?.secretKey)
            let oldPublic = try #require(generated?.publicKey)

            let (ring, none) = try await KeyRing.resolve(store: store, publicKey: nil, secretKey: "sk_env")
            #expect(none == nil)
            #expect(ring.scope(of: "sk_env") == .secret)
            #expect(ring.scope(of: oldSecret) == nil)
            #expect(ring.scope(of: oldPublic) == .public)

            // Without the variable the environment key keeps working.
            let (later, _) = try await KeyRing.resolve(store: store, publicKey: nil, secretKey: nil)
            #expect(later.scope(of: "sk_env") == .secret)
        }
    }

    @Test("given keys need no generation")
    func givenKeys() async throws {
        try await withStore { store, _ throws in
            let (ring, generated) = try await KeyRing.resolve(store: store, publicKey: "pk_test", secretKey: "sk_test")
            #expect(generated == nil)
            #expect(ring.scope(of: "pk_test") == .public)
            #expect(ring.scope(of: "sk_test") == .secret)
        }
    }

    @Test("only one missing scope is generated")
    func partialGeneration() async throws {
        try await withStore { store, _ throws in
            let (ring, generated) = try await KeyRing.resolve(store: store, publicKey: "pk_given", secretKey: nil)
            #expect(generated?.publicKey == nil)
            let secret = try #require(generated?.secretKey)
            #expect(ring.scope(of: secret) == .secret)
            #expect(ring.scope(of: "pk_given") == .public)
        }
    }

    @Test("scope(of:) answers public, secret or nil")
    func scopes() {
        let ring = KeyRing(
            publicKeyHash: Array(SHA256.hash(data: Array("pub".utf8))),
            secretKeyHash: Array(SHA256.hash(data: Array("sec".utf8))))
        #expect(ring.scope(of: "pub") == .public)
        #expect(ring.scope(of: "sec") == .secret)
        #expect(ring.scope(of: "") == nil)
        #expect(ring.scope(of: "pub ") == nil)
        #expect(ring.scope(of: "PUB") == nil)
        #expect(KeyScope.public < KeyScope.secret)
    }

    @Test("hex helpers round-trip")
    func hex() {
        let bytes: [UInt8] = [0, 1, 0x7f, 0x80, 0xab, 0xff]
        #expect(Hex.string(bytes) == "00017f80abff")
        #expect(KeyRing.fromHex(Hex.string(bytes)) == bytes)
        #expect(KeyRing.fromHex("00017F80ABFF") == bytes)
        #expect(KeyRing.fromHex("0g") == [])
        #expect(KeyRing.fromHex("abc") == [])
    }
}
