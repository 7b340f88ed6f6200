import AffinityStore
import Dispatch
import Synchronization

/// Group commit: concurrent requests hand their batches here; one writer thread takes
/// everything that is waiting, commits it in a single transaction (one fsync), applies
/// the accepted events to the in-memory state in commit order, and only then answers
/// each request. Durability then costs one fsync per group, not per event.
///
/// Other writes that log events (cart changes, checkouts) run as jobs on the same
/// thread, so the in-memory state always sees events in log order.
final class GroupCommitter: Sendable {
    private enum Work {
        case append(AppendBatch, CheckedContinuation<[AppendOutcome], any Error>)
        /// Runs its own transaction and returns the events to apply and how to answer
        /// (called after they are applied).
        case job(@Sendable () -> (events: [EventRecord], answer: () -> Void))
    }

    private struct State {
        var waiting: [Work] = []
        var draining = false
    }

    private let store: any EventStore
    private let state = Mutex(State())
    private let queue = DispatchQueue(label: "affinity.group-commit")
    /// Called on the writer thread with each commit's accepted records, in log order,
    /// before any of its requests is answered.
    private let onCommit: @Sendable ([EventRecord]) -> Void

    init(store: any EventStore, onCommit: @escaping @Sendable ([EventRecord]) -> Void) {
        self.store = store
        self.onCommit = onCommit
    }

    /// Commits `batch` (together with whatever else is waiting) and returns its outcomes.
    func commit(_ batch: AppendBatch) async throws -> [AppendOutcome] {
        if batch.records.isEmpty { return [] }
        return try await withCheckedThrowingContinuation { continuation in
            enqueue(.append(batch, continuation))
        }
    }

    /// Runs `body` (one store transaction that may log events) on the writer thread and
    /// applies the events it committed before returning its result.
    func perform<T: Sendable>(_ body: @escaping @Sendable () throws -> (T, [EventRecord])) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            enqueue(
                .job {
                    do {
                        let (value, events) = try body()
                        return (events, { continuation.resume(returning: value) })
                    } catch {
                        return ([], { continuation.resume(throwing: error) })
                    }
                })
        }
    }

    /// Synchronous form for callers that already run off the cooperative pool (the CLI
    /// importer, demo seeding). With `apply: false` the in-memory state is not touched
    /// (an offline import: the server rebuilds it from the log when it starts).
    func commitNow(_ batches: [AppendBatch], apply: Bool = true) throws -> [[AppendOutcome]] {
        try queue.sync {
            let outcomes = try store.append(batches)
            if apply { onCommit(Self.accepted(batches, outcomes)) }
            return outcomes
        }
    }

    private func enqueue(_ work: Work) {
        let startDrain = state.withLock { state in
            state.waiting.append(work)
            if state.draining { return false }
            state.draining = true
            return true
        }
        if startDrain { queue.async { self.drain() } }
    }

    private func drain() {
        while true {
            let waiting = state.withLock { state -> [Work] in
                let waiting = state.waiting
                state.waiting.removeAll(keepingCapacity: true)
                if waiting.isEmpty { state.draining = false }
                return waiting
            }
            if waiting.isEmpty { return }
            var group: [(AppendBatch, CheckedContinuation<[AppendOutcome], any Error>)] = []
            for work in waiting {
                switch work {
                case .append(let batch, let continuation): group.append((batch, continuation))
                case .job(let job):
                    flush(group)
                    group.removeAll()
                    let (events, answer) = job()
                    onCommit(events)
                    answer()
                }
            }
            flush(group)
        }
    }

    private func flush(_ group: [(AppendBatch, CheckedContinuation<[AppendOutcome], any Error>)]) {
        guard !group.isEmpty else { return }
        do {
            let batches = group.map(\.0)
            let outcomes = try store.append(batches)
            onCommit(Self.accepted(batches, outcomes))
            for ((_, continuation), result) in zip(group, outcomes) { continuation.resume(returning: result) }
        } catch {
            for (_, continuation) in group { continuation.resume(throwing: error) }
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
