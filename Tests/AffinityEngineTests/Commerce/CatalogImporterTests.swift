import AffinityEngine
import AffinityStore
import Foundation
import Logging
import Testing

@Suite("Catalog file import")
struct CatalogImporterTests {
    func product(_ id: String, title: String = "Shoe", version: Int64 = 5, available: Int = 3) -> String {
        #"{"id":"\#(id)","title":"\#(title)","categories":["shoes"],"source_version":\#(version),"#
            + #""listings":[{"channel":"web","published":true}],"prices":[{"channel":"web","amount_minor":4999,"currency":"EUR"}],"#
            + #""stock":{"available":\#(available)}}"#
    }

    func run(_ engine: Engine, _ file: URL, batchSize: Int = 500) async throws -> CatalogImporter.Summary {
        var importer = CatalogImporter(engine: engine)
        importer.batchSize = batchSize
        return try await importer.run(try LineReader(path: file.path)) { _ in }
    }

    @Test("NDJSON: products, stock and prices lines; older source_version is stale and not applied")
    func ndjson() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        let lines = [
            product("A", version: 5),
            product("B", version: 5),
            product("A", title: "Old title", version: 4),  // stale: older than 5
            "not json",  // rejected
            // rejected: the web channel sells in EUR
            #"{"id":"C","title":"Shoe","prices":[{"channel":"web","amount_minor":100,"currency":"USD"}]}"#,
            #"{"product_id":"B","available":0,"source_version":6}"#,  // stock
            #"{"product_id":"B","prices":[{"channel":"web","amount_minor":3999,"currency":"EUR"}],"source_version":6}"#,
            #"{"product_id":"B","available":9,"source_version":1}"#,  // stale stock
            #"{"product_id":"missing","available":1}"#,  // rejected: unknown product
            "",
        ]
        let file = directory.file("catalog.ndjson")
        try lines.joined(separator: "\n").write(to: file, atomically: true, encoding: .utf8)

        let summary = try await run(engine, file, batchSize: 2)
        #expect(summary.lines == 9)
        #expect(summary.applied == 4)
        #expect(summary.stale == 2)
        #expect(summary.rejected == 3)
        #expect(summary.errors.map(\.line) == [4, 5, 9])
        #expect(summary.errors.map(\.code) == ["malformed_json", "invalid_field", "unknown_product"])
        #expect(summary.errors[1].field == "prices[0].currency")
        #expect(summary.staleLines.map(\.line) == [3, 8])
        #expect(summary.staleLines.map(\.id) == ["A", "B"])
        #expect(summary.staleLines.map(\.storedVersion) == [5, 6])

        let a = try engine.product("A", channel: "web")
        #expect(a.product.title == "Shoe")
        #expect(a.product.sourceVersion == 5)
        let b = try engine.product("B", channel: "web")
        #expect(b.product.stock.available == 0)
        #expect(b.price?.amountMinor == 3999)
        #expect(try await engine.statistics().products == 2)
    }

    @Test("CSV: full rows, then a stock-and-price feed without titles")
    func csv() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        let rows = [
            "id,title,categories,brand,tags,image_url,url,price:web,price:app,available,allow_backorder,source_version,attr:material",
            #"S1,"Trail Shoe, red",trail|running,Acme,sale|new,https://x/i.jpg,https://x/p,4999,5499,7,false,10,mesh"#,
            "S2,Sock,socks,Acme,,,,599,,0,true,10,",
            "S3,Cap,hats,,,,,abc,,1,,10,",  // rejected: price
            "S1,Old,trail,Acme,,,,100,,1,,9,",  // stale
        ]
        let file = directory.file("catalog.csv")
        try (rows.joined(separator: "\r\n") + "\r\n").write(to: file, atomically: true, encoding: .utf8)
        let summary = try await run(engine, file)
        #expect(summary.lines == 4)
        #expect((summary.applied, summary.stale, summary.rejected) == (2, 1, 1))
        #expect(summary.errors.first?.line == 4)
        #expect(summary.errors.first?.field == "price:web")

        let s1 = try engine.product("S1", channel: "app")
        #expect(s1.product.title == "Trail Shoe, red")
        #expect(s1.product.categories == ["trail", "running"])
        #expect(s1.product.tags == ["sale", "new"])
        #expect(s1.product.attributes["material"] == .string("mesh"))
        #expect(s1.price == Price(channel: "app", amountMinor: 5499, currency: "USD"))
        #expect(s1.published == true)
        #expect(s1.product.stock == Stock(available: 7))
        #expect(try engine.product("S2", channel: "app").published == false)
        #expect(try engine.product("S2", channel: "web").available)

        let feed = directory.file("feed.csv")
        try "id,available,price:web,source_version\nS1,2,4599,11\nS2,5,,3\n".write(
            to: feed, atomically: true, encoding: .utf8)
        let second = try await run(engine, feed)
        #expect((second.applied, second.stale, second.rejected) == (2, 1, 0))
        let updated = try engine.product("S1", channel: "web")
        #expect(updated.product.stock.available == 2)
        #expect(updated.price?.amountMinor == 4599)
        #expect(try engine.product("S2", channel: "web").product.stock.available == 0)
    }

    @Test("prices are checked against the rules file's channels, not the demo's")
    func shopChannels() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let rules = try RulesConfigLoader.parse(
            yaml: "channels:\n  - {id: b2b, kind: web, currency: CHF, locale: de-CH}\n", file: "shop.yaml")
        let engine = try await Engine(
            options: EngineOptions(
                dataDirectory: directory.path, publicKey: "pk", secretKey: "sk", now: { testNow }, rules: rules),
            logger: Logger(label: "test"))
        try await engine.load()
        let file = directory.file("catalog.csv")
        try "id,title,price:b2b,published:b2b,visible:b2b\nA,Shoe,4999,true,false\nB,Boot,5999,true,true\n".write(
            to: file, atomically: true, encoding: .utf8)
        let summary = try await run(engine, file)
        #expect(summary.applied == 2)
        #expect(summary.rejected == 0)
        let a = try engine.product("A", channel: "b2b")
        #expect(a.price == Price(channel: "b2b", amountMinor: 4999, currency: "CHF"))
        #expect(a.product.listings == [Listing(channel: "b2b", published: true, visible: false)])
        #expect(try engine.product("B", channel: "b2b").product.listings.first?.visible == true)
        // The demo's channels are not this shop's.
        let demo = directory.file("demo.csv")
        try "id,title,price:web\nC,Hat,100\n".write(to: demo, atomically: true, encoding: .utf8)
        await #expect(throws: AffinityError.self) { _ = try await run(engine, demo) }
    }

    @Test("leading blank lines and a byte-order mark before the first NDJSON line are skipped")
    func bomAndBlankLines() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        let file = directory.file("bom.ndjson")
        let text = "\n\u{FEFF}" + product("A") + "\n" + product("B") + "\n"
        try text.write(to: file, atomically: true, encoding: .utf8)
        let summary = try await run(engine, file)
        #expect((summary.lines, summary.applied, summary.rejected) == (2, 2, 0))
    }

    @Test("a CSV header with an unknown column or channel is refused")
    func badHeader() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        let file = directory.file("bad.csv")
        try "id,title,price:moon\nX,Y,1\n".write(to: file, atomically: true, encoding: .utf8)
        await #expect(throws: AffinityError.self) { try await run(engine, file) }
    }
}
