import AffinityStore
import Logging
import Testing

@testable import AffinityEngine

@Suite("Engine ingestion")
struct IngestionTests {
    @Test("an event is accepted, then a resend is a duplicate")
    func acceptedThenDuplicate() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        let first = try await engine.ingest([view("e1")], batched: false)
        #expect(first.accepted == 1)
        #expect(first.duplicates == 0)
        #expect(first.results.map(\.status) == [.accepted])
        #expect(first.results.map(\.eventID) == ["e1"])
        let again = try await engine.ingest([view("e1")], batched: false)
        #expect(again.accepted == 0)
        #expect(again.duplicates == 1)
        #expect(again.results.map(\.status) == [.duplicate])
        #expect(try await engine.statistics().events == 1)
    }

    @Test("a resend written in another time zone is still a duplicate")
    func duplicateAcrossTimeZones() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        var utc = view("e1")
        utc.occurredAt = "2026-11-27T10:00:00Z"
        var offset = view("e1")
        offset.occurredAt = "2026-11-27T11:00:00.000+01:00"
        _ = try await engine.ingest([utc], batched: false)
        let again = try await engine.ingest([offset], batched: false)
        #expect(again.results.map(\.status) == [.duplicate])
    }

    @Test("the same id with a different payload is a 409 and nothing else of the request is stored")
    func conflict() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        _ = try await engine.ingest([view("e1", product: "P1")], batched: false)
        let error = await AffinityError.caught { () async throws(AffinityError) in
            try await engine.ingest([view("e2"), view("e1", product: "P2"), view("e3")], batched: true)
        }
        #expect(error?.kind == .conflict)
        #expect(error?.code == "event_id_conflict")
        #expect(error?.field == "events[1].event_id")
        #expect(try await engine.statistics().events == 1)
        #expect(try await engine.store.payload(ofEvent: "e2") == nil)
        #expect(try await engine.store.payload(ofEvent: "e3") == nil)

        let single = await AffinityError.caught { () async throws(AffinityError) in
            try await engine.ingest([view("e1", product: "P3")], batched: false)
        }
        #expect(single?.kind == .conflict)
        #expect(single?.field == "event_id")

        // After the rejection, the good events of that request can be sent again.
        let retry = try await engine.ingest([view("e2"), view("e3")], batched: true)
        #expect(retry.accepted == 2)
        #expect(try await engine.statistics().events == 3)
    }

    @Test("an invalid event rejects the whole request with a 422 naming events[i]")
    func invalidInBatch() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        var bad = view("e2")
        bad.items = [EventItem(productID: "P1", quantity: 0)]
        let error = await AffinityError.caught { () async throws(AffinityError) in
            try await engine.ingest([view("e1"), bad, view("e3")], batched: true)
        }
        #expect(error?.kind == .invalid)
        #expect(error?.field == "events[1].items[0].quantity")
        #expect(try await engine.statistics().events == 0)

        let unbatched = await AffinityError.caught { () async throws(AffinityError) in
            try await engine.ingest([bad], batched: false)
        }
        #expect(unbatched?.field == "items[0].quantity")
    }

    @Test("an empty request is invalid and more than 1000 events is too large")
    func limits() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        let empty = await AffinityError.caught { () async throws(AffinityError) in
            try await engine.ingest([], batched: true)
        }
        #expect(empty?.kind == .invalid)
        let many = (0...1000).map { view("e\($0)") }
        let tooMany = await AffinityError.caught { () async throws(AffinityError) in
            try await engine.ingest(many, batched: true)
        }
        #expect(tooMany?.kind == .tooLarge)
        #expect(try await engine.statistics().events == 0)
    }

    @Test("an event more than 24h after the pinned clock is rejected")
    func pinnedClock() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        let tomorrow = view("e1", minutesAgo: -23 * 60)
        let dayAfter = view("e2", minutesAgo: -25 * 60)
        #expect(try await engine.ingest([tomorrow], batched: false).accepted == 1)
        let error = await AffinityError.caught { () async throws(AffinityError) in
            try await engine.ingest([dayAfter], batched: false)
        }
        #expect(error?.field == "occurred_at")
    }

    @Test("before load() the engine answers 503")
    func notReady() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await Engine(
            options: EngineOptions(dataDirectory: directory.path, publicKey: "pk", secretKey: "sk", now: { testNow }),
            logger: .init(label: "test"))
        #expect(engine.isReady == false)
        let error = await AffinityError.caught { () async throws(AffinityError) in
            try await engine.ingest([view("e1")], batched: false)
        }
        #expect(error?.kind == .unavailable)
        try await engine.load()
        #expect(engine.isReady)
    }

    @Test("200 concurrent requests are all acknowledged and all stored")
    func concurrent() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        let statuses = try await withThrowingTaskGroup(of: [IngestResult.Status].self) { group in
            for index in 0..<200 {
                group.addTask {
                    try await engine.ingest(
                        [view("c\(index)", product: "P\(index % 17)", user: "u\(index % 13)")], batched: false
                    ).results.map(\.status)
                }
            }
            var all: [IngestResult.Status] = []
            for try await statuses in group { all += statuses }
            return all
        }
        #expect(statuses.count == 200)
        #expect(statuses.allSatisfy { $0 == .accepted })
        let stats = try await engine.statistics()
        #expect(stats.events == 200)
        #expect(stats.lastSequence == 200)
        #expect(stats.users == 13)
        #expect(try await engine.adminStatistics().appliedSequence == 200)
    }

    @Test("concurrent resends of one event store it once")
    func concurrentDuplicates() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        let statuses = try await withThrowingTaskGroup(of: IngestResult.Status.self) { group in
            for _ in 0..<50 {
                group.addTask { try await engine.ingest([view("same")], batched: false).results[0].status }
            }
            var all: [IngestResult.Status] = []
            for try await status in group { all.append(status) }
            return all
        }
        #expect(statuses.filter { $0 == .accepted }.count == 1)
        #expect(statuses.filter { $0 == .duplicate }.count == 49)
        #expect(try await engine.statistics().events == 1)
    }
}
