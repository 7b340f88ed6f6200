import AffinityEngine
import Logging

extension Engine {
    /// The engine of an existing data directory, loaded (newest snapshot plus later
    /// events), for the commands that read one without serving it (`recommend`,
    /// `export`). Logs only warnings: these commands print their results.
    static func offline(dataDirectory: String, rules: RulesConfig?, rulesPath: String?, model: String?)
        async throws -> Engine
    {
        var logger = Logger(label: "affinity")
        logger.logLevel = .warning
        let engine = try await Engine(
            options: EngineOptions(
                dataDirectory: dataDirectory, model: try ModelConfigFile.resolve(model), rules: rules,
                rulesPath: rulesPath, createDataDirectory: false),
            logger: logger)
        try await engine.load()
        return engine
    }
}
