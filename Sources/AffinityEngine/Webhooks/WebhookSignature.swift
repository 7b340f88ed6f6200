import Crypto
import Foundation

/// HMAC-SHA256 webhook signatures over the raw request body (swift-crypto), verified in
/// constant time by `HMAC.isValidAuthenticationCode`.
package enum WebhookSignature {
    /// `sha256=<lower-case hex>`: the generic source's `X-Affinity-Signature` value.
    package static func generic(body: some Collection<UInt8>, secret: String) -> String {
        "sha256=" + Hex.string(mac(body, secret: secret))
    }

    /// Base64 of the HMAC: Shopify's `X-Shopify-Hmac-Sha256` value.
    package static func shopify(body: some Collection<UInt8>, secret: String) -> String {
        Data(mac(body, secret: secret)).base64EncodedString()
    }

    /// Whether `header` (`sha256=<hex>`) signs `body` under `secret`.
    package static func verifyGeneric(header: String?, body: some Collection<UInt8>, secret: String) -> Bool {
        guard let header = header?.trimmingSpaces, header.lowercased().hasPrefix("sha256="),
            let given = Hex.bytes(header.dropFirst("sha256=".count))
        else { return false }
        return isValid(given, body: body, secret: secret)
    }

    /// Whether `header` (Base64 of the HMAC) signs `body` under `secret`.
    package static func verifyShopify(header: String?, body: some Collection<UInt8>, secret: String) -> Bool {
        guard let header = header?.trimmingSpaces, let given = Data(base64Encoded: header) else { return false }
        return isValid(Array(given), body: body, secret: secret)
    }

    private static func mac(_ body: some Collection<UInt8>, secret: String) -> HMAC<SHA256>.MAC {
        HMAC<SHA256>.authenticationCode(for: Array(body), using: SymmetricKey(data: Array(secret.utf8)))
    }

    private static func isValid(_ given: [UInt8], body: some Collection<UInt8>, secret: String) -> Bool {
        HMAC<SHA256>.isValidAuthenticationCode(
            given, authenticating: Array(body), using: SymmetricKey(data: Array(secret.utf8)))
    }
}

extension String {
    fileprivate var trimmingSpaces: String {
        var scalars = Substring(self)
        while scalars.first == " " || scalars.first == "\t" { scalars.removeFirst() }
        while scalars.last == " " || scalars.last == "\t" { scalars.removeLast() }
        return String(scalars)
    }
}
