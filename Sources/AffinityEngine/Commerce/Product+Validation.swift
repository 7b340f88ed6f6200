import Foundation

extension Product {
    /// Checks a product body against the configured channels: ids bounded, a title,
    /// prices only in configured channels and in each channel's own currency (prices are
    /// never converted), non-negative amounts and stock. Throws a 422 naming the field.
    package func validate(channels: [Channel]) throws(AffinityError) {
        try Event.checkID(id, field: "id", max: 128)
        guard !title.trimmingCharacters(in: .whitespaces).isEmpty else {
            throw .invalid("title", "a product needs a title")
        }
        guard categories.count <= 50, tags.count <= 100 else {
            throw .invalid("categories", "at most 50 categories and 100 tags")
        }
        for (index, category) in categories.enumerated() {
            try Event.checkID(category, field: "categories[\(index)]", max: 128)
        }
        for (index, listing) in listings.enumerated() where !channels.contains(where: { $0.id == listing.channel }) {
            throw .invalid("listings[\(index)].channel", Self.unknownChannel(listing.channel, channels))
        }
        var variantIDs = Set<String>()
        for (index, variant) in variants.enumerated() {
            try Event.checkID(variant.id, field: "variants[\(index)].id", max: 128)
            guard variantIDs.insert(variant.id).inserted else {
                throw .invalid("variants[\(index)].id", "two variants with id '\(variant.id)'")
            }
        }
        try Self.validate(prices: prices, channels: channels, field: "prices")
        for (index, price) in prices.enumerated() {
            if let variant = price.variantID, !variantIDs.contains(variant) {
                throw .invalid("prices[\(index)].variant_id", "no variant '\(variant)' is declared in variants")
            }
        }
        guard stock.available >= 0 else { throw .invalid("stock.available", "available must be ≥ 0") }
    }

    static func validate(prices: [Price], channels: [Channel], field: String) throws(AffinityError) {
        var seen = Set<String>()
        for (index, price) in prices.enumerated() {
            let path = "\(field)[\(index)]"
            guard let channel = channels.first(where: { $0.id == price.channel }) else {
                throw .invalid(path + ".channel", unknownChannel(price.channel, channels))
            }
            guard price.currency.uppercased() == channel.currency else {
                throw .invalid(
                    path + ".currency",
                    "channel \(channel.id) sells in \(channel.currency); prices are never converted (got \(price.currency))"
                )
            }
            guard price.amountMinor >= 0 else { throw .invalid(path + ".amount_minor", "amount_minor must be ≥ 0") }
            guard price.amountMinor <= Event.maxPriceMinor else {
                throw .invalid(path + ".amount_minor", "amount_minor must be at most \(Event.maxPriceMinor)")
            }
            guard seen.insert(price.channel + "\u{1F}" + (price.variantID ?? "")).inserted else {
                throw .invalid(path + ".channel", "two prices for channel \(price.channel)")
            }
        }
    }

    static func unknownChannel(_ id: String, _ channels: [Channel]) -> String {
        "unknown channel '\(id)'; configured: \(channels.map(\.id).joined(separator: ", "))"
    }
}
