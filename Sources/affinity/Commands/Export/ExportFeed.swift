import AffinityEngine
import ArgumentParser
import Foundation
import Logging

/// `affinity export feed`: a channel's product feed for Google Merchant Center, Meta
/// catalogs or a spreadsheet.
struct ExportFeed: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "feed",
        abstract: "Write a channel's product feed (Google Merchant Center TSV, Meta catalog CSV, or CSV).",
        discussion: """
            Only products published in the channel and priced in its currency are rows; \
            availability follows stock (in stock, backorder, out of stock). A product missing \
            a column the format requires (link, image_link, brand for google and meta) is \
            left out and counted on standard error. The same feed is served at \
            GET /v1/feeds/{channel}.{format}.
            """)

    @Option(help: "Data directory (must exist).") var dataDir = ".affinity"
    @Option(help: "Rules file with the channels (default: ./affinity.yaml if present).") var config: String?
    @Option(help: "Channel id.") var channel: String
    @Option(help: "google, meta or csv.") var format: FeedFormat = .csv
    @Option(help: "Output file (default: standard output).") var out: String?

    func run() async throws {
        let (rules, rulesPath) = try RulesFile.load(config)
        let engine = try await Engine.offline(dataDirectory: dataDir, rules: rules, rulesPath: rulesPath, model: nil)
        let output = try FileHandleWriter(path: out)
        let summary = try await engine.writeFeed(channel: channel, format: format) { try output.write($0) }
        try output.close()
        var note = "wrote \(summary.rows) products to the \(format.rawValue) feed of \(channel)"
        if summary.skipped > 0 {
            let columns = format.requiredColumns.joined(separator: ", ")
            note += "; left out \(summary.skipped) missing a required column (\(columns))"
        }
        printToStandardError(note)
    }
}

extension FeedFormat: ExpressibleByArgument {}
