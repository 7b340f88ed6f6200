import AffinityEngine
import ArgumentParser
import Foundation
import Logging

/// `affinity import catalog FILE`.
struct ImportCatalog: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "catalog",
        abstract: "Load products, stock and prices from an NDJSON or CSV file, or '-'.",
        discussion: """
            '-' reads standard input. NDJSON lines are product bodies as PUT \
            /v1/products/{id} takes them (with id), or stock lines \
            {"product_id","available",...} or prices lines {"product_id","prices",...}. A \
            CSV file starts with a header naming its columns: id, title, description, \
            categories and tags (joined by |), brand, image_url, url, created_at, \
            source_version, available, allow_backorder, price:<channel> (minor units in the \
            channel's currency), currency:<channel>, published:<channel>, attr:<name>. \
            Without a title column, rows update stock and prices of existing products. \
            Lines get the API's validation; a line older than the stored source_version is \
            counted stale and not applied. Prices, currencies and listings are checked against \
            the channels of the rules file (--config, else ./affinity.yaml if present, as for \
            serve; without one, the demo channels web EUR, app USD, kiosk GBP). Exit code 2 \
            if any line was rejected. Import into \
            the data directory of a stopped server; a missing one is created (and said so on \
            standard error). On a terminal, a progress bar on standard error shows the share \
            of the file read, the rate and the time left.
            """)

    @Argument(help: "NDJSON or CSV file, or - for standard input.") var file: String
    @Option(help: "Data directory (created if missing).") var dataDir = ".affinity"
    @Option(help: "Rules file whose channels the prices must match (default: ./affinity.yaml if present).")
    var config: String?
    @Flag(help: "Print the summary as JSON.") var json = false
    @Flag(help: "Do not draw a progress bar.") var quiet = false

    func run() async throws {
        var logger = Logger(label: "affinity")
        logger.logLevel = .warning
        // Open the input first: a mistyped file name must not leave a new data directory behind.
        let (rules, rulesPath) = try RulesFile.load(config)
        let reader = try LineReader(path: file)
        let engine = try await Engine(
            options: EngineOptions(dataDirectory: dataDir, seedDemo: false, rules: rules, rulesPath: rulesPath),
            logger: logger)
        engine.announceNewDataDirectory(dataDir)
        try await engine.load()
        let bar = ProgressBar(enabled: !quiet, delay: .milliseconds(500))
        defer { bar.finish() }
        let summary = try await CatalogImporter(engine: engine).run(reader) { bar.update($0, unit: "lines") }
        bar.finish()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            print(String(decoding: try encoder.encode(summary), as: UTF8.self))
        } else {
            print(
                "\(summary.lines) lines: \(summary.applied) applied, \(summary.stale) stale (older source_version, "
                    + "not applied), \(summary.rejected) rejected in \(String(format: "%.2f", summary.seconds)) s")
            for stale in summary.staleLines {
                let stored = stale.storedVersion.map { " (stored version \($0))" } ?? ""
                print("  line \(stale.line) (\(stale.id)): stale, not applied\(stored)")
            }
            if summary.stale > summary.staleLines.count {
                print("  … and \(summary.stale - summary.staleLines.count) more stale lines")
            }
            for error in summary.errors {
                print(
                    "  line \(error.line)\(error.id.map { " (\($0))" } ?? ""): " + (error.field.map { "\($0): " } ?? "")
                        + error.message)
            }
            if summary.rejected > summary.errors.count {
                print("  … and \(summary.rejected - summary.errors.count) more rejected lines")
            }
        }
        if summary.rejected > 0 { throw ExitCode(2) }
    }
}
