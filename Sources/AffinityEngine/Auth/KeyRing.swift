import AffinityStore

/// What an API key may do. Public keys go into storefront code: they may send events
/// and read recommendations and catalog. Secret keys do everything.
public enum KeyScope: String, Sendable, Comparable {
    case `public`
    case secret

    public static func < (lhs: KeyScope, rhs: KeyScope) -> Bool { lhs == .public && rhs == .secret }
}

/// The service's API keys, held as SHA-256 hashes only.
public struct KeyRing: Sendable {
    private var hashes: [(scope: KeyScope, hash: [UInt8])]

    public init(publicKeyHash: [UInt8], secretKeyHash: [UInt8]) {
        hashes = [(.public, publicKeyHash), (.secret, secretKeyHash)]
    }

    /// The scope of a presented key, or `nil` if it matches none. Every stored hash is
    /// compared in constant time, whatever matched first.
    public func scope(of key: String) -> KeyScope? {
        let presented = SHA256.hash(Array(key.utf8))
        var found: KeyScope?
        for entry in hashes where SHA256.constantTimeEqual(entry.hash, presented) {
            found = max(found ?? entry.scope, entry.scope)
        }
        return found
    }

    /// Keys generated on this start, to be shown to the operator once (never stored).
    public struct Generated: Sendable {
        public var publicKey: String?
        public var secretKey: String?
    }

    /// Resolves the keys for a store: a key from the environment wins (its hash is
    /// stored, so a later start without it keeps working); otherwise the stored hash;
    /// a scope with neither gets a newly generated key, returned so the caller can print
    /// it once.
    public static func resolve(
        store: SQLiteStore, publicKey: String?, secretKey: String?
    ) throws -> (ring: KeyRing, generated: Generated?) {
        var stored = try store.keyHashes()
        var generated = Generated()
        for (scope, given) in [(KeyScope.public, publicKey), (.secret, secretKey)] {
            var key = given
            if key == nil && stored[scope.rawValue] == nil {
                key = newKey(prefix: scope == .public ? "pk_" : "sk_")
                if scope == .public { generated.publicKey = key } else { generated.secretKey = key }
            }
            if let key { stored[scope.rawValue] = SHA256.hex(SHA256.hash(Array(key.utf8))) }
        }
        try store.saveKeyHashes(stored)
        let ring = KeyRing(
            publicKeyHash: fromHex(stored["public"] ?? ""), secretKeyHash: fromHex(stored["secret"] ?? ""))
        let any = generated.publicKey != nil || generated.secretKey != nil
        return (ring, any ? generated : nil)
    }

    /// 32 random bytes in hex behind a prefix that says the scope.
    static func newKey(prefix: String) -> String {
        var generator = SystemRandomNumberGenerator()
        return prefix + SHA256.hex((0..<32).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }

    static func fromHex(_ hex: String) -> [UInt8] {
        var bytes: [UInt8] = []
        var iterator = hex.utf8.makeIterator()
        while let high = iterator.next(), let low = iterator.next() {
            func value(_ c: UInt8) -> UInt8 { c <= 57 ? c - 48 : c - 87 }
            bytes.append(value(high) << 4 | value(low))
        }
        return bytes
    }
}
