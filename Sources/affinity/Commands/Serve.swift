import AffinityEngine
import AffinityHTTP
import ArgumentParser
import Foundation
import Hummingbird
import Logging
import ServiceLifecycle
import UnixSignals

/// `affinity serve`: the HTTP API over a data directory.
struct Serve: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Run the HTTP API over a data directory.",
        discussion: """
            Loads the rules file (./affinity.yaml if present; an invalid file stops the \
            start with its errors). A missing data directory is created (and said so on \
            standard error) and, unless --empty, seeded with the demo store. Trains in the \
            background; reloads the rules on change, SIGHUP or POST \
            /v1/admin/config/reload; on SIGTERM or SIGINT drains, writes a snapshot and \
            exits 0.
            """)

    @Option(help: "Data directory (created if missing).") var dataDir = ".affinity"
    @Option(help: "Address to bind.") var host = "127.0.0.1"
    @Option(help: "Port to listen on.") var port = 8080
    @Option(help: "Rules file: channels, placements, experiments (default: ./affinity.yaml if present).")
    var config: String?
    @Option(help: "Model configuration (default: Models/default.yaml if present).") var model: String?
    @Flag(help: "Start a fresh data directory without the demo store.") var empty = false
    @Flag(help: "Do not serve the demo storefront at /demo (it runs only on the seeded demo store).")
    var noDemoUI = false
    @Option(
        name: .customLong("cors-origin"),
        help:
            "A storefront origin (https://shop.example) whose pages may call the API; repeat for more (also $AFFINITY_CORS_ORIGINS, comma-separated)."
    )
    var corsOrigins: [String] = []
    @OptionGroup var log: LogOptions

    func run() async throws {
        let logger = log.makeLogger(metadataProvider: RequestID.metadataProvider)
        let environment = ProcessInfo.processInfo.environment
        let (rules, rulesPath) = try RulesFile.load(config)
        var secrets = rules?.webhookSecrets ?? [:]
        for (source, variable) in ["generic": "GENERIC", "shopify": "SHOPIFY"] {
            if let value = environment["AFFINITY_WEBHOOK_SECRET_" + variable], !value.isEmpty {
                secrets[source] = value
            }
        }
        var options = EngineOptions(
            dataDirectory: dataDir, seedDemo: !empty, model: try ModelConfigFile.resolve(model),
            publicKey: environment["AFFINITY_PUBLIC_KEY"].flatMap { $0.isEmpty ? nil : $0 },
            secretKey: environment["AFFINITY_SECRET_KEY"].flatMap { $0.isEmpty ? nil : $0 },
            webhookSecrets: secrets, rules: rules, rulesPath: rulesPath)
        options.userTokenSecret = environment["AFFINITY_USER_TOKEN_SECRET"].flatMap { $0.isEmpty ? nil : $0 }
        options.feedToken = environment["AFFINITY_FEED_TOKEN"].flatMap { $0.isEmpty ? nil : $0 }
        for source in IntegrationSource.allCases {
            if let value = environment[source.environmentVariable], !value.isEmpty {
                options.integrationSecrets[source.rawValue] = value
            }
        }
        let engine = try await Engine(options: options, logger: logger)
        if engine.createdDataDirectory {
            // Standard error carries only JSON lines in that format.
            if log.logFormat == .json {
                logger.notice("created data directory", metadata: ["path": "\(dataDir)"])
            } else {
                printToStandardError("created data directory \(dataDir)")
            }
        }
        if let keys = engine.generatedKeys {
            print("New API keys for \(dataDir) (shown once; only their hashes are stored):")
            if let key = keys.publicKey { print("  public key: \(key)") }
            if let key = keys.secretKey { print("  secret key: \(key)") }
            if let secret = keys.userTokenSecret {
                print(
                    "  user token secret: \(secret)  (your back end signs user_token with it; stored in the data directory)"
                )
            }
            fflush(nil)
        }
        // Services shut down in reverse order on SIGTERM/SIGINT: the server stops accepting
        // and drains in-flight requests, the rules watcher stops, then the engine flushes
        // served lists and writes a snapshot.
        var origins = Set(corsOrigins)
        for origin in (environment["AFFINITY_CORS_ORIGINS"] ?? "").split(separator: ",") {
            origins.insert(origin.trimmingCharacters(in: .whitespaces))
        }
        origins.remove("")
        for origin in origins where CORSOrigin.normalized(origin) == nil {
            throw ValidationError("--cors-origin: '\(origin)' is not an origin such as https://shop.example")
        }
        let web = WebConfiguration(
            demoUI: !noDemoUI, corsOrigins: origins,
            assets: WebAssets(directory: environment["AFFINITY_WEB_DIR"].flatMap { $0.isEmpty ? nil : $0 }))
        let app = buildApplication(
            engine: engine, configuration: .init(host: host, port: port), web: web, logger: logger)
        let group = ServiceGroup(
            configuration: .init(
                services: [
                    .init(service: EngineService(engine: engine)),
                    .init(service: RulesWatchService(engine: engine)),
                    .init(service: KeysWatchService(engine: engine)),
                    .init(service: app),
                ],
                gracefulShutdownSignals: [.sigterm, .sigint],
                logger: logger))
        // Tools that must not run beside a live server (`affinity users erase`) look for it.
        let pidFile = ServerPIDFile(dataDirectory: dataDir)
        pidFile.write()
        defer { pidFile.remove() }
        try await group.run()
    }
}
