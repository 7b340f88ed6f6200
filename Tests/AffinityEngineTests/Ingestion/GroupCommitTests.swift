import AffinityStore
import Foundation
import Synchronization
import Testing

@testable import AffinityEngine

/// An in-memory store that records how it was called and can be made slow or failing.
private final class RecordingStore: EventLog {
    struct State {
        var calls: [[Int]] = []  // batch sizes per append call
        var ids: [String: Int64] = [:]
        var next: Int64 = 1
        var fail = false
    }
    let state = Mutex(State())
    let delay: TimeInterval

    init(delay: TimeInterval = 0) { self.delay = delay }

    func append(_ batches: [AppendBatch]) async throws -> [[AppendOutcome]] {
        if delay > 0 { try await Task.sleep(for: .seconds(delay)) }
        return try state.withLock { state in
            if state.fail { throw StoreError.corrupt("injected failure") }
            state.calls.append(batches.map(\.records.count))
            return batches.map { batch in
                batch.records.map { record in
                    if state.ids[record.eventID] != nil { return .duplicate }
                    let sequence = state.next
                    state.next += 1
                    state.ids[record.eventID] = sequence
                    return .accepted(sequence: sequence)
                }
            }
        }
    }

    func events(after sequence: Int64, limit: Int) async throws -> [EventRecord] { [] }
    func payload(ofEvent eventID: String) async throws -> String? { nil }
    func attributions(experiment: String, after id: Int64, limit: Int) async throws -> [AttributionRow] { [] }
    func eventCount() async throws -> Int { 0 }

    func statistics() async throws -> StoreStatistics {
        StoreStatistics(events: 0, users: 0, anonymousIDs: 0, products: 0, lastSequence: 0, eventsByType: [:])
    }
}

/// A lock-protected value that closures can share.
private final class Locked<Value: Sendable>: Sendable {
    private let mutex: Mutex<Value>
    init(_ value: Value) { mutex = Mutex(value) }
    func withLock<R>(_ body: (inout Value) -> R) -> R { mutex.withLock { body(&$0) } }
}

private func record(_ id: String) -> EventRecord {
    EventRecord(
        eventID: id, type: "product_view", occurredAt: 0, channel: nil, userID: "u", anonymousID: nil,
        sessionID: nil, productIDs: ["P"], personalization: true, payload: id, payloadHash: 0)
}

@Suite("Group commit")
struct GroupCommitTests {
    @Test(
        "concurrent commits share append calls, and every record is applied once, in sequence order, before its answer")
    func grouping() async throws {
        let store = RecordingStore(delay: 0.005)
        let applied = Locked<[Int64]>([])
        let committer = GroupCommitter(store: store) { records in
            applied.withLock { $0 += records.map(\.sequence) }
        }
        let count = 100
        try await withThrowingTaskGroup(of: Void.self) { group in
            for index in 0..<count {
                group.addTask {
                    let outcomes = try await committer.commit(AppendBatch(records: [record("e\(index)")], atomic: true))
                    guard case .accepted(let sequence) = outcomes.first else {
                        Issue.record("e\(index) not accepted: \(outcomes)")
                        return
                    }
                    // Applied before the request is answered.
                    #expect(applied.withLock { $0.contains(sequence) })
                }
            }
            try await group.waitForAll()
        }
        let calls = store.state.withLock { $0.calls }
        #expect(calls.flatMap { $0 }.count == count)
        #expect(calls.count < count, "no grouping happened: \(calls.count) append calls")
        #expect(applied.withLock { $0 } == Array(1...Int64(count)))
    }

    @Test("only accepted records are applied, with their sequences")
    func appliesAcceptedOnly() async throws {
        let store = RecordingStore()
        let applied = Locked<[EventRecord]>([])
        let committer = GroupCommitter(store: store) { records in applied.withLock { $0 += records } }
        _ = try await committer.commit(AppendBatch(records: [record("a"), record("b")], atomic: false))
        let outcomes = try await committer.commit(AppendBatch(records: [record("a"), record("c")], atomic: false))
        #expect(outcomes == [.duplicate, .accepted(sequence: 3)])
        #expect(applied.withLock { $0.map(\.eventID) } == ["a", "b", "c"])
        #expect(applied.withLock { $0.map(\.sequence) } == [1, 2, 3])
        #expect(try await committer.commit(AppendBatch(records: [], atomic: true)) == [])
    }

    @Test("a store failure fails the waiting requests, and the committer keeps working afterwards")
    func failure() async throws {
        let store = RecordingStore()
        let committer = GroupCommitter(store: store) { _ in }
        store.state.withLock { $0.fail = true }
        await #expect(throws: StoreError.self) {
            _ = try await committer.commit(AppendBatch(records: [record("x")], atomic: true))
        }
        store.state.withLock { $0.fail = false }
        let outcomes = try await committer.commit(AppendBatch(records: [record("x")], atomic: true))
        #expect(outcomes == [.accepted(sequence: 1)])
    }

    @Test("commitNow without apply leaves the in-memory state alone")
    func commitNowNoApply() async throws {
        let store = RecordingStore()
        let applied = Locked(0)
        let committer = GroupCommitter(store: store) { records in applied.withLock { $0 += records.count } }
        let outcomes = try await committer.commitNow([AppendBatch(records: [record("a")], atomic: false)], apply: false)
        #expect(outcomes == [[.accepted(sequence: 1)]])
        #expect(applied.withLock { $0 } == 0)
        _ = try await committer.commitNow([AppendBatch(records: [record("b")], atomic: false)])
        #expect(applied.withLock { $0 } == 1)
    }
}
