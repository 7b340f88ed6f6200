import AffinityStore
import Testing

@testable import AffinityEngine

@Suite("API keys")
struct KeyRingTests {
    func withStore(_ body: (SQLiteStore, TemporaryDirectory) throws -> Void) throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        try body(try SQLiteStore(path: directory.file("keys.sqlite").path), directory)
    }

    @Test("both keys are generated when none are stored or given, and only once")
    func generatedOnce() throws {
        try withStore { store, _ throws in
            let (ring, generated) = try KeyRing.resolve(store: store, publicKey: nil, secretKey: nil)
            let publicKey = try #require(generated?.publicKey)
            let secretKey = try #require(generated?.secretKey)
            #expect(publicKey.hasPrefix("pk_"))
            #expect(secretKey.hasPrefix("sk_"))
            #expect(publicKey.count == 3 + 64)
            #expect(publicKey != secretKey)
            #expect(ring.scope(of: publicKey) == .public)
            #expect(ring.scope(of: secretKey) == .secret)
            // Only hashes are stored.
            let stored = try store.keyHashes()
            #expect(stored["public"] == SHA256.hex(SHA256.hash(Array(publicKey.utf8))))
            #expect(stored.values.contains(publicKey) == false)
            #expect(stored.values.contains(secretKey) == false)

            let (again, generatedAgain) = try KeyRing.resolve(store: store, publicKey: nil, secretKey: nil)
            #expect(generatedAgain == nil)
            #expect(again.scope(of: publicKey) == .public)
            #expect(again.scope(of: secretKey) == .secret)
        }
    }

    @Test("a second engine start on the same directory generates nothing")
    func engineRestart() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let options = EngineOptions(dataDirectory: directory.path)
        let first = try Engine(options: options, logger: .init(label: "test"))
        let secret = try #require(first.generatedKeys?.secretKey)
        let second = try Engine(options: options, logger: .init(label: "test"))
        #expect(second.generatedKeys == nil)
        #expect(second.keys.scope(of: secret) == .secret)
    }

    @Test("keys from the environment override stored ones and are remembered")
    func environmentOverrides() throws {
        try withStore { store, _ throws in
            let (_, generated) = try KeyRing.resolve(store: store, publicKey: nil, secretKey: nil)
            let oldSecret = try #require(generated?.secretKey)
            let oldPublic = try #require(generated?.publicKey)

            let (ring, none) = try KeyRing.resolve(store: store, publicKey: nil, secretKey: "sk_env")
            #expect(none == nil)
            #expect(ring.scope(of: "sk_env") == .secret)
            #expect(ring.scope(of: oldSecret) == nil)
            #expect(ring.scope(of: oldPublic) == .public)

            // Without the variable the environment key keeps working.
            let (later, _) = try KeyRing.resolve(store: store, publicKey: nil, secretKey: nil)
            #expect(later.scope(of: "sk_env") == .secret)
        }
    }

    @Test("given keys need no generation")
    func givenKeys() throws {
        try withStore { store, _ throws in
            let (ring, generated) = try KeyRing.resolve(store: store, publicKey: "pk_test", secretKey: "sk_test")
            #expect(generated == nil)
            #expect(ring.scope(of: "pk_test") == .public)
            #expect(ring.scope(of: "sk_test") == .secret)
        }
    }

    @Test("only one missing scope is generated")
    func partialGeneration() throws {
        try withStore { store, _ throws in
            let (ring, generated) = try KeyRing.resolve(store: store, publicKey: "pk_given", secretKey: nil)
            #expect(generated?.publicKey == nil)
            let secret = try #require(generated?.secretKey)
            #expect(ring.scope(of: secret) == .secret)
            #expect(ring.scope(of: "pk_given") == .public)
        }
    }

    @Test("scope(of:) answers public, secret or nil")
    func scopes() {
        let ring = KeyRing(
            publicKeyHash: SHA256.hash(Array("pub".utf8)), secretKeyHash: SHA256.hash(Array("sec".utf8)))
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
        #expect(SHA256.hex(bytes) == "00017f80abff")
        #expect(KeyRing.fromHex(SHA256.hex(bytes)) == bytes)
    }
}
