import ArgumentParser
import Foundation
import Logging
import Synchronization

/// `--log-level` and `--log-format`, shared by the commands that log.
struct LogOptions: ParsableArguments {
    enum Format: String, ExpressibleByArgument, CaseIterable {
        /// swift-log's default: one readable line per entry.
        case text
        /// One JSON object per line (``JSONLogHandler``).
        case json
    }

    @Option(
        help: ArgumentHelp(
            "trace, debug, info, notice, warning, error or critical (default: $AFFINITY_LOG_LEVEL, else info).",
            valueName: "level"))
    var logLevel: String?

    @Option(help: "text or json (one JSON object per line on standard error).")
    var logFormat: Format = .text

    func validate() throws {
        if let logLevel, Logger.Level(rawValue: logLevel) == nil {
            throw ValidationError(
                "unknown log level '\(logLevel)'; use one of \(Logger.Level.allCases.map(\.rawValue).joined(separator: ", "))"
            )
        }
    }

    /// The level asked for, else `AFFINITY_LOG_LEVEL`, else info.
    var level: Logger.Level {
        logLevel.flatMap(Logger.Level.init(rawValue:))
            ?? ProcessInfo.processInfo.environment["AFFINITY_LOG_LEVEL"].flatMap(Logger.Level.init(rawValue:)) ?? .info
    }

    /// Bootstraps swift-log for the process (once) and returns the command's logger.
    /// `metadataProvider` adds context to every line (the server: the request id).
    func makeLogger(label: String = "affinity", metadataProvider: Logger.MetadataProvider? = nil) -> Logger {
        let format = logFormat
        LogOptions.bootstrapOnce(format, metadataProvider)
        var logger = Logger(label: label)
        logger.logLevel = level
        return logger
    }

    private static let bootstrapped = Mutex(false)

    private static func bootstrapOnce(_ format: Format, _ provider: Logger.MetadataProvider?) {
        bootstrapped.withLock { done in
            guard !done else { return }
            done = true
            switch format {
            case .text:
                LoggingSystem.bootstrap(
                    { label, provider in StreamLogHandler.standardError(label: label, metadataProvider: provider) },
                    metadataProvider: provider)
            case .json:
                LoggingSystem.bootstrap(
                    { label, provider in JSONLogHandler(label: label, metadataProvider: provider) },
                    metadataProvider: provider)
            }
        }
    }
}
