import Crypto

/// User tokens: proof, minted by the storefront's back end, that a request asking for a
/// known shopper's own history comes from that shopper's session. The token is the
/// lower-case hex HMAC-SHA256 of the `user_id` under the signing secret, as Algolia's
/// secured keys and Intercom's identity verification do it; the back end computes it once
/// per login and the public key alone can no longer read anyone's history.
package struct UserTokens: Sendable {
    private let key: SymmetricKey

    package init(secret: String) { key = SymmetricKey(data: Array(secret.utf8)) }

    /// The token for `userID`.
    package func token(for userID: String) -> String {
        Hex.string(HMAC<SHA256>.authenticationCode(for: Array(userID.utf8), using: key))
    }

    /// Whether `token` is `userID`'s (constant-time comparison of the codes).
    package func verify(_ token: String, for userID: String) -> Bool {
        guard let bytes = Hex.bytes(token), bytes.count == SHA256.byteCount else { return false }
        return HMAC<SHA256>.isValidAuthenticationCode(bytes, authenticating: Array(userID.utf8), using: key)
    }

    /// A new signing secret: 32 random bytes in hex.
    static func newSecret() -> String { "uts_" + Hex.random(bytes: 32) }
}
