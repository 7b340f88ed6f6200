/// One API key as stored: never the key itself, only its SHA-256 (hex), with what an
/// operator needs to manage it.
package struct APIKeyRecord: Sendable, Equatable {
    /// Stable handle for listing and revoking (`key_` and 12 hex digits).
    package var id: String
    /// `public` or `secret`.
    package var scope: String
    package var label: String
    /// Lower-case hex SHA-256 of the key.
    package var keyHash: String
    /// Unix milliseconds.
    package var createdAt: Int64
    /// After this instant (Unix milliseconds) the key answers 401; nil: never expires.
    package var expiresAt: Int64?
    /// Set once revoked (Unix milliseconds); a revoked key answers 401.
    package var revokedAt: Int64?
    /// Per-key rate limit (requests per second and burst); nil: the scope's.
    package var rate: Double?
    package var burst: Int?

    package init(
        id: String, scope: String, label: String, keyHash: String, createdAt: Int64, expiresAt: Int64? = nil,
        revokedAt: Int64? = nil, rate: Double? = nil, burst: Int? = nil
    ) {
        self.id = id
        self.scope = scope
        self.label = label
        self.keyHash = keyHash
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.revokedAt = revokedAt
        self.rate = rate
        self.burst = burst
    }
}
