package import AffinityStore
import Crypto

/// What an API key may do. Public keys go into storefront code: they may send events
/// and read recommendations and catalog. Secret keys do everything.
package enum KeyScope: String, Sendable, Comparable {
    case `public`
    case secret

    package static func < (lhs: KeyScope, rhs: KeyScope) -> Bool { lhs == .public && rhs == .secret }
}

/// The service's API keys, held as SHA-256 hashes only.
package struct KeyRing: Sendable {
    private var hashes: [(scope: KeyScope, hash: [UInt8])]

    package init(publicKeyHash: [UInt8], secretKeyHash: [UInt8]) {
        hashes = [(.public, publicKeyHash), (.secret, secretKeyHash)]
    }

    /// The scope of a presented key, or `nil` if it matches none. Every stored hash is
    /// compared in constant time, whatever matched first.
    package func scope(of key: String) -> KeyScope? {
        let presented = SHA256.hash(data: Array(key.utf8))
        var found: KeyScope?
        // Digest equality against bytes is swift-crypto's constant-time comparison.
        for entry in hashes where presented == entry.hash {
            found = max(found ?? entry.scope, entry.scope)
        }
        return found
    }

    /// Keys generated on this start, to be shown to the operator once (never stored).
    package struct Generated: Sendable {
        package var publicKey: String?
        package var secretKey: String?
    }

    /// Resolves the keys for a store: a key from the environment wins (its hash is
    /// stored, so a later start without it keeps working); otherwise the stored hash;
    /// a scope with neither gets a newly generated key, returned so the caller can print
    /// it once.
    package static func resolve(
        store: any KeyStore, publicKey: String?, secretKey: String?
    ) async throws -> (ring: KeyRing, generated: Generated?) {
        var stored = try await store.keyHashes()
        var generated = Generated()
        for (scope, given) in [(KeyScope.public, publicKey), (.secret, secretKey)] {
            var key = given
            if key == nil && stored[scope.rawValue] == nil {
                key = newKey(prefix: scope == .public ? "pk_" : "sk_")
                if scope == .public { generated.publicKey = key } else { generated.secretKey = key }
            }
            if let key { stored[scope.rawValue] = Hex.string(SHA256.hash(data: Array(key.utf8))) }
        }
        try await store.saveKeyHashes(stored)
        let ring = KeyRing(
            publicKeyHash: fromHex(stored["public"] ?? ""), secretKeyHash: fromHex(stored["secret"] ?? ""))
        let any = generated.publicKey != nil || generated.secretKey != nil
        return (ring, any ? generated : nil)
    }

    /// 32 random bytes in hex behind a prefix that says the scope.
    static func newKey(prefix: String) -> String {
        prefix + Hex.random(bytes: 32)
    }

    /// A stored hash's bytes; a damaged one matches no key.
    static func fromHex(_ hex: String) -> [UInt8] {
        Hex.bytes(hex) ?? []
    }
}
