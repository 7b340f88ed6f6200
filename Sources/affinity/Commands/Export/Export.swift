import ArgumentParser

/// `affinity export`: bulk lists and product feeds for the channels that pull or batch.
struct Export: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Export recommendation lists for campaigns, or a channel's product feed.",
        subcommands: [ExportRecommendations.self, ExportFeed.self])
}
