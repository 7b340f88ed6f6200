import Testing

@testable import AffinityEngine

@Suite("Hex")
struct HexTests {
    @Test("lower-case, two digits a byte; parses either case and refuses anything else")
    func roundTrip() {
        let bytes: [UInt8] = [0x00, 0x0f, 0xf0, 0xff, 0x12, 0xab]
        #expect(Hex.string(bytes) == "000ff0ff12ab")
        #expect(Hex.bytes("000ff0ff12ab") == bytes)
        #expect(Hex.bytes("000FF0FF12AB") == bytes)
        #expect(Hex.bytes("") == [])
        #expect(Hex.bytes("abc") == nil)
        #expect(Hex.bytes("zz") == nil)
        #expect(Hex.bytes("0 ") == nil)
    }

    @Test("random ids have the asked length and differ")
    func random() {
        let a = Hex.random(bytes: 16)
        let b = Hex.random(bytes: 16)
        #expect(a.count == 32)
        #expect(Hex.bytes(a)?.count == 16)
        #expect(a != b)
    }

    @Test("HMAC-SHA256 signatures: RFC 4231 test case 2 through the generic webhook signature")
    func rfc4231() {
        let body = Array("what do ya want for nothing?".utf8)
        let signature = WebhookSignature.generic(body: body, secret: "Jefe")
        #expect(signature == "sha256=5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843")
        #expect(WebhookSignature.verifyGeneric(header: signature, body: body, secret: "Jefe"))
        #expect(WebhookSignature.verifyGeneric(header: signature.uppercased(), body: body, secret: "Jefe"))
        #expect(!WebhookSignature.verifyGeneric(header: signature, body: body, secret: "jefe"))
        #expect(!WebhookSignature.verifyGeneric(header: "sha256=5bdc", body: body, secret: "Jefe"))
        #expect(!WebhookSignature.verifyGeneric(header: "sha256=zz", body: body, secret: "Jefe"))
        let shopify = WebhookSignature.shopify(body: body, secret: "Jefe")
        #expect(shopify == "W9zBRr9gdU5qBCQmCJV1x1oAPwidJzmDnexYuWTsOEM=")
        #expect(WebhookSignature.verifyShopify(header: shopify, body: body, secret: "Jefe"))
        #expect(!WebhookSignature.verifyShopify(header: "not base64!", body: body, secret: "Jefe"))
    }
}
