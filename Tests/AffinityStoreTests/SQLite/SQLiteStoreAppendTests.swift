import AffinityStore
import Testing

@Suite("SQLiteStore append outcomes")
struct SQLiteStoreAppendTests {
    @Test("new ids are accepted with increasing sequences; a resend is a duplicate")
    func acceptedThenDuplicate() throws {
        try withStore { store, _ throws in
            let first = try store.append([AppendBatch(records: [makeRecord("e1"), makeRecord("e2")], atomic: false)])
            #expect(first == [[.accepted(sequence: 1), .accepted(sequence: 2)]])
            let again = try store.append([AppendBatch(records: [makeRecord("e1"), makeRecord("e2")], atomic: false)])
            #expect(again == [[.duplicate, .duplicate]])
            #expect(try store.statistics().events == 2)
        }
    }

    @Test("the same id with a different payload is a conflict and the stored payload is unchanged")
    func conflict() throws {
        try withStore { store, _ throws in
            _ = try store.append([AppendBatch(records: [makeRecord("e1", payload: "{\"a\":1}")], atomic: false)])
            let outcome = try store.append([
                AppendBatch(records: [makeRecord("e1", payload: "{\"a\":2}")], atomic: false)
            ])
            #expect(outcome == [[.conflict]])
            #expect(try store.payload(ofEvent: "e1") == "{\"a\":1}")
            #expect(try store.payload(ofEvent: "nope") == nil)
        }
    }

    @Test("same id and hash but a different payload is still a conflict (payloads compared in full)")
    func hashCollisionIsConflict() throws {
        try withStore { store, _ throws in
            var a = makeRecord("e1", payload: "{\"a\":1}")
            a.payloadHash = 42
            var b = makeRecord("e1", payload: "{\"a\":2}")
            b.payloadHash = 42
            _ = try store.append([AppendBatch(records: [a], atomic: false)])
            #expect(try store.append([AppendBatch(records: [b], atomic: false)]) == [[.conflict]])
        }
    }

    @Test("a conflict rolls back every record of its atomic batch, but not the other batches of the call")
    func atomicRollback() throws {
        try withStore { store, _ throws in
            _ = try store.append([AppendBatch(records: [makeRecord("x", payload: "{\"v\":1}")], atomic: false)])
            let outcomes = try store.append([
                AppendBatch(records: [makeRecord("a1"), makeRecord("a2")], atomic: true),
                AppendBatch(
                    records: [makeRecord("b1"), makeRecord("x", payload: "{\"v\":2}"), makeRecord("b2")], atomic: true),
                AppendBatch(records: [makeRecord("c1"), makeRecord("x", payload: "{\"v\":3}")], atomic: false),
            ])
            #expect(outcomes.count == 3)
            #expect(outcomes[0] == [.accepted(sequence: 2), .accepted(sequence: 3)])
            #expect(outcomes[1] == [.rolledBack, .conflict, .rolledBack])
            // A non-atomic batch keeps what it can.
            #expect(outcomes[2].count == 2)
            #expect(outcomes[2][1] == .conflict)
            guard case .accepted = outcomes[2][0] else {
                Issue.record("c1 should be accepted, got \(outcomes[2][0])")
                return
            }
            let ids = try replayAll(store).map(\.eventID)
            #expect(ids == ["x", "a1", "a2", "c1"])
            #expect(try store.payload(ofEvent: "b1") == nil)
            #expect(try store.payload(ofEvent: "b2") == nil)
        }
    }

    @Test("sequences keep increasing after a rolled-back batch, and outcomes name the stored sequence")
    func sequencesAfterRollback() throws {
        try withStore { store, _ throws in
            _ = try store.append([AppendBatch(records: [makeRecord("x", payload: "{\"v\":1}")], atomic: false)])
            _ = try store.append([
                AppendBatch(records: [makeRecord("r1"), makeRecord("x", payload: "{\"v\":2}")], atomic: true)
            ])
            let next = try store.append([AppendBatch(records: [makeRecord("n1")], atomic: true)])
            guard case .accepted(let sequence) = next[0][0] else {
                Issue.record("n1 should be accepted, got \(next)")
                return
            }
            let replayed = try replayAll(store)
            #expect(replayed.map(\.eventID) == ["x", "n1"])
            #expect(replayed.map(\.sequence) == [1, sequence])
            #expect(sequence > 1)
        }
    }

    @Test("within one batch a repeated id is a duplicate (same payload) or a conflict (different payload)")
    func withinBatch() throws {
        try withStore { store, _ throws in
            let plain = try store.append([
                AppendBatch(
                    records: [
                        makeRecord("d"), makeRecord("d"), makeRecord("k", payload: "1"), makeRecord("k", payload: "2"),
                    ],
                    atomic: false)
            ])
            // Sequences increase but need not be dense: SQLite's AUTOINCREMENT spends a
            // value on an `ON CONFLICT DO NOTHING` insert.
            #expect(plain.count == 1 && plain[0].count == 4)
            #expect(plain[0][0] == .accepted(sequence: 1))
            #expect(plain[0][1] == .duplicate)
            #expect(plain[0][3] == .conflict)
            guard case .accepted(let kSequence) = plain[0][2] else {
                Issue.record("k should be accepted: \(plain)")
                return
            }
            #expect(kSequence > 1)

            let atomic = try store.append([
                AppendBatch(records: [makeRecord("z"), makeRecord("z")], atomic: true)
            ])
            #expect(atomic[0].count == 2)
            #expect(atomic[0][1] == .duplicate)
            guard case .accepted(let zSequence) = atomic[0][0] else {
                Issue.record("z should be accepted: \(atomic)")
                return
            }
            #expect(zSequence > kSequence)

            let atomicConflict = try store.append([
                AppendBatch(records: [makeRecord("q", payload: "1"), makeRecord("q", payload: "2")], atomic: true)
            ])
            #expect(atomicConflict == [[.rolledBack, .conflict]])
            #expect(try store.payload(ofEvent: "q") == nil)
            #expect(try store.statistics().events == 3)
        }
    }

    @Test("an empty call and an empty batch are fine")
    func empty() throws {
        try withStore { store, _ throws in
            #expect(try store.append([]) == [])
            #expect(try store.append([AppendBatch(records: [], atomic: true)]) == [[]])
            #expect(try store.statistics().events == 0)
        }
    }
}
