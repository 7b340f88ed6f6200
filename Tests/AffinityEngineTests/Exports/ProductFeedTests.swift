import AffinityEngine
import Foundation
import Testing

/// A channel's feed holds its published, priced products with the channel's price and
/// availability from stock, in every format's column set.
@Suite struct ProductFeedTests {
    static func product(
        _ id: String, available: Int = 5, backorder: Bool = false, publishedInApp: Bool = true,
        appPrice: Bool = true, title: String? = nil
    ) -> Product {
        var prices = [Price(channel: "web", amountMinor: 1999, currency: "EUR")]
        if appPrice { prices.append(Price(channel: "app", amountMinor: 2105, currency: "USD")) }
        return Product(
            id: id, title: title ?? "Product \(id)", categories: ["shoes", "trail"], brand: "Acme",
            imageURL: "https://img.example/\(id).jpg", url: "https://shop.example/\(id)",
            listings: [Listing(channel: "web", published: true), Listing(channel: "app", published: publishedInApp)],
            prices: prices, stock: Stock(available: available, allowBackorder: backorder))
    }

    static func feed(_ engine: Engine, _ channel: String, _ format: FeedFormat) async throws -> [[String]] {
        var text = ""
        try await engine.writeFeed(channel: channel, format: format) { text += $0 }
        return text.split(separator: "\n").map {
            $0.split(separator: format.separator, omittingEmptySubsequences: false).map(String.init)
        }
    }

    @Test func onlyPublishedProductsPricedInTheChannelsCurrencyAreRows() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        for product in [
            Self.product("A"), Self.product("B", available: 0), Self.product("C", available: 0, backorder: true),
            Self.product("D", publishedInApp: false), Self.product("E", appPrice: false),
        ] {
            _ = try await engine.putProduct(product)
        }
        let google = try await Self.feed(engine, "app", .google)
        #expect(google[0] == FeedFormat.google.columns)
        let rows = Dictionary(uniqueKeysWithValues: google.dropFirst().map { ($0[0], $0) })
        #expect(Set(rows.keys) == ["A", "B", "C"])
        let column = { (name: String) in FeedFormat.google.columns.firstIndex(of: name)! }
        #expect(rows["A"]?[column("price")] == "21.05 USD")
        #expect(rows["A"]?[column("availability")] == "in_stock")
        #expect(rows["B"]?[column("availability")] == "out_of_stock")
        #expect(rows["C"]?[column("availability")] == "backorder")
        #expect(rows["A"]?[column("product_type")] == "shoes > trail")
        #expect(rows["A"]?[column("condition")] == "new")
        for row in rows.values {
            for required in FeedFormat.google.requiredColumns { #expect(!row[column(required)].isEmpty) }
        }
        // The web channel has all five, in EUR.
        let web = try await Self.feed(engine, "web", .meta)
        #expect(web.count == 6)
        let metaPrice = FeedFormat.meta.columns.firstIndex(of: "price")!
        #expect(web.dropFirst().allSatisfy { $0[metaPrice] == "19.99 EUR" })
        let metaAvailability = FeedFormat.meta.columns.firstIndex(of: "availability")!
        #expect(
            Set(web.dropFirst().map { $0[metaAvailability] }) == ["in stock", "out of stock", "available for order"])
    }

    @Test func unknownChannelIsRefused() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        let error = AffinityError.caught { () throws(AffinityError) in
            try engine.feedPage(channel: "nowhere", after: nil)
        }
        #expect(error?.field == "channel")
    }

    @Test func pagesCoverTheCatalogOnceInIDOrder() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        for i in 0..<25 {
            _ = try await engine.putProduct(Self.product(String(format: "P%03d", i), publishedInApp: i % 5 != 0))
        }
        var seen: [String] = []
        var cursor: String?
        var pages = 0
        repeat {
            let page = try engine.feedPage(channel: "app", after: cursor, limit: 4)
            seen += page.rows.map(\.id)
            cursor = page.next
            pages += 1
        } while cursor != nil
        let expected = (0..<25).filter { $0 % 5 != 0 }.map { String(format: "P%03d", $0) }
        #expect(seen == expected)
        #expect(pages >= 5)
    }

    @Test func cellsAreEscapedForTheirFormat() {
        #expect(FeedFormat.csv.line(["a,b", "say \"hi\"", "plain"]) == "\"a,b\",\"say \"\"hi\"\"\",plain\n")
        #expect(FeedFormat.google.line(["tab\there", "line\nbreak"]) == "tab here\tline break\n")
        var row = FeedRow(
            id: "X", title: "X", description: "X", link: "", imageLink: "", availability: .inStock, priceMinor: 5,
            currency: "JPY", brand: "", productType: "", categories: [], stockAvailable: 1)
        #expect(row.priceText == "5 JPY")
        row.currency = "EUR"
        #expect(row.priceText == "0.05 EUR")
        row.currency = "KWD"
        row.priceMinor = 12_345
        #expect(row.priceText == "12.345 KWD")
    }

    @Test func productsMissingARequiredColumnAreLeftOutAndCounted() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        var noBrand = Self.product("NB")
        noBrand.brand = nil
        var noImage = Self.product("NI")
        noImage.imageURL = nil
        for product in [Self.product("OK"), noBrand, noImage] { _ = try await engine.putProduct(product) }
        for format in [FeedFormat.google, .meta] {
            var text = ""
            let summary = try await engine.writeFeed(channel: "web", format: format) { text += $0 }
            #expect(summary == Engine.FeedSummary(rows: 1, skipped: 2))
            #expect(text.split(separator: "\n").count == 2)
        }
        // Affinity's own CSV needs neither.
        let csv = try await engine.writeFeed(channel: "web", format: .csv) { _ in }
        #expect(csv == Engine.FeedSummary(rows: 3, skipped: 0))
    }
}
