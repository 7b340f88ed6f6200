import AffinityEngine
import Foundation
import Logging
import Testing

/// Campaign lists are the serving path's lists, recorded so that clicks are attributed.
@Suite struct RecommendationExportTests {
    static let rules = """
        channels:
          - {id: web, kind: web, currency: EUR, locale: de-DE}
          - {id: app, kind: app, currency: USD, locale: en-US}
        placements:
          email_picks:
            strategy: for_you
            count: 3
        experiments:
          email_test:
            placement: email_picks
            control: control
            variants:
              - {id: control, weight: 1}
              - {id: popular_only, weight: 1, overrides: {strategy: popular}}
        """

    static func engine(_ directory: TemporaryDirectory) async throws -> Engine {
        let rules = try RulesConfigLoader.parse(yaml: rules, file: "test.yaml", now: { testNow })
        let engine = try await Engine(
            options: EngineOptions(
                dataDirectory: directory.path, publicKey: "pk", secretKey: "sk", now: { testNow }, rules: rules),
            logger: .init(label: "test"))
        try await engine.load()
        for i in 0..<8 {
            _ = try await engine.putProduct(
                Product(
                    id: "P\(i)", title: "Product \(i)", listings: [Listing(channel: "web", published: true)],
                    prices: [Price(channel: "web", amountMinor: 1000 + Int64(i), currency: "EUR")],
                    stock: Stock(available: i == 3 ? 0 : 5)))
        }
        var events: [Event] = []
        for i in 0..<24 {
            var event = view("v\(i)", product: "P\(i % 8)", user: "u\(i % 4)", minutesAgo: Int64(60 * 24 * (i % 4)))
            event.channel = "web"
            events.append(event)
        }
        _ = try await engine.ingest(events, batched: true)
        return engine
    }

    @Test func userIDsCanBeLimitedToRecentActivity() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await Self.engine(directory)
        #expect(Set(try engine.exportUserIDs(activeSince: nil)) == ["u0", "u1", "u2", "u3"])
        // u0 was active an hour ago, u1 a day earlier, u2 two days, u3 three.
        let since = testNow - 36 * 3600 * 1000
        #expect(Set(try engine.exportUserIDs(activeSince: since)) == ["u0", "u1"])
    }

    @Test func exportedListsAreServableAndAttributed() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await Self.engine(directory)
        var ids: [String] = []
        for user in try engine.exportUserIDs(activeSince: nil) {
            let list = try await engine.exportList(placement: "email_picks", userID: user, channel: "web")
            #expect(list.items.count == 3)
            #expect(!list.items.contains { $0.productID == "P3" })  // out of stock
            #expect(list.items.allSatisfy { $0.price?.currency == "EUR" })
            #expect(list.experiment?.id == "email_test")
            ids.append(list.recommendationID)
            let line = try list.exportLine(userID: user)
            let object = try JSONSerialization.jsonObject(with: Data(line.utf8)) as? [String: Any]
            #expect(object?["user_id"] as? String == user)
            #expect(object?["recommendation_id"] as? String == list.recommendationID)
            #expect(line.hasSuffix("\n") && line.dropLast().contains("\n") == false)
            let row = list.exportRow(userID: user, count: 3)
            #expect(row.hasPrefix("\(user),\(list.recommendationID),email_picks,web,3,"))
        }
        #expect(Set(ids).count == 4)
        await engine.flushServedLists()
        // A campaign click echoing one of the lists is attributed to its variant.
        var click = view("click-1", product: "P0", user: "u0", minutesAgo: 0)
        click.type = "rec_click"
        click.recommendationID = ids[0]
        _ = try await engine.ingest([click], batched: false)
        let report = try await engine.experimentReport("email_test")
        let data = try JSONEncoder().encode(report)
        let json = try JSONSerialization.jsonObject(with: data) as? [String: Any]
        let variants = json?["variants"] as? [[String: Any]] ?? []
        #expect(variants.map { $0["impressions"] as? Int ?? 0 }.reduce(0, +) == 4)
        #expect(variants.map { $0["clicks"] as? Int ?? 0 }.reduce(0, +) == 1)
    }

    @Test func csvHeaderAndRowsLineUp() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await Self.engine(directory)
        let header = RecommendationResponse.exportHeader(count: 4)
        #expect(header.split(separator: ",").count == 5 + 4 * 6)
        // A shopper never seen gets the placement's fallback list; the id needs quoting.
        let response = try await engine.exportList(placement: "email_picks", userID: "new,shopper", channel: "web")
        #expect(response.items.count == 3)
        let row = response.exportRow(userID: "new,shopper", count: 4)
        #expect(row.hasPrefix("\"new,shopper\",\(response.recommendationID),email_picks,web,3,"))
        // Padded to the header's width (the comma inside the quoted id is not a separator).
        #expect(row.filter { $0 == "," }.count == header.filter { $0 == "," }.count + 1)
    }

    @Test func parallelWorkersGiveTheSequentialListsInUserOrder() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await Self.engine(directory)
        // More users than one chunk, so several workers take turns and finish out of order.
        let users = (0..<700).map { "u\($0 % 4 == 0 ? String($0 % 16) : "new\($0)")" }
        func lines(workers: Int) async throws -> [String] {
            var text = ""
            var progress: [Int] = []
            try await engine.exportLists(
                placement: "email_picks", users: users, channel: "web", workers: workers,
                line: { user, list in
                    "\(user) " + list.items.map(\.productID).joined(separator: ",")
                        + " \(list.experiment?.variant ?? "-")\n"
                }, write: { text += $0 }, progress: { progress.append($0) })
            #expect(progress.last == users.count)
            #expect(progress == progress.sorted())
            return text.split(separator: "\n").map(String.init)
        }
        let one = try await lines(workers: 1)
        let three = try await lines(workers: 3)
        #expect(one.count == users.count)
        #expect(one.map { String($0.split(separator: " ")[0]) } == users)
        #expect(three == one)
    }
}
