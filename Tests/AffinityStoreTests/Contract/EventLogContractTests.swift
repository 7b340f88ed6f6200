import AffinityStore
import Testing

/// The event log rules every backend keeps: idempotent appends, conflicts, atomic
/// batches, sequences, replay and statistics. Sequence values are compared with what the
/// store itself reports (outcomes, `events(after:limit:)`), never with literal numbers:
/// the protocol promises strictly increasing sequences, not dense ones.
@Suite("EventLog contract")
struct EventLogContractTests {
    @Test("new ids are accepted with increasing sequences; a resend is a duplicate", arguments: StoreFactory.all)
    func acceptedThenDuplicate(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            let records = [makeRecord("e1"), makeRecord("e2")]
            let first = try await store.append([AppendBatch(records: records, atomic: false)])
            #expect(first.count == 1)
            let sequences = try acceptedSequences(try #require(first.first))
            #expect(sequences.count == 2)
            #expect(strictlyIncreasing(sequences))

            #expect(
                try await store.append([AppendBatch(records: records, atomic: false)]) == [[.duplicate, .duplicate]])
            #expect(
                try await store.append([AppendBatch(records: records, atomic: true)]) == [[.duplicate, .duplicate]])
            #expect(try await store.eventCount() == 2)
            let stored = try await store.events(after: 0, limit: 100)
            #expect(stored.map(\.indexed) == zip(records, sequences).map { $0.at($1).indexed })
            #expect(try await store.payload(ofEvent: "e1") == records[0].payload)
        }
    }

    @Test(
        "the same id with a different payload is a conflict and the stored payload is unchanged",
        arguments: StoreFactory.all)
    func conflict(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            let original = makeRecord("e1", type: "product_view", payload: "{\"a\":1}")
            _ = try acceptedSequences(try await store.append([AppendBatch(records: [original], atomic: false)])[0])
            let changed = makeRecord("e1", type: "purchase", payload: "{\"a\":2}")
            #expect(try await store.append([AppendBatch(records: [changed], atomic: false)]) == [[.conflict]])
            #expect(try await store.append([AppendBatch(records: [changed], atomic: true)]) == [[.conflict]])
            #expect(try await store.payload(ofEvent: "e1") == "{\"a\":1}")
            #expect(try await store.payload(ofEvent: "nope") == nil)
            #expect(try await store.events(after: 0, limit: 10).map(\.type) == ["product_view"])
            #expect(try await store.eventCount() == 1)
        }
    }

    @Test(
        "same id and hash but a different payload is still a conflict (payloads compared in full)",
        arguments: StoreFactory.all)
    func hashCollisionIsConflict(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            var a = makeRecord("e1", payload: "{\"a\":1}")
            a.payloadHash = 42
            var b = makeRecord("e1", payload: "{\"a\":2}")
            b.payloadHash = 42
            #expect(try await store.append([AppendBatch(records: [a], atomic: false)])[0][0].acceptedSequence != nil)
            #expect(try await store.append([AppendBatch(records: [b], atomic: false)]) == [[.conflict]])
            #expect(try await store.payload(ofEvent: "e1") == "{\"a\":1}")
            #expect(try await store.append([AppendBatch(records: [a], atomic: false)]) == [[.duplicate]])
        }
    }

    @Test(
        "a conflict rolls back every record of its atomic batch, but not the other batches of the call",
        arguments: StoreFactory.all)
    func atomicRollback(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            let x = makeRecord("x", payload: "{\"v\":1}")
            let xSequence = try acceptedSequences(try await store.append([AppendBatch(records: [x], atomic: false)])[0])
            let a = [makeRecord("a1"), makeRecord("a2")]
            let c1 = makeRecord("c1")
            let outcomes = try await store.append([
                AppendBatch(records: a, atomic: true),
                AppendBatch(
                    records: [makeRecord("b1"), makeRecord("x", payload: "{\"v\":2}"), makeRecord("b2")], atomic: true),
                AppendBatch(records: [c1, makeRecord("x", payload: "{\"v\":3}")], atomic: false),
            ])
            #expect(outcomes.count == 3)
            let aSequences = try acceptedSequences(outcomes[0])
            #expect(outcomes[1] == [.rolledBack, .conflict, .rolledBack])
            // A non-atomic batch keeps what it can.
            #expect(outcomes[2].count == 2)
            let c1Sequence = try #require(outcomes[2][0].acceptedSequence, "c1 should be accepted: \(outcomes[2])")
            #expect(outcomes[2][1] == .conflict)

            let expected = [x.at(xSequence[0]), a[0].at(aSequences[0]), a[1].at(aSequences[1]), c1.at(c1Sequence)]
            #expect(strictlyIncreasing(expected.map(\.sequence)))
            #expect(try await replayAll(store).map(\.indexed) == expected.map(\.indexed))
            #expect(try await store.payload(ofEvent: "b1") == nil)
            #expect(try await store.payload(ofEvent: "b2") == nil)
            #expect(try await store.payload(ofEvent: "x") == "{\"v\":1}")
            #expect(try await store.eventCount() == 4)
        }
    }

    @Test(
        "sequences keep increasing after a rolled-back batch, and outcomes name the stored sequence",
        arguments: StoreFactory.all)
    func sequencesAfterRollback(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            let x = makeRecord("x", payload: "{\"v\":1}")
            let xSequence = try acceptedSequences(try await store.append([AppendBatch(records: [x], atomic: false)])[0])
            let rolledBack = try await store.append([
                AppendBatch(records: [makeRecord("r1"), makeRecord("x", payload: "{\"v\":2}")], atomic: true)
            ])
            #expect(rolledBack == [[.rolledBack, .conflict]])
            let n1 = makeRecord("n1")
            let next = try acceptedSequences(try await store.append([AppendBatch(records: [n1], atomic: true)])[0])
            #expect(next[0] > xSequence[0])
            #expect(try await replayAll(store).map(\.indexed) == [x.at(xSequence[0]).indexed, n1.at(next[0]).indexed])
            #expect(try await store.statistics().lastSequence == next[0])
            #expect(try await store.payload(ofEvent: "r1") == nil)
        }
    }

    @Test(
        "within one batch a repeated id is a duplicate (same payload) or a conflict (different payload)",
        arguments: StoreFactory.all)
    func withinBatch(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            let plain = try await store.append([
                AppendBatch(
                    records: [
                        makeRecord("d"), makeRecord("d"), makeRecord("k", payload: "1"), makeRecord("k", payload: "2"),
                    ],
                    atomic: false)
            ])
            #expect(plain.count == 1 && plain[0].count == 4)
            let dSequence = try #require(plain[0][0].acceptedSequence, "d should be accepted: \(plain)")
            let kSequence = try #require(plain[0][2].acceptedSequence, "k should be accepted: \(plain)")
            #expect(plain[0][1] == .duplicate)
            #expect(plain[0][3] == .conflict)
            #expect(kSequence > dSequence)
            #expect(try await store.payload(ofEvent: "k") == "1")

            let atomic = try await store.append([
                AppendBatch(records: [makeRecord("z"), makeRecord("z")], atomic: true)
            ])
            #expect(atomic.count == 1 && atomic[0].count == 2)
            let zSequence = try #require(atomic[0][0].acceptedSequence, "z should be accepted: \(atomic)")
            #expect(atomic[0][1] == .duplicate)
            #expect(zSequence > kSequence)

            let atomicConflict = try await store.append([
                AppendBatch(records: [makeRecord("q", payload: "1"), makeRecord("q", payload: "2")], atomic: true)
            ])
            #expect(atomicConflict == [[.rolledBack, .conflict]])
            #expect(try await store.payload(ofEvent: "q") == nil)
            #expect(try await store.events(after: 0, limit: 10).map(\.eventID) == ["d", "k", "z"])
            #expect(try await store.statistics().events == 3)
        }
    }

    @Test("an empty call and an empty batch are fine and store nothing", arguments: StoreFactory.all)
    func empty(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            #expect(try await store.append([]) == [])
            #expect(try await store.append([AppendBatch(records: [], atomic: true)]) == [[]])
            #expect(
                try await store.append([
                    AppendBatch(records: [], atomic: false), AppendBatch(records: [], atomic: true),
                ]) == [[], []])
            #expect(try await store.eventCount() == 0)
            #expect(try await store.events(after: 0, limit: 10) == [])
        }
    }

    @Test(
        "concurrent appends each commit as a unit: every call's records are contiguous in the log",
        arguments: StoreFactory.all)
    func concurrentAppends(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            let calls = 16
            let perCall = 6
            let results = try await withThrowingTaskGroup(of: (Int, [[AppendOutcome]]).self) { group in
                for call in 0..<calls {
                    group.addTask {
                        let records = (0..<perCall).map { makeRecord("c\(call)-e\($0)") }
                        // Two batches per call: atomicity is per call, not per batch.
                        let outcomes = try await store.append([
                            AppendBatch(records: Array(records[..<3]), atomic: call.isMultiple(of: 2)),
                            AppendBatch(records: Array(records[3...]), atomic: true),
                        ])
                        return (call, outcomes)
                    }
                }
                var results: [Int: [[AppendOutcome]]] = [:]
                for try await (call, outcomes) in group { results[call] = outcomes }
                return results
            }
            #expect(results.count == calls)
            let log = try await replayAll(store, chunkSize: 10)
            #expect(log.count == calls * perCall)
            #expect(strictlyIncreasing(log.map(\.sequence)))
            for call in 0..<calls {
                let outcomes = try #require(results[call])
                let sequences = try acceptedSequences(outcomes.flatMap { $0 })
                #expect(strictlyIncreasing(sequences))
                let positions = log.indices.filter { log[$0].eventID.hasPrefix("c\(call)-") }
                #expect(positions.map { log[$0].sequence } == sequences, "call \(call)")
                #expect(positions.map { log[$0].eventID } == (0..<perCall).map { "c\(call)-e\($0)" })
                #expect(positions.last! - positions.first! == perCall - 1, "call \(call) interleaved: \(positions)")
            }
        }
    }

    @Test(
        "replay returns every record in log order, in chunks, with its indexed columns intact",
        arguments: StoreFactory.all)
    func replayOrderAndChunks(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            var written: [EventRecord] = []
            for index in 0..<25 {
                var record = makeRecord(
                    "e\(index)", type: index % 5 == 0 ? "purchase" : "product_view", at: Int64(1_000 + index),
                    user: index % 2 == 0 ? "u\(index % 3)" : nil, anonymous: index % 3 == 0 ? nil : "a\(index % 4)",
                    products: index % 7 == 0 ? ["P\(index)", "P\(index + 1)", "weird id:with|chars é"] : ["P\(index)"],
                    channel: index % 4 == 0 ? nil : "app", session: index % 6 == 0 ? nil : "s\(index)")
                record.personalization = index % 8 != 3
                written.append(record)
            }
            // A record with no products (a search).
            written.append(makeRecord("s1", type: "search", products: []))
            let outcomes = try await store.append([
                AppendBatch(records: Array(written[0..<10]), atomic: true),
                AppendBatch(records: Array(written[10...]), atomic: false),
            ])
            let sequences = try acceptedSequences(outcomes.flatMap { $0 })
            #expect(strictlyIncreasing(sequences))
            let expected = zip(written, sequences).map { $0.at($1).indexed }

            var chunks: [Int] = []
            var replayed: [EventRecord] = []
            try await store.replay(after: 0, chunkSize: 7) { chunk in
                chunks.append(chunk.count)
                replayed += chunk
            }
            #expect(chunks == [7, 7, 7, 5])
            #expect(replayed.map(\.indexed) == expected)

            // A chunk size that divides the log exactly ends without an empty chunk.
            chunks = []
            try await store.replay(after: 0, chunkSize: 13) { chunks.append($0.count) }
            #expect(chunks == [13, 13])
        }
    }

    @Test("replay starts after the given sequence, and calls nothing past the end", arguments: StoreFactory.all)
    func replayAfter(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            var calls = 0
            try await store.replay(after: 0, chunkSize: 100) { _ in calls += 1 }
            #expect(calls == 0)

            let outcomes = try await store.append([
                AppendBatch(records: (1...5).map { makeRecord("e\($0)") }, atomic: false)
            ])
            let sequences = try acceptedSequences(outcomes[0])
            var ids: [String] = []
            try await store.replay(after: sequences[2], chunkSize: 100) { ids += $0.map(\.eventID) }
            #expect(ids == ["e4", "e5"])
            try await store.replay(after: sequences[4], chunkSize: 100) { _ in calls += 1 }
            #expect(calls == 0)
        }
    }

    @Test("events(after:limit:) pages through the log in order", arguments: StoreFactory.all)
    func eventsAfterLimit(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            let records = (1...9).map { makeRecord("e\($0)", at: Int64(10 - $0)) }
            let sequences = try acceptedSequences(
                try await store.append([AppendBatch(records: records, atomic: true)])[0])
            let all = zip(records, sequences).map { $0.at($1).indexed }

            #expect(try await store.events(after: 0, limit: 100).map(\.indexed) == all)
            #expect(try await store.events(after: 0, limit: 4).map(\.indexed) == Array(all[0..<4]))
            #expect(try await store.events(after: sequences[3], limit: 4).map(\.indexed) == Array(all[4..<8]))
            #expect(try await store.events(after: sequences[7], limit: 4).map(\.indexed) == [all[8]])
            #expect(try await store.events(after: sequences[8], limit: 4) == [])
            // The cursor is a sequence, not an offset: a position between two sequences works.
            #expect(try await store.events(after: sequences[1], limit: 1).map(\.eventID) == ["e3"])
        }
    }

    @Test("personalization false survives the round trip", arguments: StoreFactory.all)
    func personalizationFlag(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            var off = makeRecord("p-off")
            off.personalization = false
            let on = makeRecord("p-on")
            _ = try await store.append([AppendBatch(records: [off, on], atomic: true)])
            #expect(try await replayAll(store).map(\.personalization) == [false, true])
        }
    }

    @Test(
        "statistics count events, distinct users and anonymous ids, live products, types and the last sequence",
        arguments: StoreFactory.all)
    func statistics(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            #expect(
                try await store.statistics()
                    == StoreStatistics(
                        events: 0, users: 0, anonymousIDs: 0, products: 0, lastSequence: 0, eventsByType: [:]))
            #expect(try await store.eventCount() == 0)
            let outcomes = try await store.append([
                AppendBatch(
                    records: [
                        makeRecord("1", type: "product_view", user: "u1", anonymous: "a1"),
                        makeRecord("2", type: "product_view", user: "u1", anonymous: nil),
                        makeRecord("3", type: "purchase", user: "u2", anonymous: "a2"),
                        makeRecord("4", type: "search", user: nil, anonymous: "a3", products: []),
                        makeRecord("5", type: "search", user: nil, anonymous: "a3", products: []),
                    ], atomic: true)
            ])
            let last = try #require(try acceptedSequences(outcomes[0]).last)
            // Neither a rolled-back batch nor a conflict counts.
            _ = try await store.append([
                AppendBatch(records: [makeRecord("6", user: "u9"), makeRecord("1", payload: "{}")], atomic: true)
            ])
            #expect(
                try await store.upsertProducts([
                    makeProduct("P1", "{}", version: 1, available: 1), makeProduct("P2", "{}", version: nil),
                    makeProduct("P3", "{}", version: nil),
                ]) == [.applied, .applied, .applied])
            #expect(try await store.deleteProduct("P3", sourceVersion: nil, at: 5) == .applied)
            #expect(
                try await store.statistics()
                    == StoreStatistics(
                        events: 5, users: 2, anonymousIDs: 3, products: 2, lastSequence: last,
                        eventsByType: ["product_view": 2, "purchase": 1, "search": 2]))
            #expect(try await store.eventCount() == 5)
        }
    }

    @Test(
        "attribution rows of an experiment's lists come back in log order, paged, with their lines",
        arguments: StoreFactory.all)
    func attributionRows(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            try await store.saveServedLists([
                ServedListRecord(
                    recommendationID: "r1", placement: "home", experiment: "exp", variant: "A", shopper: nil,
                    channel: "web", productIDs: ["P1"], servedAt: 100),
                ServedListRecord(
                    recommendationID: "r2", placement: "home", experiment: "exp", variant: "B", shopper: nil,
                    channel: "web", productIDs: ["P2"], servedAt: 100),
                ServedListRecord(
                    recommendationID: "r9", placement: "pdp", experiment: "other", variant: "A", shopper: nil,
                    channel: "web", productIDs: ["P9"], servedAt: 100),
            ])
            func lines(_ record: EventRecord, _ lines: [AttributionLine]) -> EventRecord {
                var copy = record
                copy.attributions = lines
                return copy
            }
            let purchase = [
                AttributionLine(recommendationID: "r1", productID: "P1", quantity: 2, priceMinor: 500, currency: "EUR"),
                AttributionLine(recommendationID: "r2", productID: "P2", quantity: 1, priceMinor: 700, currency: "EUR"),
            ]
            let records = [
                lines(makeRecord("e1", type: "rec_click", at: 110), [AttributionLine(recommendationID: "r1")]),
                lines(makeRecord("e2", type: "purchase", at: 120), purchase),
                lines(makeRecord("e3", type: "purchase", at: 130), [AttributionLine(recommendationID: "r9")]),
                makeRecord("e4", type: "purchase", at: 140),  // echoes no list
                lines(makeRecord("e5", type: "add_to_cart", at: 150), [AttributionLine(recommendationID: "gone")]),
            ]
            let sequences = try acceptedSequences(
                try await store.append([AppendBatch(records: records, atomic: false)])[0])
            // A resent event adds no rows; a rolled-back batch adds none either.
            _ = try await store.append([AppendBatch(records: [records[1]], atomic: false)])
            _ = try await store.append([
                AppendBatch(
                    records: [
                        lines(makeRecord("e6", type: "rec_click"), [AttributionLine(recommendationID: "r2")]),
                        makeRecord("e1", payload: "{}"),
                    ], atomic: true)
            ])

            let rows = try await store.attributions(experiment: "exp", after: 0, limit: 100)
            #expect(rows.map(\.line) == [AttributionLine(recommendationID: "r1")] + purchase)
            #expect(rows.map(\.sequence) == [sequences[0], sequences[1], sequences[1]])
            #expect(rows.map(\.type) == ["rec_click", "purchase", "purchase"])
            #expect(rows.map(\.occurredAt) == [110, 120, 120])
            #expect(rows.map(\.id) == rows.map(\.id).sorted())

            let first = try await store.attributions(experiment: "exp", after: 0, limit: 2)
            #expect(first == Array(rows.prefix(2)))
            #expect(try await store.attributions(experiment: "exp", after: first[1].id, limit: 2) == [rows[2]])
            #expect(try await store.attributions(experiment: "exp", after: rows[2].id, limit: 2) == [])
            #expect(
                try await store.attributions(experiment: "other", after: 0, limit: 10).map(\.line.recommendationID) == [
                    "r9"
                ])
            #expect(try await store.attributions(experiment: "none", after: 0, limit: 10) == [])

            for pageSize in [1, 2, 1_000] {
                var visited: [AttributionRow] = []
                try await store.forEachAttribution(experiment: "exp", pageSize: pageSize) { visited.append($0) }
                #expect(visited == rows, "page size \(pageSize)")
            }
        }
    }
}
