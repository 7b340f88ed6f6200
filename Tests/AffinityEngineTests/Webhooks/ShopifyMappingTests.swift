import AffinityEngine
import Foundation
import Testing

/// A `products/update` payload as Shopify sends it (REST Admin API shape, trimmed of
/// nothing that matters: unmapped fields are left in to prove they are ignored).
let shopifyProductJSON = #"""
    {
      "admin_graphql_api_id": "gid://shopify/Product/788032119674292922",
      "body_html": "<p>An example T-Shirt</p>",
      "created_at": "2026-10-01T09:00:00-04:00",
      "handle": "example-t-shirt",
      "id": 788032119674292922,
      "product_type": "Shirts",
      "published_at": "2026-10-01T09:00:00-04:00",
      "template_suffix": null,
      "title": "Example T-Shirt",
      "updated_at": "2026-11-20T10:15:30-05:00",
      "vendor": "Acme",
      "status": "active",
      "published_scope": "web",
      "tags": "example, mens, t-shirt",
      "variants": [
        {
          "admin_graphql_api_id": "gid://shopify/ProductVariant/642667041472713922",
          "barcode": null, "compare_at_price": "24.99", "fulfillment_service": "manual",
          "id": 642667041472713922, "inventory_management": "shopify", "inventory_policy": "deny",
          "position": 1, "price": "19.99", "product_id": 788032119674292922, "sku": "example-shirt-s",
          "taxable": true, "title": "Small", "option1": "Small", "option2": null, "option3": null,
          "grams": 200, "weight": 200.0, "weight_unit": "g", "inventory_item_id": 49148385,
          "inventory_quantity": 75, "old_inventory_quantity": 75, "requires_shipping": true
        },
        {
          "id": 757650484644203962, "inventory_policy": "deny", "price": "19.99", "title": "Medium",
          "inventory_item_id": 49148386, "inventory_quantity": -3, "product_id": 788032119674292922
        },
        {
          "id": 757650484644203963, "inventory_policy": "continue", "price": "21.00", "title": "Large",
          "inventory_item_id": 49148387, "inventory_quantity": 50, "product_id": 788032119674292922
        }
      ],
      "options": [{"id": 527050010214937811, "name": "Size", "position": 1, "values": ["Small", "Medium", "Large"]}],
      "images": [
        {"id": 539438707724640965, "position": 1, "src": "https://cdn.shopify.com/s/files/1/t-shirt.jpg", "width": 500, "height": 500}
      ],
      "image": {"id": 539438707724640965, "src": "https://cdn.shopify.com/s/files/1/t-shirt.jpg"},
      "media": [],
      "variant_gids": []
    }
    """#

let shopifyOrderJSON = #"""
    {
      "id": 820982911946154508, "name": "#9999", "email": "jon@example.com",
      "created_at": "2026-11-21T16:20:05+01:00", "currency": "USD", "total_price": "403.00",
      "customer": {"id": 115310627314723954, "email": "jon@example.com"},
      "line_items": [
        {"id": 866550311766439020, "product_id": 788032119674292922, "variant_id": 642667041472713922,
         "quantity": 2, "price": "199.00", "title": "Example T-Shirt", "sku": "example-shirt-s"},
        {"id": 141249953214522974, "product_id": null, "variant_id": null, "quantity": 1, "price": "5.00",
         "title": "Gift wrap"}
      ]
    }
    """#

@Suite("Shopify mapping")
struct ShopifyMappingTests {
    let context = ShopifyMapping.Context(currency: "USD", channels: DemoStore.demoChannels)

    @Test("a realistic products/update payload maps field by field")
    func product() throws {
        let change = try ShopifyMapping.change(
            topic: "products/update", body: Array(shopifyProductJSON.utf8), context: context)
        guard case .upsertProduct(let product) = change else {
            Issue.record("expected an upsert, got \(change)")
            return
        }
        #expect(product.id == "788032119674292922")
        #expect(product.title == "Example T-Shirt")
        #expect(product.description == "<p>An example T-Shirt</p>")
        #expect(product.brand == "Acme")
        #expect(product.categories == ["Shirts"])
        #expect(product.tags == ["example", "mens", "t-shirt"])
        #expect(product.url == "/products/example-t-shirt")
        #expect(product.imageURL == "https://cdn.shopify.com/s/files/1/t-shirt.jpg")
        // Only the USD channel gets a price: amounts are never converted.
        #expect(product.prices == [Price(channel: "app", amountMinor: 1999, currency: "USD")])
        // Negative variant inventory counts as 0; one variant sells on backorder.
        #expect(product.stock == Stock(available: 125, allowBackorder: true))
        #expect(product.sourceVersion == RFC3339.milliseconds("2026-11-20T15:15:30Z"))
        #expect(product.createdAt == "2026-10-01T13:00:00.000Z")
        #expect(product.listings.map(\.channel) == ["web", "app", "kiosk"])
        #expect(product.listings.allSatisfy { $0.published })
        #expect(
            product.attributes[ShopifyMapping.inventoryItemsAttribute]
                == .array([.string("49148385"), .string("49148386"), .string("49148387")]))
        try product.validate(channels: DemoStore.demoChannels)
    }

    @Test("a draft product is unpublished everywhere; the EUR shop prices only the EUR channel")
    func draft() throws {
        let body = shopifyProductJSON.replacingOccurrences(of: #""status": "active""#, with: #""status": "draft""#)
        let eur = ShopifyMapping.Context(currency: "eur", channels: DemoStore.demoChannels)
        guard
            case .upsertProduct(let product) = try ShopifyMapping.change(
                topic: "products/create", body: Array(body.utf8), context: eur)
        else {
            Issue.record("expected an upsert")
            return
        }
        #expect(product.listings.allSatisfy { !$0.published })
        #expect(product.prices == [Price(channel: "web", amountMinor: 1999, currency: "EUR")])
    }

    @Test("delete, inventory level and unknown topics")
    func otherTopics() throws {
        var withTrigger = context
        withTrigger.triggeredAt = 1_800_000_000_000
        #expect(
            try ShopifyMapping.change(
                topic: "products/delete", body: Array(#"{"id":788032119674292922}"#.utf8), context: withTrigger)
                == .deleteProduct(id: "788032119674292922", sourceVersion: 1_800_000_000_000))
        let level =
            #"{"inventory_item_id":49148385,"location_id":24826418,"available":6,"updated_at":"2026-11-22T00:00:00Z"}"#
        #expect(
            try ShopifyMapping.change(topic: "inventory_levels/update", body: Array(level.utf8), context: context)
                == .inventoryLevel(
                    inventoryItemID: "49148385", available: 6,
                    sourceVersion: RFC3339.milliseconds("2026-11-22T00:00:00Z"),
                    productID: nil))
        guard
            case .ignored = try ShopifyMapping.change(
                topic: "customers/create", body: Array("{}".utf8), context: context)
        else {
            Issue.record("an unmapped topic is ignored")
            return
        }
    }

    @Test("orders/create becomes one purchase event of the product lines")
    func order() throws {
        var withChannel = context
        withChannel.orderChannel = "app"
        let change = try ShopifyMapping.change(
            topic: "orders/create", body: Array(shopifyOrderJSON.utf8), context: withChannel)
        guard case .purchase(let event) = change else {
            Issue.record("expected a purchase, got \(change)")
            return
        }
        #expect(event.eventID == "webhook_order_shopify_820982911946154508")
        #expect(event.type == "purchase")
        #expect(event.occurredAt == "2026-11-21T15:20:05.000Z")
        #expect(event.userID == "115310627314723954")
        #expect(event.channel == "app")
        #expect(
            event.items == [
                EventItem(
                    productID: "788032119674292922", variantID: "642667041472713922", quantity: 2, priceMinor: 19900,
                    currency: "USD")
            ])
        #expect(event.order == EventOrder(orderID: "820982911946154508", revenueMinor: 40300, currency: "USD"))
    }

    @Test("decimal prices to minor units per currency")
    func minorUnits() {
        #expect(ShopifyMapping.minorUnits("19.99", currency: "USD") == 1999)
        #expect(ShopifyMapping.minorUnits("19.9", currency: "EUR") == 1990)
        #expect(ShopifyMapping.minorUnits("20", currency: "GBP") == 2000)
        #expect(ShopifyMapping.minorUnits("19.990", currency: "USD") == 1999)
        #expect(ShopifyMapping.minorUnits("1200", currency: "JPY") == 1200)
        #expect(ShopifyMapping.minorUnits("1.234", currency: "KWD") == 1234)
        #expect(ShopifyMapping.minorUnits("19.999", currency: "USD") == nil)
        #expect(ShopifyMapping.minorUnits("-1.00", currency: "USD") == nil)
        #expect(ShopifyMapping.minorUnits("abc", currency: "USD") == nil)
    }

    @Test("webhook signatures match known vectors")
    func signatures() {
        let message = Array("The quick brown fox jumps over the lazy dog".utf8)
        #expect(
            WebhookSignature.generic(body: message, secret: "key")
                == "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8")
        #expect(
            WebhookSignature.shopify(body: message, secret: "key") == "97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg=")
        #expect(
            WebhookSignature.verifyShopify(
                header: "97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg=", body: message, secret: "key"))
        #expect(
            !WebhookSignature.verifyShopify(
                header: "97yD9DBThCSxMpjmqm+xQ+9NWaFJRhdZl0edvC0aPNg=", body: message, secret: "kez"))
        #expect(
            WebhookSignature.verifyGeneric(
                header: "sha256=f7bc83f430538424b13298e6aa6fb143ef4d59a14946175997479dbc2d1a3cd8", body: message,
                secret: "key"))
        #expect(!WebhookSignature.verifyGeneric(header: nil, body: message, secret: "key"))
        // The worked example of docs/webhooks.md.
        let example = Array(
            #"{"id":"dlv_0001","type":"stock.update","data":{"product_id":"P0001","available":12,"source_version":1764240000000}}"#
                .utf8)
        #expect(
            WebhookSignature.generic(body: example, secret: "whsec_example")
                == "sha256=4532f4986276c70977d9849e091ba03ce4e6269c2aa87dddd19593dd8a768e45")
        #expect(
            WebhookSignature.shopify(body: example, secret: "whsec_example")
                == "RTL0mGJ2xwl32YSeCRugPOTmJpwqqH3d0ZWT3Yp2jkU=")
        #expect(!WebhookSignature.verifyGeneric(header: "sha256=00", body: message, secret: "key"))
    }
}
