import Logging
import ServiceLifecycle

/// The engine as a swift-service-lifecycle service: loads the state (the HTTP server
/// answers 503 `not_ready` meanwhile), then runs the training loop until graceful
/// shutdown. On shutdown it stops training, writes the buffered served lists and a
/// snapshot of the state, so the next start restores instead of replaying the log.
///
/// Put it first in the service group: services shut down in reverse order, so the HTTP
/// server stops accepting and drains its in-flight requests (whose events are committed
/// before they are answered) before this writes the snapshot.
package struct EngineService: Service {
    let engine: Engine

    package init(engine: Engine) {
        self.engine = engine
    }

    package func run() async throws {
        do {
            try await engine.load()
        } catch {
            engine.logger.critical("cannot load state", metadata: ["error": "\(error)"])
            throw error
        }
        await cancelWhenGracefulShutdown {
            await engine.runTrainingLoop()
        }
        await engine.shutDown()
    }
}

extension Engine {
    /// Makes everything buffered durable before the process exits: served lists, then a
    /// snapshot of the in-memory state when it has moved past the newest snapshot.
    package func shutDown() async {
        await servedLists.flush()
        guard isReady else { return }
        let applied = state.withLock { $0.appliedSequence }
        guard applied > newestSnapshotSequence() else { return }
        do {
            let path = try await writeSnapshot()
            logger.info("shutdown snapshot written", metadata: ["path": "\(path)", "sequence": "\(applied)"])
        } catch {
            logger.error("could not write the shutdown snapshot", metadata: ["error": "\(error)"])
        }
    }
}
