import Logging
import ServiceLifecycle

/// Keys added or revoked outside this process (`affinity keys` on the same data
/// directory) take effect here within a poll: the store's keys version is read every
/// `interval` (a one-row query) and the ring replaced when it moved.
package struct KeysWatchService: Service {
    let engine: Engine
    let interval: Duration

    package init(engine: Engine, interval: Duration = .milliseconds(250)) {
        self.engine = engine
        self.interval = interval
    }

    package func run() async throws {
        await cancelWhenGracefulShutdown {
            while !Task.isCancelled {
                do {
                    try await engine.refreshKeys()
                } catch {
                    engine.logger.error("could not re-read the API keys", metadata: ["error": "\(error)"])
                }
                try? await Task.sleep(for: interval)
            }
        }
    }
}
