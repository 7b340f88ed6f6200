import AffinityEngine
import ArgumentParser
import Foundation
import Logging

/// `affinity import …`: bulk loads into a data directory.
struct Import: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Bulk-load data into a data directory.", subcommands: [ImportEvents.self, ImportCatalog.self])
}

/// `affinity import events FILE`.
struct ImportEvents: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "events",
        abstract: "Load events from NDJSON or CSV (with a header); '-' reads standard input.",
        discussion: """
            Events get the same validation and deduplication as the API. Import into the
            data directory of a stopped server (or one that is not running yet): a running
            server sees imported events after its next start.
            """)

    @Argument(help: "NDJSON or CSV file, or - for standard input.") var file: String
    @Option(help: "Data directory.") var dataDir = ".affinity"
    @Flag(help: "Print the summary as JSON.") var json = false
    @Flag(help: "Do not draw a progress bar.") var quiet = false

    func run() async throws {
        var logger = Logger(label: "affinity")
        logger.logLevel = .warning
        let engine = try await Engine(options: EngineOptions(dataDirectory: dataDir), logger: logger)
        let reader = try LineReader(path: file)
        let bar = ProgressBar(enabled: !quiet)
        let summary = try await EventImporter(engine: engine).run(reader) { bar.update($0) }
        bar.finish()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            print(String(decoding: try encoder.encode(summary), as: UTF8.self))
        } else {
            print(
                "\(summary.lines) lines: \(summary.accepted) accepted, \(summary.duplicates) duplicates, "
                    + "\(summary.rejected) rejected in \(String(format: "%.2f", summary.seconds)) s "
                    + "(\(Int(summary.eventsPerSecond)) events/s)")
            for error in summary.errors {
                let line = error.line.map(String.init) ?? "?"
                let detail = error.error.map { ($0.field.map { "\($0): " } ?? "") + $0.message } ?? ""
                print("  line \(line): \(detail)")
            }
            if summary.rejected > summary.errors.count {
                print("  … and \(summary.rejected - summary.errors.count) more rejected lines")
            }
        }
        if summary.rejected > 0 { throw ExitCode(2) }
    }
}
