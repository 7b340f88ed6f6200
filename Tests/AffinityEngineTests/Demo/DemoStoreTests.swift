import AffinityCore
import AffinityStore
import Foundation
import Logging
import Testing

@testable import AffinityEngine

/// The demo is generated once for the whole suite (it is the slowest fixture).
private let demo = DemoStore.generate(seed: 42)

@Suite("Demo store")
struct DemoStoreTests {
    @Test("the same seed gives the same store; another seed a different one")
    func deterministic() {
        let again = DemoStore.generate(seed: 42)
        #expect(again.products == demo.products)
        #expect(again.events == demo.events)
        #expect(again.channels == demo.channels)
        let other = DemoStore.generate(seed: 7, products: 200, shoppers: 50)
        let small = DemoStore.generate(seed: 42, products: 200, shoppers: 50)
        #expect(other.events != small.events)
    }

    @Test("a store generated for another end is the same store, every timestamp shifted by the difference")
    func relativeToItsEnd() throws {
        let small = DemoStore.generate(seed: 42, products: 200, shoppers: 50)
        let day: Int64 = 86_400_000
        let end = DemoStore.endMillis + 400 * day + 1_234  // sub-second part is dropped
        let later = DemoStore.generate(seed: 42, products: 200, shoppers: 50, endingAt: end)
        let again = DemoStore.generate(seed: 42, products: 200, shoppers: 50, endingAt: end)
        #expect(later.events == again.events)
        #expect(later.events.count == small.events.count)
        for (shifted, original) in zip(later.events, small.events) {
            let a = try #require(RFC3339.milliseconds(shifted.occurredAt))
            let b = try #require(RFC3339.milliseconds(original.occurredAt))
            #expect(a - b == 400 * day + 1_000)
            #expect(shifted.eventID == original.eventID && shifted.items == original.items)
        }
        for (shifted, original) in zip(later.products, small.products) {
            let a = try #require(shifted.createdAt.flatMap(RFC3339.milliseconds))
            let b = try #require(original.createdAt.flatMap(RFC3339.milliseconds))
            #expect(a - b == 400 * day + 1_000)
        }
    }

    @Test("a server seeds its demo store ending at the moment it seeds")
    func seededAtNow() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let now = DemoStore.endMillis + 10 * 86_400_000
        let engine = try await Engine(
            options: EngineOptions(dataDirectory: directory.path, seedDemo: true, now: { now }),
            logger: .init(label: "test"))
        try await engine.load()
        let stored = try await engine.store.events(after: 0, limit: 1_000_000)
        #expect(stored.count == demo.events.count)
        let times = stored.map(\.occurredAt)
        // Behaviour fills the 60 days before the seeding instant, whatever the calendar says.
        #expect(times.max() ?? 0 <= now)
        #expect(times.max() ?? 0 > now - 2 * 3_600_000)
        #expect(times.min() ?? 0 >= now - 61 * 86_400_000)
        let trending = try await engine.recommend(RecommendationQuery(strategy: .trending, channel: "web", count: 3))
        #expect(trending.items.count == 3)
    }

    @Test("about 2000 products in 40 categories, 3 channels, some out of stock")
    func catalogShape() {
        #expect(demo.products.count == 2000)
        #expect(Set(demo.products.map(\.id)).count == 2000)
        let categories = Set(demo.products.flatMap(\.categories))
        #expect(categories.count == 40)
        #expect(demo.channels.map(\.id) == ["web", "app", "kiosk"])
        #expect(Set(demo.channels.map(\.currency)) == ["EUR", "USD", "GBP"])
        let outOfStock = demo.products.filter { !$0.stock.isSellable }.count
        #expect(outOfStock > 20)
        #expect(outOfStock < 400)
        // Every product is priced in every channel's currency.
        for channel in demo.channels {
            #expect(demo.products.allSatisfy { $0.price(in: channel.id)?.currency == channel.currency })
        }
    }

    @Test("events cover the funnel, purchases have several items, and every event is valid")
    func events() throws {
        var types: [String: Int] = [:]
        for event in demo.events { types[event.type, default: 0] += 1 }
        for type in ["product_view", "add_to_cart", "purchase", "search", "list_view", "remove_from_cart"] {
            let count = types[type, default: 0]
            #expect(count > 0, "\(type)")
        }
        let views = types["product_view", default: 0]
        let carts = types["add_to_cart", default: 0]
        let purchases = types["purchase", default: 0]
        #expect(views > carts)
        #expect(carts > purchases)
        var multiItemPurchases = 0
        var purchasesWithoutOrder = 0
        var linked = 0
        var anonymousOnly = 0
        for event in demo.events {
            if event.type == "purchase" {
                if (event.items?.count ?? 0) > 1 { multiItemPurchases += 1 }
                if event.order == nil { purchasesWithoutOrder += 1 }
            }
            if event.userID != nil && event.anonymousID != nil { linked += 1 }
            if event.userID == nil { anonymousOnly += 1 }
        }
        #expect(multiItemPurchases > 0)
        #expect(purchasesWithoutOrder == 0)
        #expect(linked > 0)
        #expect(anonymousOnly > 0)
        let distinctIDs = Set(demo.events.map(\.eventID)).count
        #expect(distinctIDs == demo.events.count)
        // All within the 60 days before the end, roughly in time order, and all valid.
        let rules = EventRules()
        var last = Int64(0)
        var ordered = true
        var inWindow = true
        var unknownProducts = 0
        let productIDs = Set(demo.products.map(\.id))
        for event in demo.events {
            let (_, millis) = try event.validated(now: DemoStore.endMillis, rules: rules)
            inWindow = inWindow && millis >= DemoStore.endMillis - 61 * 86_400_000
            ordered = ordered && millis >= last - 3_600_000
            last = max(last, millis)
            for item in event.items ?? [] where !productIDs.contains(item.productID) { unknownProducts += 1 }
        }
        #expect(inWindow)
        #expect(ordered)
        #expect(unknownProducts == 0)
    }

    @Test("files() equals the committed Datasets/demo files byte for byte")
    func committedFiles() throws {
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let directory = root.appendingPathComponent("Datasets/demo")
        let files = try demo.files()
        #expect(files.map(\.name) == ["products.ndjson", "events.csv", "channels.json"])
        for (name, contents) in files {
            let committed = try Data(contentsOf: directory.appendingPathComponent(name))
            let generated = Data(contents.utf8)
            #expect(generated.count == committed.count, "\(name) size")
            if generated != committed {
                let index =
                    zip(generated, committed).enumerated().first { $0.element.0 != $0.element.1 }?.offset
                    ?? min(generated.count, committed.count)
                Issue.record("\(name) differs from byte \(index)")
            }
        }
    }

    @Test("the committed events.csv imports completely")
    func importCommittedCSV() async throws {
        let root = URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        let summary = try await EventImporter(engine: engine).run(
            try LineReader(path: root.appendingPathComponent("Datasets/demo/events.csv").path)
        ) { _ in }
        #expect(summary.lines == demo.events.count)
        #expect(summary.rejected == 0, "\(summary.errors.prefix(3))")
        #expect(summary.accepted == demo.events.count)
    }
}
