@testable import AffinityEngine

/// Third-party payloads for the mapping tests: the properties are the examples of
/// Segment's e-commerce spec v2 page and of Google's Measurement Protocol reference.
enum IntegrationFixtures {
    /// Segment's Product Viewed example, as a track call.
    static let productViewed = """
        {"type":"track","event":"Product Viewed","messageId":"pv-1","anonymousId":"anon-1",
         "timestamp":"2026-11-27T10:00:00.000Z","context":{"channel":"browser"},
         "properties":{"product_id":"507f1f77bcf86cd799439011","sku":"G-32","category":"Games",
           "name":"Monopoly: 3rd Edition","brand":"Hasbro","variant":"200 pieces","price":18.99,"quantity":1,
           "coupon":"MAYDEALS","currency":"usd","position":3,"value":18.99,
           "url":"https://www.example.com/product/path","image_url":"https://www.example.com/product/path.jpg"}}
        """

    /// Segment's Order Completed example, as a track call.
    static let orderCompleted = """
        {"type":"track","event":"Order Completed","messageId":"oc-1","userId":"u-1","anonymousId":"anon-1",
         "timestamp":"2026-11-27T10:05:00.000Z",
         "properties":{"checkout_id":"fksdjfsdjfisjf9sdfjsd9f","order_id":"50314b8e9bcf000000000000",
           "affiliation":"Google Store","total":27.50,"subtotal":22.50,"revenue":25.00,"shipping":3,"tax":2,
           "discount":2.5,"coupon":"hasbros","currency":"USD",
           "products":[
             {"product_id":"507f1f77bcf86cd799439011","sku":"45790-32","name":"Monopoly: 3rd Edition","price":19,
              "quantity":1,"category":"Games","url":"https://www.example.com/product/path",
              "image_url":"https:///www.example.com/product/path.jpg"},
             {"product_id":"505bd76785ebb509fc183733","sku":"46493-32","name":"Uno Card Game","price":3,
              "quantity":2,"category":"Games"}]}}
        """

    /// Google's Measurement Protocol purchase example.
    static let ga4Purchase = """
        {"client_id":"client_id","events":[{"name":"purchase","params":{
          "currency":"USD","transaction_id":"T_12345","value":30.03,"coupon":"SUMMER_FUN","shipping":3.33,"tax":1.11,
          "items":[
            {"item_id":"SKU_12345","item_name":"Stan and Friends Tee","affiliation":"Google Merchandise Store",
             "coupon":"SUMMER_FUN","discount":2.22,"index":0,"item_brand":"Google","item_category":"Apparel",
             "item_list_id":"related_products","item_list_name":"Related Products","item_variant":"green",
             "location_id":"ChIJIQBpAG2ahYAR_6128GcTUEo","price":10.01,"quantity":3},
            {"item_id":"SKU_12346","item_name":"Google Grey Women's Tee","affiliation":"Google Merchandise Store",
             "coupon":"SUMMER_FUN","discount":3.33,"index":1,"item_brand":"Google","item_category":"Apparel",
             "item_list_id":"related_products","item_list_name":"Related Products","item_variant":"gray",
             "location_id":"ChIJIQBpAG2ahYAR_6128GcTUEo","price":21.01,"promotion_id":"P_12345",
             "promotion_name":"Summer Sale","quantity":2}]}}]}
        """

    /// JSON text as a value, as the integration endpoints read it.
    static func json(_ text: String) throws -> JSONValue {
        try EventDecoding.decode(JSONValue.self, from: Array(text.utf8))
    }
}
