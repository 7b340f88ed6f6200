import AffinityStore
import Synchronization

/// Records the lists the engine serves, off the request path: a request only appends to
/// a buffer; a background task writes the buffer to the store every few milliseconds.
/// A crash can lose the last unflushed lists (they are analytics, not acknowledged
/// writes); events are never lost. ``flush()`` writes what is buffered (reports and
/// graceful shutdown call it).
final class ServedListLog: Sendable {
    private struct Pending {
        var lists: [ServedListRecord] = []
        var scheduled = false
    }

    private let store: any ServedListStore
    private let pending = Mutex(Pending())
    /// Serialises writers so that a flush returns only after every earlier list is stored.
    private let writing = AsyncLock()
    private let delay: Duration
    private let onError: @Sendable (any Error) -> Void

    init(
        store: any ServedListStore, delay: Duration = .milliseconds(20),
        onError: @escaping @Sendable (any Error) -> Void
    ) {
        self.store = store
        self.delay = delay
        self.onError = onError
    }

    func record(_ list: ServedListRecord) {
        let schedule = pending.withLock { pending in
            pending.lists.append(list)
            if pending.scheduled { return false }
            pending.scheduled = true
            return true
        }
        guard schedule else { return }
        Task.detached { [delay] in  // shared work: no request's task-locals
            try? await Task.sleep(for: delay)
            await self.flush()
        }
    }

    /// Writes everything buffered now and waits until it (and any write already under
    /// way) is stored.
    func flush() async {
        await writing.run {
            let lists = pending.withLock { pending -> [ServedListRecord] in
                let lists = pending.lists
                pending.lists.removeAll(keepingCapacity: true)
                pending.scheduled = false
                return lists
            }
            guard !lists.isEmpty else { return }
            do {
                try await store.saveServedLists(lists)
            } catch {
                onError(error)
            }
        }
    }
}
