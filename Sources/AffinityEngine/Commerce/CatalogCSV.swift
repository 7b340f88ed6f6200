import Foundation

/// The CSV layout of `affinity import catalog`: a header row, then one row per product.
///
/// Columns (any order; only `id` is required):
/// `id`, `title`, `description`, `categories` and `tags` (values joined by `|`), `brand`,
/// `image_url`, `url`, `created_at`, `source_version`, `available`, `allow_backorder`,
/// `price:<channel>` (integer minor units in that channel's currency),
/// `currency:<channel>` (optional; must equal the channel's currency),
/// `published:<channel>` (`true`/`false`; without any such column a product is published
/// in the channels it has a price in), `visible:<channel>` (`false`: published but hidden
/// from listings) and `attr:<name>` (a string attribute).
///
/// Without a `title` column the rows are partial updates of existing products: a
/// non-empty `available` sets stock, non-empty `price:<channel>` cells replace prices,
/// both with the row's `source_version`.
struct CatalogCSV {
    private var columns: [String: Int] = [:]
    private var priceColumns: [(channel: Channel, index: Int)] = []
    private var currencyColumns: [String: Int] = [:]
    private var publishedColumns: [(channel: String, index: Int)] = []
    private var visibleColumns: [String: Int] = [:]
    private var attributeColumns: [(name: String, index: Int)] = []
    private let fullRows: Bool

    static let plainColumns: Set<String> = [
        "id", "title", "description", "categories", "brand", "tags", "image_url", "url", "created_at",
        "source_version", "available", "allow_backorder",
    ]

    init(header: some Collection<UInt8>, channels: [Channel]) throws(AffinityError) {
        var names = CSVLine.fields(header)
        if let first = names.first, first.hasPrefix("\u{FEFF}") { names[0] = String(first.dropFirst()) }
        for (index, raw) in names.enumerated() {
            let name = raw.trimmingCharacters(in: .whitespaces)
            let parts = name.split(separator: ":", maxSplits: 1).map(String.init)
            if parts.count == 2, ["price", "currency", "published", "visible"].contains(parts[0]) {
                guard let channel = channels.first(where: { $0.id == parts[1] }) else {
                    throw .invalid("header", "column '\(name)': " + Product.unknownChannel(parts[1], channels))
                }
                switch parts[0] {
                case "price": priceColumns.append((channel, index))
                case "currency": currencyColumns[channel.id] = index
                case "visible": visibleColumns[channel.id] = index
                default: publishedColumns.append((channel.id, index))
                }
            } else if parts.count == 2, parts[0] == "attr", !parts[1].isEmpty {
                attributeColumns.append((parts[1], index))
            } else if Self.plainColumns.contains(name) {
                columns[name] = index
            } else {
                throw .invalid(
                    "header",
                    "unknown column '\(name)'; allowed: \(Self.plainColumns.sorted().joined(separator: ", ")), "
                        + "price:<channel>, currency:<channel>, published:<channel>, visible:<channel>, attr:<name>")
            }
        }
        guard columns["id"] != nil else { throw .invalid("header", "a catalog CSV needs an id column") }
        fullRows = columns["title"] != nil
    }

    /// The row's id cell, for error reports.
    func id(_ line: some Collection<UInt8>) -> String? {
        let fields = CSVLine.fields(line)
        return columns["id"].flatMap { $0 < fields.count ? fields[$0] : nil }
    }

    /// The changes one row carries.
    func changes(_ line: some Collection<UInt8>) throws(AffinityError) -> [CatalogImporter.Change] {
        let fields = CSVLine.fields(line)
        func cell(_ index: Int?) -> String? {
            guard let index, index < fields.count else { return nil }
            let value = fields[index].trimmingCharacters(in: .whitespaces)
            return value.isEmpty ? nil : value
        }
        func list(_ name: String) -> [String] {
            (cell(columns[name]) ?? "").split(separator: "|").map { $0.trimmingCharacters(in: .whitespaces) }.filter {
                !$0.isEmpty
            }
        }
        guard let id = cell(columns["id"]) else { throw .invalid("id", "id is required") }
        let version = try Self.integer(cell(columns["source_version"]), field: "source_version")
        let available = try Self.integer(cell(columns["available"]), field: "available")
        let backorder = try Self.boolean(cell(columns["allow_backorder"]), field: "allow_backorder")
        var prices: [Price] = []
        for (channel, index) in priceColumns {
            guard let amount = try Self.integer(cell(index), field: "price:\(channel.id)") else { continue }
            let currency = cell(currencyColumns[channel.id]) ?? channel.currency
            prices.append(Price(channel: channel.id, amountMinor: amount, currency: currency))
        }
        guard fullRows else {
            var changes: [CatalogImporter.Change] = []
            if let available {
                changes.append(
                    .stock(
                        id,
                        StockUpdate(
                            available: Int(clamping: available), allowBackorder: backorder, sourceVersion: version)))
            }
            if !prices.isEmpty { changes.append(.prices(id, PricesUpdate(prices: prices, sourceVersion: version))) }
            guard !changes.isEmpty else {
                throw .invalid("available", "a row without title needs available or a price")
            }
            return changes
        }
        var listings: [Listing] = []
        if publishedColumns.isEmpty {
            listings = prices.map { Listing(channel: $0.channel, published: true) }
        } else {
            for (channel, index) in publishedColumns {
                guard let value = try Self.boolean(cell(index), field: "published:\(channel)") else { continue }
                listings.append(Listing(channel: channel, published: value))
            }
        }
        for index in listings.indices {
            let channel = listings[index].channel
            if let column = visibleColumns[channel],
                let visible = try Self.boolean(cell(column), field: "visible:\(channel)")
            {
                listings[index].visible = visible
            }
        }
        var attributes: [String: JSONValue] = [:]
        for (name, index) in attributeColumns { if let value = cell(index) { attributes[name] = .string(value) } }
        return [
            .product(
                Product(
                    id: id, title: cell(columns["title"]) ?? "", description: cell(columns["description"]),
                    categories: list("categories"), brand: cell(columns["brand"]), tags: list("tags"),
                    attributes: attributes, imageURL: cell(columns["image_url"]), url: cell(columns["url"]),
                    createdAt: cell(columns["created_at"]), sourceVersion: version, listings: listings, prices: prices,
                    stock: Stock(available: Int(clamping: available ?? 0), allowBackorder: backorder ?? false)))
        ]
    }

    static func integer(_ text: String?, field: String) throws(AffinityError) -> Int64? {
        guard let text else { return nil }
        guard let value = Int64(text) else { throw .invalid(field, "'\(text)' is not a whole number") }
        return value
    }

    static func boolean(_ text: String?, field: String) throws(AffinityError) -> Bool? {
        guard let text else { return nil }
        switch text.lowercased() {
        case "true", "1", "yes": return true
        case "false", "0", "no": return false
        default: throw .invalid(field, "'\(text)' is not true or false")
        }
    }
}
