/// A channel's product feed in the column sets marketplaces read.
///
/// `google` is Google Merchant Center's tab-separated feed (attribute names as in its
/// product data specification), `meta` the Meta (Facebook/Instagram) catalog CSV, `csv`
/// Affinity's own columns with prices in minor units. Only products published in the
/// channel and priced in its currency are rows: a marketplace rejects an item without a
/// price in the feed's currency, and an unpublished one must not be advertised.
package enum FeedFormat: String, Sendable, CaseIterable {
    case google, meta, csv

    /// The header row, in order.
    package var columns: [String] {
        switch self {
        case .google:
            [
                "id", "title", "description", "link", "image_link", "availability", "price", "brand", "condition",
                "product_type",
            ]
        case .meta:
            [
                "id", "title", "description", "availability", "condition", "price", "link", "image_link", "brand",
                "product_type",
            ]
        case .csv:
            [
                "id", "title", "description", "link", "image_link", "availability", "price_minor", "currency",
                "price", "brand", "product_type", "categories", "stock_available",
            ]
        }
    }

    /// The columns every row must fill (Google: its required attributes for a product
    /// of a brand; Meta: its required catalog fields).
    package var requiredColumns: [String] {
        switch self {
        case .google:
            ["id", "title", "description", "link", "image_link", "availability", "price", "brand", "condition"]
        case .meta: ["id", "title", "description", "availability", "condition", "price", "link", "image_link", "brand"]
        case .csv: ["id", "title", "availability", "price_minor", "currency"]
        }
    }

    /// Tab-separated for Google, comma-separated otherwise.
    package var separator: Character { self == .google ? "\t" : "," }

    package var contentType: String {
        self == .google ? "text/tab-separated-values; charset=utf-8" : "text/csv; charset=utf-8"
    }

    package var fileExtension: String { self == .google ? "tsv" : "csv" }
}

/// One product of a feed, already resolved for the channel.
package struct FeedRow: Sendable, Equatable {
    package enum Availability: Sendable, Equatable {
        case inStock, backorder, outOfStock
    }

    package var id: String
    package var title: String
    package var description: String
    package var link: String
    package var imageLink: String
    package var availability: Availability
    package var priceMinor: Int64
    package var currency: String
    package var brand: String
    /// Categories joined with ` > ` (the catalog's order, as Google's product_type reads).
    package var productType: String
    package var categories: [String]
    package var stockAvailable: Int

    package init(
        id: String, title: String, description: String, link: String, imageLink: String,
        availability: Availability, priceMinor: Int64, currency: String, brand: String, productType: String,
        categories: [String], stockAvailable: Int
    ) {
        (self.id, self.title, self.description, self.link, self.imageLink) = (id, title, description, link, imageLink)
        (self.availability, self.priceMinor, self.currency, self.brand) = (availability, priceMinor, currency, brand)
        (self.productType, self.categories, self.stockAvailable) = (productType, categories, stockAvailable)
    }

    /// The price as marketplaces write it: `12.99 EUR`, with the currency's minor digits.
    package var priceText: String {
        "\(Self.decimal(priceMinor, exponent: CurrencyMinorUnits.exponent(of: currency))) \(currency)"
    }

    /// `minor` as a decimal with `exponent` fraction digits (`1299`, 2 → `12.99`).
    static func decimal(_ minor: Int64, exponent: Int) -> String {
        guard exponent > 0 else { return String(minor) }
        var scale: Int64 = 1
        for _ in 0..<exponent { scale *= 10 }
        let whole = minor / scale
        let fraction = String(minor % scale)
        return "\(whole)." + String(repeating: "0", count: exponent - fraction.count) + fraction
    }

    /// Google's and Affinity's availability value; Meta spells the same states in words.
    var availabilityCode: String {
        switch availability {
        case .inStock: "in_stock"
        case .backorder: "backorder"
        case .outOfStock: "out_of_stock"
        }
    }

    /// The cells of `format`, in its column order.
    package func cells(_ format: FeedFormat) -> [String] {
        switch format {
        case .google:
            return [id, title, description, link, imageLink, availabilityCode, priceText, brand, "new", productType]
        case .meta:
            let availability =
                switch self.availability {
                case .inStock: "in stock"
                case .backorder: "available for order"
                case .outOfStock: "out of stock"
                }
            return [id, title, description, availability, "new", priceText, link, imageLink, brand, productType]
        case .csv:
            return [
                id, title, description, link, imageLink, availabilityCode, String(priceMinor), currency, priceText,
                brand, productType, categories.joined(separator: "|"), String(stockAvailable),
            ]
        }
    }
}

extension FeedFormat {
    /// One line of the feed (with its newline). CSV cells are quoted when they hold a
    /// comma, a quote or a line break (RFC 4180); Google's TSV cannot quote, so tabs and
    /// line breaks inside a cell become spaces.
    package func line(_ cells: [String]) -> String {
        let escaped = cells.map { cell -> String in
            if self == .google {
                return String(cell.map { $0 == "\t" || $0 == "\n" || $0 == "\r" ? " " : $0 })
            }
            guard cell.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return cell }
            return "\"" + cell.replacing("\"", with: "\"\"") + "\""
        }
        return escaped.joined(separator: String(separator)) + "\n"
    }

    /// The header line.
    package var header: String { line(columns) }
}
