import AffinityStore
import Dispatch
import Synchronization

/// Records the lists the engine serves, off the request path: a request only appends to
/// a buffer; a background queue writes the buffer to the store every few milliseconds.
/// A crash can lose the last unflushed lists (they are analytics, not acknowledged
/// writes); events are never lost.
final class ServedListLog: Sendable {
    private let store: SQLiteStore
    private let pending = Mutex<(lists: [ServedListRecord], scheduled: Bool)>(([], false))
    private let queue = DispatchQueue(label: "affinity.served-lists")
    private let onError: @Sendable (any Error) -> Void

    init(store: SQLiteStore, onError: @escaping @Sendable (any Error) -> Void) {
        self.store = store
        self.onError = onError
    }

    func record(_ list: ServedListRecord) {
        let schedule = pending.withLock { pending in
            pending.lists.append(list)
            if pending.scheduled { return false }
            pending.scheduled = true
            return true
        }
        if schedule { queue.asyncAfter(deadline: .now() + .milliseconds(20)) { self.drain() } }
    }

    /// Writes everything buffered now and waits for it (tests, reports and shutdown).
    func flush() {
        queue.sync { drain() }
    }

    private func drain() {
        let lists = pending.withLock { pending -> [ServedListRecord] in
            let lists = pending.lists
            pending.lists.removeAll(keepingCapacity: true)
            pending.scheduled = false
            return lists
        }
        do {
            try store.saveServedLists(lists)
        } catch {
            onError(error)
        }
    }
}
