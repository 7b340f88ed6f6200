import AffinityEngine
import Hummingbird

/// Unauthenticated probes: `live` answers while the process runs and names the release
/// (`AffinityVersion.current`); `ready` only once the store is open and the in-memory state
/// is loaded (503 before).
struct HealthRoutes {
    let engine: Engine

    func register(on router: Router<AffinityRequestContext>) {
        router.get("health/live") { _, _ in
            try jsonResponse(["status": "live", "version": AffinityVersion.current])
        }
        router.get("health/ready") { _, _ in
            engine.isReady
                ? try jsonResponse(["status": "ready"])
                : try jsonResponse(["status": "loading"], status: .serviceUnavailable)
        }
    }
}
