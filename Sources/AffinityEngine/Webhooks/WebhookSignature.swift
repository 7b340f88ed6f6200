/// HMAC-SHA256 webhook signatures over the raw request body, compared in constant time.
public enum WebhookSignature {
    /// `sha256=<lower-case hex>`: the generic source's `X-Affinity-Signature` value.
    public static func generic(body: some Collection<UInt8>, secret: String) -> String {
        "sha256=" + SHA256.hex(SHA256.hmac(key: Array(secret.utf8), message: body))
    }

    /// Base64 of the HMAC: Shopify's `X-Shopify-Hmac-Sha256` value.
    public static func shopify(body: some Collection<UInt8>, secret: String) -> String {
        Base64.encode(SHA256.hmac(key: Array(secret.utf8), message: body))
    }

    /// Whether `header` (`sha256=<hex>`) signs `body` under `secret`.
    public static func verifyGeneric(header: String?, body: some Collection<UInt8>, secret: String) -> Bool {
        guard let header = header?.trimmingSpaces, header.lowercased().hasPrefix("sha256=") else { return false }
        let given = Array(header.dropFirst("sha256=".count).lowercased().utf8)
        let expected = Array(SHA256.hex(SHA256.hmac(key: Array(secret.utf8), message: body)).utf8)
        return SHA256.constantTimeEqual(given, expected)
    }

    /// Whether `header` (Base64 of the HMAC) signs `body` under `secret`.
    public static func verifyShopify(header: String?, body: some Collection<UInt8>, secret: String) -> Bool {
        guard let header = header?.trimmingSpaces, let given = Base64.decode(header) else { return false }
        return SHA256.constantTimeEqual(given, SHA256.hmac(key: Array(secret.utf8), message: body))
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
