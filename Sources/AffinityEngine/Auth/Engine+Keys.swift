package import AffinityStore
import Crypto
import Foundation

extension Engine {
    /// Re-reads the keys when the store's keys version moved (a key added or revoked by
    /// this process or by `affinity keys` on the same data directory).
    package func refreshKeys() async throws {
        let version = try await store.keysVersion()
        guard version != keys.version else { return }
        keys.replace(KeyRing(records: try await store.apiKeys()), version: version)
    }

    /// Every key, revoked and expired ones included (never the keys themselves).
    package func listKeys() async throws(AffinityError) -> [APIKeyRecord] {
        try await storeCall { try await self.store.apiKeys() }
    }

    /// Creates a key and returns it with its record: the key is shown this once, only
    /// its hash is stored. It works at once on this engine (and within a poll on others).
    package func addKey(
        scope: KeyScope, label: String, expiresAt: Int64? = nil, rate: Double? = nil, burst: Int? = nil
    ) async throws(AffinityError) -> (record: APIKeyRecord, key: String) {
        let label = label.trimmingCharacters(in: .whitespacesAndNewlines)
        guard !label.isEmpty, label.utf8.count <= 200, !label.contains(where: \.isNewline) else {
            throw .invalid("label", "a label of 1 to 200 bytes on one line is required, e.g. \"storefront web\"")
        }
        let now = options.now()
        if let expiresAt, expiresAt <= now { throw .invalid("expires_at", "expires_at must be in the future") }
        if let rate, !(rate.isFinite && rate > 0) { throw .invalid("rate", "rate must be a positive number") }
        if let burst, burst < 1 { throw .invalid("burst", "burst must be at least 1") }
        let key = KeyRing.newKey(scope)
        let record = APIKeyRecord(
            id: KeyRing.newKeyID(), scope: scope.rawValue, label: label,
            keyHash: Hex.string(SHA256.hash(data: Array(key.utf8))), createdAt: now, expiresAt: expiresAt, rate: rate,
            burst: burst)
        try await storeCall {
            try await self.store.addAPIKey(record)
            try await self.refreshKeys()
        }
        return (record, key)
    }

    /// Revokes a key: it answers 401 from now on (at once here, within a poll elsewhere).
    /// 404 `unknown_key` for an id that is not stored.
    package func revokeKey(_ id: String) async throws(AffinityError) -> APIKeyRecord {
        let record = try await storeCall { () async throws -> APIKeyRecord? in
            let record = try await self.store.revokeAPIKey(id, at: self.options.now())
            try await self.refreshKeys()
            return record
        }
        guard let record else {
            throw AffinityError(.notFound, code: "unknown_key", message: "no key '\(id)'", field: "id")
        }
        return record
    }

    /// The key behind an `Authorization` header value, or nil.
    package func authenticate(_ presented: String) -> AuthenticatedKey? {
        keys.ring.authenticate(presented, now: options.now())
    }

    /// Takes a request's token from `key`'s bucket under the rules' limits: nil to go
    /// ahead, else the wait before a retry (answered 429 with `Retry-After`).
    package func rateLimitWait(_ key: AuthenticatedKey) -> Duration? {
        let limits = rules.active?.rateLimits ?? RateLimits()
        return rateLimiter.take(key.id, limit: limits.limit(for: key))
    }
}
