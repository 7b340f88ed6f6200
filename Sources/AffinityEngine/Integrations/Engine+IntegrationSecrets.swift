import Crypto

/// The third-party senders that may authenticate with a shared secret instead of an API
/// key, because they cannot send `Authorization: Bearer` (Segment sends HTTP Basic,
/// GA4's Measurement Protocol an `api_secret` query parameter).
package enum IntegrationSource: String, Sendable, CaseIterable {
    case segment, ga4

    /// The environment variable `affinity serve` reads the secret from.
    package var environmentVariable: String {
        switch self {
        case .segment: "AFFINITY_SEGMENT_SECRET"
        case .ga4: "AFFINITY_GA4_API_SECRET"
        }
    }
}

extension Engine {
    /// Whether `presented` is `source`'s configured shared secret; false when none is
    /// configured. Compares SHA-256 digests (swift-crypto's constant-time equality), so
    /// neither the secret's bytes nor its length leak through timing.
    package func integrationSecretMatches(_ source: IntegrationSource, _ presented: String) -> Bool {
        guard let secret = options.integrationSecrets[source.rawValue], !secret.isEmpty else { return false }
        return SHA256.hash(data: Array(presented.utf8)) == SHA256.hash(data: Array(secret.utf8))
    }
}
