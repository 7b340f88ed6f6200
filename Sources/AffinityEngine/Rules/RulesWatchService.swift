import Logging
import ServiceLifecycle
import UnixSignals

/// Hot reload of the rules file as a service: polls the file (see
/// ``Engine/runRulesWatch(interval:)``) and reloads on SIGHUP, until graceful shutdown.
/// Without a rules file a SIGHUP only logs that there is nothing to reload (it never
/// terminates the server).
package struct RulesWatchService: Service {
    let engine: Engine
    let interval: Duration

    package init(engine: Engine, interval: Duration = .seconds(2)) {
        self.engine = engine
        self.interval = interval
    }

    package func run() async throws {
        let hangups = await UnixSignalsSequence(trapping: .sighup)
        await cancelWhenGracefulShutdown {
            await withTaskGroup(of: Void.self) { group in
                group.addTask { await engine.runRulesWatch(interval: interval) }
                group.addTask {
                    for await _ in hangups {
                        engine.logger.info("SIGHUP: reloading the rules file")
                        engine.reloadRules()
                    }
                }
                await group.waitForAll()
            }
        }
    }
}
