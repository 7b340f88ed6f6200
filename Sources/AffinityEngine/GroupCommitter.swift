import AffinityStore
import Dispatch
import Synchronization

/// Group commit: concurrent requests hand their batches here; one writer thread takes
/// everything that is waiting, commits it in a single transaction (one fsync), applies
/// the accepted events to the in-memory state in commit order, and only then answers
/// each request. Durability then costs one fsync per group, not per event.
final class GroupCommitter: Sendable {
    private struct Waiting {
        var batch: AppendBatch
        var continuation: CheckedContinuation<[AppendOutcome], any Error>
    }

    private struct State {
        var waiting: [Waiting] = []
        var draining = false
    }

    private let store: any EventStore
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "affinity.group-commit")
    /// Called on the writer thread with each committed group's accepted records, in log
    /// order, before any of its requests is answered.
    private let onCommit: @Sendable ([EventRecord]) -> Void

    init(store: any EventStore, onCommit: @escaping @Sendable ([EventRecord]) -> Void) {
        self.store = store
        self.onCommit = onCommit
    }

    /// Commits `batch` (together with whatever else is waiting) and returns its outcomes.
    func commit(_ batch: AppendBatch) async throws -> [AppendOutcome] {
        if batch.records.isEmpty { return [] }
        return try await withCheckedThrowingContinuation { continuation in
            let startDrain = state.withLock { state in
                state.waiting.append(Waiting(batch: batch, continuation: continuation))
                if state.draining { return false }
                state.draining = true
                return true
            }
            if startDrain { queue.async { self.drain() } }
        }
    }

    /// Synchronous form for callers that already run off the cooperative pool (the CLI
    /// importer): commits on the caller's thread, sharing nothing.
    /// With `apply: false` the in-memory state is not touched (an offline import: the
    /// server rebuilds it from the log when it starts).
    func commitNow(_ batches: [AppendBatch], apply: Bool = true) throws -> [[AppendOutcome]] {
        try queue.sync {
            let outcomes = try store.append(batches)
            if apply { onCommit(Self.accepted(batches, outcomes)) }
            return outcomes
        }
    }

    private func drain() {
        while true {
            let group = state.withLock { state -> [Waiting] in
                let group = state.waiting
                state.waiting.removeAll(keepingCapacity: true)
                if group.isEmpty { state.draining = false }
                return group
            }
            if group.isEmpty { return }
            do {
                let batches = group.map(\.batch)
                let outcomes = try store.append(batches)
                onCommit(Self.accepted(batches, outcomes))
                for (waiting, result) in zip(group, outcomes) { waiting.continuation.resume(returning: result) }
            } catch {
                for waiting in group { waiting.continuation.resume(throwing: error) }
            }
        }
    }

    private static func accepted(_ batches: [AppendBatch], _ outcomes: [[AppendOutcome]]) -> [EventRecord] {
        var records: [EventRecord] = []
        for (batch, results) in zip(batches, outcomes) {
            for (record, outcome) in zip(batch.records, results) {
                if case .accepted(let sequence) = outcome {
                    var committed = record
                    committed.sequence = sequence
                    records.append(committed)
                }
            }
        }
        return records
    }
}
