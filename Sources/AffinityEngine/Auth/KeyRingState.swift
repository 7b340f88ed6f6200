import Synchronization

/// The key ring in force, swapped whole when keys are added or revoked (by this
/// process, or by the CLI on the same data directory: the engine polls the store's keys
/// version), so authentication reads one immutable value.
package final class KeyRingState: Sendable {
    private let current: Mutex<(ring: KeyRing, version: Int64)>

    init(_ ring: KeyRing, version: Int64) { current = Mutex((ring, version)) }

    /// The ring to authenticate with.
    package var ring: KeyRing { current.withLock { $0.ring } }

    var version: Int64 { current.withLock { $0.version } }

    /// Installs `ring` read at `version`, unless a newer one is in already (a slow
    /// reader never puts back a key revoked since).
    func replace(_ ring: KeyRing, version: Int64) {
        current.withLock { if version >= $0.version { $0 = (ring, version) } }
    }
}
