import AffinityEngine
import Hummingbird

/// Per-request context: Hummingbird's core storage plus the scope of the caller's key,
/// set by ``AuthMiddleware``.
public struct AffinityRequestContext: RequestContext {
    public var coreContext: CoreRequestContextStorage
    public var scope: KeyScope?

    public init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        scope = nil
    }

    /// JSON bodies (`POST /v1/events`) are capped at 1 MiB, enforced while reading.
    public var maxUploadSize: Int { 1 << 20 }
}
