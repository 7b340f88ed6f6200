extension GenericWebhook {
    /// `order.created` data: the order's lines become one `purchase` event whose id is
    /// `webhook_order_<order_id>`, so the same order delivered twice is logged once.
    struct OrderData: Decodable {
        var orderID: String
        var occurredAt: String?
        var userID: String?
        var anonymousID: String?
        var channel: String?
        var currency: String?
        var totalMinor: Int64?
        var lines: [Line]

        struct Line: Decodable {
            var productID: String
            var variantID: String?
            var quantity: Int?
            var unitPriceMinor: Int64?

            enum CodingKeys: String, CodingKey, CaseIterable {
                case productID = "product_id"
                case variantID = "variant_id"
                case quantity
                case unitPriceMinor = "unit_price_minor"
            }

            init(from decoder: any Decoder) throws {
                try rejectUnknownKeys(decoder, known: CodingKeys.allCases.map(\.rawValue))
                let c = try decoder.container(keyedBy: CodingKeys.self)
                productID = try c.decode(String.self, forKey: .productID)
                variantID = try c.decodeIfPresent(String.self, forKey: .variantID)
                quantity = try c.decodeIfPresent(Int.self, forKey: .quantity)
                unitPriceMinor = try c.decodeIfPresent(Int64.self, forKey: .unitPriceMinor)
            }
        }

        enum CodingKeys: String, CodingKey, CaseIterable {
            case orderID = "order_id"
            case occurredAt = "occurred_at"
            case userID = "user_id"
            case anonymousID = "anonymous_id"
            case channel, currency
            case totalMinor = "total_minor"
            case lines
        }

        init(from decoder: any Decoder) throws {
            try rejectUnknownKeys(decoder, known: CodingKeys.allCases.map(\.rawValue))
            let c = try decoder.container(keyedBy: CodingKeys.self)
            orderID = try c.decode(String.self, forKey: .orderID)
            occurredAt = try c.decodeIfPresent(String.self, forKey: .occurredAt)
            userID = try c.decodeIfPresent(String.self, forKey: .userID)
            anonymousID = try c.decodeIfPresent(String.self, forKey: .anonymousID)
            channel = try c.decodeIfPresent(String.self, forKey: .channel)
            currency = try c.decodeIfPresent(String.self, forKey: .currency)
            totalMinor = try c.decodeIfPresent(Int64.self, forKey: .totalMinor)
            lines = try c.decode([Line].self, forKey: .lines)
        }

        func event(occurredAt: String) -> Event {
            Event(
                eventID: "webhook_order_" + orderID, type: "purchase", occurredAt: occurredAt, channel: channel,
                userID: userID, anonymousID: anonymousID,
                items: lines.map {
                    EventItem(
                        productID: $0.productID, variantID: $0.variantID, quantity: $0.quantity,
                        priceMinor: $0.unitPriceMinor, currency: $0.unitPriceMinor == nil ? nil : currency)
                },
                order: EventOrder(orderID: orderID, revenueMinor: totalMinor, currency: currency))
        }
    }
}
