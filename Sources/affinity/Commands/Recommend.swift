import AffinityCore
import AffinityEngine
import ArgumentParser
import Foundation
import Logging

/// `affinity recommend`: one list from a data directory, without a server.
struct Recommend: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Print one recommendation list (JSON) from a data directory.",
        discussion: """
            Loads the newest snapshot and later events; run it against a stopped server's \
            data directory. The data directory must exist: a missing one is an error, never \
            an empty list.
            """)

    @Option(help: "Data directory (must exist).") var dataDir = ".affinity"
    @Option(help: "Strategy.") var strategy: StrategyName = .forYou
    @Option(help: "Placement from the rules file (overrides --strategy).") var placement: String?
    @Option(help: "Rules file (default: ./affinity.yaml if present).") var config: String?
    @Option(help: "Model configuration (default: Models/default.yaml if present).") var model: String?
    @Option(name: .customLong("user-id"), help: "Shopper's user id.") var userID: String?
    @Option(name: .customLong("anonymous-id"), help: "Shopper's anonymous id.") var anonymousID: String?
    @Option(help: "Channel.") var channel: String?
    @Option(name: .customLong("item-id"), help: "The viewed product.") var itemID: String?
    @Option(help: "List length (default: the placement's count, else 10).") var count: Int?
    @Flag(help: "Explain every item.") var explain = false

    func run() async throws {
        let (rules, rulesPath) = try RulesFile.load(config)
        let engine = try await Engine.offline(dataDirectory: dataDir, rules: rules, rulesPath: rulesPath, model: model)
        let query = RecommendationQuery(
            strategy: strategy, userID: userID, anonymousID: anonymousID, channel: channel, count: count ?? 10,
            itemID: itemID, placement: placement, explain: explain, countIsExplicit: count != nil)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        print(String(decoding: try encoder.encode(try await engine.recommend(query)), as: UTF8.self))
    }
}
