package import AffinityStore
import Crypto

/// What an API key may do. Public keys go into storefront code: they may send events
/// and read recommendations and catalog. Secret keys do everything.
package enum KeyScope: String, Sendable, Comparable, CaseIterable {
    case `public`
    case secret

    package static func < (lhs: KeyScope, rhs: KeyScope) -> Bool { lhs == .public && rhs == .secret }
}

/// A presented key that matched: who it is (for rate limits and logs) and what it may do.
package struct AuthenticatedKey: Sendable, Equatable {
    package var id: String
    package var scope: KeyScope
    /// The key's own rate limit, when it has one (else its scope's).
    package var rate: Double?
    package var burst: Int?
}

/// The service's usable API keys — not revoked — held as SHA-256 hashes only.
package struct KeyRing: Sendable {
    struct Entry: Sendable {
        var key: AuthenticatedKey
        var hash: [UInt8]
        var expiresAt: Int64?
    }

    private var entries: [Entry]

    /// The ring of `records`' keys that are not revoked (expired ones stay, and answer nil
    /// from ``authenticate(_:now:)`` once their time has passed).
    package init(records: [APIKeyRecord]) {
        entries = records.compactMap { record in
            guard record.revokedAt == nil, let scope = KeyScope(rawValue: record.scope) else { return nil }
            return Entry(
                key: AuthenticatedKey(id: record.id, scope: scope, rate: record.rate, burst: record.burst),
                hash: Hex.bytes(record.keyHash) ?? [], expiresAt: record.expiresAt)
        }
    }

    /// The key `presented` is, or nil when it matches no usable key (unknown, revoked, or
    /// expired at `now`, Unix milliseconds). Every stored hash is compared in constant
    /// time, whatever matched first.
    package func authenticate(_ presented: String, now: Int64) -> AuthenticatedKey? {
        let digest = SHA256.hash(data: Array(presented.utf8))
        var found: Entry?
        // Digest equality against bytes is swift-crypto's constant-time comparison.
        for entry in entries where digest == entry.hash { found = entry }
        guard let found else { return nil }
        if let expiry = found.expiresAt, now >= expiry { return nil }
        return found.key
    }

    /// The scope of a presented key, or nil (see ``authenticate(_:now:)``).
    package func scope(of key: String, now: Int64 = Int64.min) -> KeyScope? {
        authenticate(key, now: now)?.scope
    }

    /// Keys generated on this start, to be shown to the operator once (never stored in
    /// clear), and the user-token signing secret when it was generated too.
    package struct Generated: Sendable {
        package var publicKey: String?
        package var secretKey: String?
        package var userTokenSecret: String?
    }

    /// Makes sure the store has a usable key of each scope: a key from the environment
    /// is added (with a label saying so) unless its hash is stored already; a scope with
    /// no usable key and none from the environment gets a newly generated key, returned
    /// so the caller can print it once. Revoked keys stay revoked.
    package static func resolve(
        store: any KeyStore, publicKey: String?, secretKey: String?, now: Int64
    ) async throws -> (records: [APIKeyRecord], generated: Generated) {
        var records = try await store.apiKeys()
        var generated = Generated()
        for (scope, given) in [(KeyScope.public, publicKey), (.secret, secretKey)] {
            var key = given
            if key == nil {
                let usable = records.contains {
                    $0.scope == scope.rawValue && $0.revokedAt == nil && ($0.expiresAt ?? .max) > now
                }
                guard !usable else { continue }
                key = newKey(scope)
                if scope == .public { generated.publicKey = key } else { generated.secretKey = key }
            }
            guard let key else { continue }
            let hash = Hex.string(SHA256.hash(data: Array(key.utf8)))
            guard !records.contains(where: { $0.keyHash == hash }) else { continue }
            let label = given == nil ? "generated at first start" : "from AFFINITY_\(scope.rawValue.uppercased())_KEY"
            let record = APIKeyRecord(
                id: newKeyID(), scope: scope.rawValue, label: label, keyHash: hash, createdAt: now)
            try await store.addAPIKey(record)
            records.append(record)
        }
        return (records, generated)
    }

    /// 32 random bytes in hex behind a prefix that says the scope.
    static func newKey(_ scope: KeyScope) -> String {
        (scope == .public ? "pk_" : "sk_") + Hex.random(bytes: 32)
    }

    /// `key_` and 12 random hex digits.
    static func newKeyID() -> String { "key_" + Hex.random(bytes: 6) }
}
