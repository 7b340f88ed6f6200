import Crypto

/// The third-party senders that may authenticate with a shared secret instead of an API
/// key, because they cannot send `Authorization: Bearer` (Segment's webhook destination
/// signs the body, GA4's Measurement Protocol sends an `api_secret` query parameter).
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
        Self.secretMatches(presented, options.integrationSecrets[source.rawValue])
    }

    /// Whether `presented` is `configured` (false when none or empty is configured),
    /// comparing SHA-256 digests with swift-crypto's constant-time equality.
    static func secretMatches(_ presented: String, _ configured: String?) -> Bool {
        guard let configured, !configured.isEmpty else { return false }
        return SHA256.hash(data: Array(presented.utf8)) == SHA256.hash(data: Array(configured.utf8))
    }
}

extension Engine {
    /// Whether `signature` (hex) is Segment's `X-Signature` for `body`: HMAC-SHA1 of the
    /// raw body keyed with the shared secret, as Segment's webhook destination signs each
    /// request. False when no Segment secret is configured. swift-crypto's MAC check is
    /// constant time.
    package func segmentSignatureMatches(_ signature: String, body: some Collection<UInt8>) -> Bool {
        guard let secret = options.integrationSecrets[IntegrationSource.segment.rawValue], !secret.isEmpty,
            let bytes = Hex.bytes(signature)
        else { return false }
        return HMAC<Insecure.SHA1>.isValidAuthenticationCode(
            bytes, authenticating: Array(body), using: SymmetricKey(data: Array(secret.utf8)))
    }
}
