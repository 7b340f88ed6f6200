import AffinityCore
import AffinityEngine
import Foundation
import Testing

/// Training swaps in a model; a snapshot lets a restart replay only later events and
/// still answer exactly as before; a corrupt snapshot is ignored.
@Suite("Training and snapshots")
struct SnapshotTests {
    /// Sessions over 30 products where each shopper walks a short chain, so every
    /// strategy has real neighbours to find.
    static func behaviour(prefix: String = "e", shoppers: Range<Int> = 0..<40) -> [Event] {
        var events: [Event] = []
        for shopper in shoppers {
            for step in 0..<6 {
                let product = "P\((shopper * 3 + step) % 30)"
                let type = step == 5 ? "purchase" : (step == 4 ? "add_to_cart" : "product_view")
                events.append(
                    Event(
                        eventID: "\(prefix)-\(shopper)-\(step)", type: type,
                        occurredAt: RFC3339.string(milliseconds: testNow - Int64(600 - shopper * 6 - step) * 60_000),
                        channel: "web", userID: "u\(shopper)", items: [EventItem(productID: product)]))
            }
        }
        return events
    }

    static let queries = [
        RecommendationQuery(strategy: .forYou, userID: "u3"),
        RecommendationQuery(strategy: .forYou, userID: "u17", count: 20),
        RecommendationQuery(strategy: .similarItems, itemID: "P4"),
        RecommendationQuery(strategy: .othersAlsoViewed, itemID: "P9"),
        RecommendationQuery(strategy: .frequentlyBoughtTogether, itemID: "P5"),
        RecommendationQuery(strategy: .trending),
        RecommendationQuery(strategy: .recentlyViewed, userID: "u8"),
        RecommendationQuery(strategy: .buyAgain, userID: "u8"),
        RecommendationQuery(strategy: .rerank, userID: "u3", candidates: ["P1", "P7", "P12", "P20"]),
    ]

    static func lists(_ engine: Engine) async throws -> [[String]] {
        var lists: [[String]] = []
        for query in queries {
            lists.append(try await engine.recommend(query).items.map { "\($0.productID):\($0.score)" })
        }
        return lists
    }

    @Test func restartFromASnapshotReplaysOnlyLaterEventsAndAnswersIdentically() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var before: [[String]] = []
        do {
            let engine = try await makeEngine(directory)
            _ = try await engine.ingest(Self.behaviour(), batched: true)
            let report = try #require(await engine.train())
            #expect(report.items == 30)
            let path = try await engine.writeSnapshot()
            #expect(FileManager.default.fileExists(atPath: path))
            _ = try await engine.ingest(Self.behaviour(prefix: "late", shoppers: 40..<45), batched: true)
            before = try await Self.lists(engine)
        }
        let restarted = try await makeEngine(directory)
        let stats = try await restarted.adminStatistics()
        #expect(stats.appliedSequence == stats.lastSequence)
        #expect(try await Self.lists(restarted) == before)
    }

    @Test func aCorruptSnapshotIsIgnoredAndTheLogRebuildsTheState() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var before: [[String]] = []
        var path = ""
        do {
            let engine = try await makeEngine(directory)
            _ = try await engine.ingest(Self.behaviour(), batched: true)
            path = try await engine.writeSnapshot()
            before = try await Self.lists(engine)
        }
        var bytes = try Data(contentsOf: URL(fileURLWithPath: path))
        bytes[bytes.count / 2] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: path))
        let restarted = try await makeEngine(directory)
        #expect(try await Self.lists(restarted) == before)
    }

    @Test func trainingInstallsAModelThatChangesVectorsBasedLists() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        _ = try await engine.ingest(Self.behaviour(), batched: true)
        #expect(engine.shouldRetrain)
        let report = try #require(await engine.train())
        #expect(report.shoppers == 40)
        #expect(!engine.shouldRetrain)
        let list = try await engine.recommend(RecommendationQuery(strategy: .forYou, userID: "u3")).items
        #expect(list.count == 10)
    }

    @Test func aCancelledTrainingRunStopsAndInstallsNothing() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        _ = try await engine.ingest(Self.behaviour(), batched: true)
        let run = Task { await engine.train() }
        run.cancel()
        let report = await run.value
        #expect(report == nil)
        // Nothing was installed: a later run still has the events to train on.
        #expect(engine.shouldRetrain)
        #expect(try #require(await engine.train()).shoppers == 40)
    }
}
