import AffinityStore

/// A cart as the API shows it.
package struct Cart: Sendable, Encodable, Equatable {
    package var id: String
    package var channel: String
    package var currency: String
    package var userID: String?
    package var anonymousID: String?
    package var status: String
    package var lines: [CartLine]
    package var subtotalMinor: Int64
    package var itemCount: Int
    package var createdAt: String
    package var updatedAt: String

    enum CodingKeys: String, CodingKey {
        case id, channel, currency
        case userID = "user_id"
        case anonymousID = "anonymous_id"
        case status, lines
        case subtotalMinor = "subtotal_minor"
        case itemCount = "item_count"
        case createdAt = "created_at"
        case updatedAt = "updated_at"
    }

    /// Sums stored amounts without trapping (a saturated total is an error signal, not a crash).
    static func saturatingSum(_ a: Int64, _ b: Int64) -> Int64 {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? (b > 0 ? .max : .min) : sum
    }

    init(_ row: CartRow) {
        id = row.id
        channel = row.channel
        currency = row.currency
        userID = row.userID
        anonymousID = row.anonymousID
        status = row.status
        lines = row.lines.map(CartLine.init)
        subtotalMinor = lines.reduce(0) { Cart.saturatingSum($0, $1.lineTotalMinor) }
        itemCount = lines.reduce(0) { $0 + $1.quantity }
        createdAt = RFC3339.string(milliseconds: row.createdAt)
        updatedAt = RFC3339.string(milliseconds: row.updatedAt)
    }
}

/// One line of a cart or order.
package struct CartLine: Sendable, Codable, Equatable {
    package var lineID: String
    package var productID: String
    package var variantID: String?
    package var quantity: Int
    package var unitPriceMinor: Int64
    package var lineTotalMinor: Int64
    /// The list the line was added from, echoed on the checkout's purchase line.
    package var recommendationID: String?

    enum CodingKeys: String, CodingKey {
        case lineID = "line_id"
        case productID = "product_id"
        case variantID = "variant_id"
        case quantity
        case unitPriceMinor = "unit_price_minor"
        case lineTotalMinor = "line_total_minor"
        case recommendationID = "recommendation_id"
    }

    init(_ row: CartLineRow) {
        recommendationID = row.recommendationID
        lineID = row.lineID
        productID = row.productID
        variantID = row.variantID
        quantity = row.quantity
        unitPriceMinor = row.unitPriceMinor
        let (total, overflow) = row.unitPriceMinor.multipliedReportingOverflow(by: Int64(row.quantity))
        lineTotalMinor = overflow ? .max : total
    }
}

/// `POST /v1/carts` body.
package struct NewCart: Decodable, Sendable {
    package var id: String?
    package var channel: String
    package var userID: String?
    package var anonymousID: String?

    enum CodingKeys: String, CodingKey {
        case id, channel
        case userID = "user_id"
        case anonymousID = "anonymous_id"
    }
}

/// `POST /v1/carts/{id}/items` body (`PATCH` takes only `quantity`).
package struct CartItemInput: Decodable, Sendable {
    package var productID: String?
    package var variantID: String?
    package var quantity: Int?
    /// The `recommendation_id` of the list the shopper added it from (attribution).
    package var recommendationID: String?

    enum CodingKeys: String, CodingKey {
        case productID = "product_id"
        case variantID = "variant_id"
        case quantity
        case recommendationID = "recommendation_id"
    }

    package init(productID: String?, variantID: String? = nil, quantity: Int? = nil, recommendationID: String? = nil) {
        self.productID = productID
        self.variantID = variantID
        self.quantity = quantity
        self.recommendationID = recommendationID
    }
}

/// `POST /v1/carts/{id}/checkout` body; payment is captured by the payment provider,
/// Affinity only records its reference.
package struct CheckoutInput: Decodable, Sendable {
    package var paymentReference: String?
    package var userID: String?
    package var email: String?

    enum CodingKeys: String, CodingKey {
        case paymentReference = "payment_reference"
        case userID = "user_id"
        case email
    }

    package init(paymentReference: String? = nil, userID: String? = nil, email: String? = nil) {
        self.paymentReference = paymentReference
        self.userID = userID
        self.email = email
    }
}

/// A placed order.
package struct Order: Sendable, Codable, Equatable {
    package var id: String
    package var cartID: String
    package var channel: String
    package var currency: String
    package var userID: String?
    package var anonymousID: String?
    package var email: String?
    package var lines: [CartLine]
    package var totalMinor: Int64
    package var paymentReference: String?
    package var idempotencyKey: String
    package var createdAt: String

    enum CodingKeys: String, CodingKey {
        case id
        case cartID = "cart_id"
        case channel, currency
        case userID = "user_id"
        case anonymousID = "anonymous_id"
        case email, lines
        case totalMinor = "total_minor"
        case paymentReference = "payment_reference"
        case idempotencyKey = "idempotency_key"
        case createdAt = "created_at"
    }
}

/// A checkout answer: the order and whether this call created it (201) or returned the
/// order an earlier call with the same idempotency key created (200).
package struct CheckoutResult: Sendable {
    package var order: Order
    package var created: Bool
}
