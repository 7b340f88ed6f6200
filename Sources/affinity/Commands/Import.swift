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
        abstract: "Load events from an NDJSON or CSV file, or '-' for standard input.",
        discussion: """
            A CSV file starts with a header naming its columns. Events get the same \
            validation and deduplication as the API. Import into the \
            data directory of a stopped server (or one that is not running yet): a running \
            server sees imported events after its next start. A missing data directory is \
            created (and said so on standard error). On a terminal, a progress bar on \
            standard error shows the share of the file read, the rate and the time left; \
            piped or redirected, only the summary is printed. Exit code 2 if any line was \
            rejected.
            """)

    @Argument(help: "NDJSON or CSV file, or - for standard input.") var file: String
    @Option(help: "Data directory (created if missing).") var dataDir = ".affinity"
    @Flag(help: "Print the summary as JSON.") var json = false
    @Flag(help: "Do not draw a progress bar.") var quiet = false

    func run() async throws {
        var logger = Logger(label: "affinity")
        logger.logLevel = .warning
        // Open the input first: a mistyped file name must not leave a new data directory behind.
        let reader = try LineReader(path: file)
        let engine = try await Engine(options: EngineOptions(dataDirectory: dataDir), logger: logger)
        engine.announceNewDataDirectory(dataDir)
        let bar = ProgressBar(enabled: !quiet, delay: .milliseconds(500))
        defer { bar.finish() }
        let summary = try await EventImporter(engine: engine).run(reader) { bar.update($0, unit: "events") }
        bar.finish()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            print(String(decoding: try encoder.encode(summary), as: UTF8.self))
        } else {
            print(
                "\(summary.lines) lines: \(summary.accepted) accepted, \(summary.duplicates) duplicates, "
                    + "\(summary.rejected) rejected in \(String(format: "%.2f", summary.seconds)) s "
                    + "(\(Int(summary.eventsPerSecond)) events/s)"
                    + (summary.erased > 0 ? "; \(summary.erased) of erased shoppers, not stored" : ""))
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
