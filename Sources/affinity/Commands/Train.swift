import AffinityEngine
import ArgumentParser
import Foundation
import Logging

/// `affinity train`: offline training on a data directory's event log.
struct Train: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train the model on the stored events and write a snapshot.",
        discussion: """
            Loads the data directory's state (newest snapshot + later events), trains ALS, \
            and writes a new snapshot to <data-dir>/snapshots (and a copy to --out if \
            given). A server started afterwards loads it and replays only later events. Run \
            it against a stopped server; a running server trains by itself in the \
            background. The data directory must exist: serve and import create one. On a terminal, a run longer than a couple of seconds shows its \
            progress on standard error.
            """)

    @Option(help: "Data directory (must exist).") var dataDir = ".affinity"
    @Option(help: "Model configuration (default: Models/default.yaml if present).") var model: String?
    @Option(help: "Also copy the snapshot here (e.g. Models/).") var out: String?
    @Flag(help: "Do not show progress.") var quiet = false

    func run() async throws {
        var logger = Logger(label: "affinity")
        logger.logLevel = .warning
        let engine = try await Engine(
            options: EngineOptions(
                dataDirectory: dataDir, model: try ModelConfigFile.resolve(model), createDataDirectory: false),
            logger: logger)
        let bar = ProgressBar(enabled: !quiet, delay: .seconds(2))
        defer { bar.finish() }
        bar.update(.step("loading \(dataDir)"))
        try await engine.load()
        guard let report = await engine.train(progress: { bar.update(Self.status($0)) }) else { throw ExitCode(1) }
        bar.update(.step("writing the snapshot"))
        let path = try await engine.writeSnapshot()
        if let out {
            try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
            let target = (out as NSString).appendingPathComponent((path as NSString).lastPathComponent)
            try? FileManager.default.removeItem(atPath: target)
            try FileManager.default.copyItem(atPath: path, toPath: target)
        }
        bar.finish()
        print(
            "trained on \(report.shoppers) shoppers × \(report.items) items up to event \(report.sequence) in "
                + String(format: "%.3f", report.seconds) + " s (\(report.threads) thread(s)), blends tuned in "
                + String(format: "%.3f", report.tuningSeconds) + " s; snapshot \(path)")
    }

    /// A training step as the progress bar shows it.
    static func status(_ step: Engine.TrainingProgress) -> ProgressBar.Status {
        switch step {
        case .tuningBlends:
            return .step("tuning blends")
        case .training(let iteration, let total):
            return ProgressBar.Status(
                phase: "training ALS", completed: iteration, total: total, unit: "iterations", showsRate: false)
        case .indexing:
            return .step("indexing the model")
        }
    }
}
