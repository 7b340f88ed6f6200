package import AffinityEngine
package import Hummingbird

/// Per-request context: Hummingbird's core storage plus the scope of the caller's key,
/// set by ``AuthMiddleware``.
package struct AffinityRequestContext: RequestContext {
    package var coreContext: CoreRequestContextStorage
    package var scope: KeyScope?

    package init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        scope = nil
    }

    /// JSON bodies (`POST /v1/events`) are capped at 1 MiB, enforced while reading.
    package var maxUploadSize: Int { 1 << 20 }
}
