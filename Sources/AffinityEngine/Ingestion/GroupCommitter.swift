import AffinityStore
import Synchronization

/// Group commit: concurrent requests hand their batches here; one drain task takes
/// everything that is waiting, commits it in a single transaction (one fsync), applies
/// the accepted events to the in-memory state in commit order, and only then answers
/// each request. Durability then costs one fsync per group, not per event.
///
/// Other writes that log events (cart changes, checkouts, catalog writes) run as jobs
/// in the same queue, so the in-memory state always sees events in log order. The
/// store's calls are `async`, so waiting for the disk never holds a cooperative thread.
final class GroupCommitter: Sendable {
    private enum Work: Sendable {
        case append(AppendBatch, CheckedContinuation<[AppendOutcome], any Error>)
        /// Runs its own transaction and returns the events to apply and how to answer
        /// (called after they are applied).
        case job(@Sendable () async -> (events: [EventRecord], answer: @Sendable () -> Void))
    }

    private struct State {
        var waiting: [Work] = []
        var draining = false
    }

    private let store: any EventLog
    private let metrics: EngineMetrics
    private let state = Mutex(State())
    /// Called with each commit's accepted records, in log order, before any of its
    /// requests is answered.
    private let onCommit: @Sendable ([EventRecord]) -> Void

    init(
        store: any EventLog, metrics: EngineMetrics = EngineMetrics(),
        onCommit: @escaping @Sendable ([EventRecord]) -> Void
    ) {
        self.store = store
        self.metrics = metrics
        self.onCommit = onCommit
    }

    /// Commits `batch` (together with whatever else is waiting) and returns its outcomes.
    func commit(_ batch: AppendBatch) async throws -> [AppendOutcome] {
        if batch.records.isEmpty { return [] }
        return try await withCheckedThrowingContinuation { continuation in
            enqueue(.append(batch, continuation))
        }
    }

    /// Runs `body` (one store transaction that may log events) in commit order and
    /// applies the events it committed before returning its result.
    func perform<T: Sendable>(_ body: @escaping @Sendable () async throws -> (T, [EventRecord])) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            enqueue(
                .job {
                    do {
                        let (value, events) = try await body()
                        return (events, { continuation.resume(returning: value) })
                    } catch {
                        return ([], { continuation.resume(throwing: error) })
                    }
                })
        }
    }

    /// Commits whole batches as one job (the CLI importer, demo seeding). With
    /// `apply: false` the in-memory state is not touched (an offline import: the server
    /// rebuilds it from the log when it starts).
    func commitNow(_ batches: [AppendBatch], apply: Bool = true) async throws -> [[AppendOutcome]] {
        let store = self.store
        return try await perform { () async throws -> ([[AppendOutcome]], [EventRecord]) in
            let outcomes = try await store.append(batches)
            return (outcomes, apply ? Self.accepted(batches, outcomes) : [])
        }
    }

    private func enqueue(_ work: Work) {
        let startDrain = state.withLock { state in
            state.waiting.append(work)
            if state.draining { return false }
            state.draining = true
            return true
        }
        // Detached: the drain serves every request, so it must not carry the task-locals
        // (the request id in log lines) of whichever request started it.
        if startDrain { Task.detached { await self.drain() } }
    }

    private func drain() async {
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
                    await flush(group)
                    group.removeAll()
                    let (events, answer) = await job()
                    onCommit(events)
                    answer()
                }
            }
            await flush(group)
        }
    }

    private func flush(_ group: [(AppendBatch, CheckedContinuation<[AppendOutcome], any Error>)]) async {
        guard !group.isEmpty else { return }
        do {
            let batches = group.map(\.0)
            let started = ContinuousClock.now
            let outcomes = try await store.append(batches)
            metrics.committed(
                events: batches.reduce(0) { $0 + $1.records.count }, duration: ContinuousClock.now - started)
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
