import AffinityEngine
import ArgumentParser
import Foundation
import Logging

/// `affinity export recommendations`: one list per shopper for email and push campaigns.
struct ExportRecommendations: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recommendations",
        abstract: "Write one list per shopper (NDJSON or CSV) from a placement, for email and push campaigns.",
        discussion: """
            Each list is exactly what GET /v1/recommendations?placement=P&user_id=U would \
            answer (rules, filters, stock, the channel's prices, experiments) and is recorded \
            as a served list: campaign links that echo its recommendation_id are attributed \
            in the experiment report. Shoppers: the user ids of --users (one per line), or \
            every known user id (optionally only those active since --active-since). A \
            progress bar with the rate and the time left is drawn on standard error when it \
            is a terminal.
            """)

    @Option(help: "Data directory (must exist).") var dataDir = ".affinity"
    @Option(help: "Rules file with the placement (default: ./affinity.yaml if present).") var config: String?
    @Option(help: "Model configuration (default: Models/default.yaml if present).") var model: String?
    @Option(help: "Placement from the rules file.") var placement: String
    @Option(help: "File of user ids, one per line (default: every known user).") var users: String?
    @Option(
        help: ArgumentHelp(
            "Only users with an event at or after this time (RFC 3339 or YYYY-MM-DD).", valueName: "date"))
    var activeSince: String?
    @Option(help: "Channel (prices, publication and currency of that channel).") var channel: String?
    @Option(help: "ndjson or csv.") var format: ExportFormat = .ndjson
    @Option(help: "Output file (default: standard output).") var out: String?
    @Option(help: "Parallel workers (default: one per core), each on its own copy of the state.") var workers: Int?
    @Flag(help: "Do not draw a progress bar.") var quiet = false

    func validate() throws {
        if let workers, !(1...64).contains(workers) { throw ValidationError("--workers must be from 1 to 64") }
        if users != nil, activeSince != nil { throw ValidationError("give --users or --active-since, not both") }
        if let activeSince, Self.milliseconds(activeSince) == nil {
            throw ValidationError("--active-since: '\(activeSince)' is not a date (2026-11-01) or an RFC 3339 time")
        }
    }

    static func milliseconds(_ text: String) -> Int64? {
        RFC3339.milliseconds(text) ?? RFC3339.milliseconds(text + "T00:00:00Z")
    }

    func run() async throws {
        let (rules, rulesPath) = try RulesFile.load(config)
        guard let rules, let base = rules.placements[placement]?.count else {
            throw ValidationError(
                "no placement '\(placement)' in \(rulesPath ?? "the rules file (none found; give --config)")")
        }
        // CSV columns for the longest list any experiment variant may give.
        let count = ([base] + (rules.experiment(on: placement)?.variants.compactMap(\.overrides.count) ?? [])).max()!
        // Read the file first: a mistyped name must fail before the state is loaded.
        let listed = try users.map { path in
            try String(contentsOfFile: path, encoding: .utf8).split(whereSeparator: \.isNewline)
                .map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
        }
        let engine = try await Engine.offline(dataDirectory: dataDir, rules: rules, rulesPath: rulesPath, model: model)
        let targets = try listed ?? engine.exportUserIDs(activeSince: activeSince.flatMap(Self.milliseconds))
        let output = try FileHandleWriter(path: out)
        let bar = ProgressBar(enabled: !quiet, delay: .milliseconds(500))
        defer { bar.finish() }
        if format == .csv { try output.write(RecommendationResponse.exportHeader(count: count)) }
        let started = ContinuousClock.now
        let csv = format == .csv
        try await engine.exportLists(
            placement: placement, users: targets, channel: channel,
            workers: workers ?? ProcessInfo.processInfo.activeProcessorCount,
            line: { user, list in csv ? list.exportRow(userID: user, count: count) : try list.exportLine(userID: user)
            },
            write: { try output.write($0) },
            progress: { bar.update(.init(phase: "exporting", completed: $0, total: targets.count, unit: "shoppers")) })
        try output.close()
        await engine.flushServedLists()
        bar.finish()
        let elapsed = (ContinuousClock.now - started).components
        let seconds = Double(elapsed.seconds) + Double(elapsed.attoseconds) * 1e-18
        printToStandardError(
            "exported \(targets.count) lists in \(String(format: "%.2f", seconds)) s "
                + "(\(seconds > 0 ? Int(Double(targets.count) / seconds) : targets.count) shoppers/s)")
    }
}

extension ExportFormat: ExpressibleByArgument {}
