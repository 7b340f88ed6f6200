import AffinityStore
import Testing

@testable import AffinityEngine

@Suite("Bulk NDJSON ingestion")
struct BulkIngestorTests {
    func line(_ id: String, product: String = "P1") -> String {
        #"{"event_id":"\#(id)","type":"product_view","occurred_at":"2026-11-27T10:00:00Z","user_id":"u1","items":[{"product_id":"\#(product)"}]}"#
    }

    @Test("good, bad, duplicate and conflicting lines get per-line statuses in line order")
    func mixed() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        _ = try await engine.ingest([view("old", product: "P9")], batched: false)
        let lines = [
            line("b1"),  // 1 accepted
            "not json",  // 2 malformed
            line("b2"),  // 3 accepted
            "",  // 4 blank: skipped
            line("b1"),  // 5 duplicate of line 1
            line("old", product: "P1"),  // 6 conflict with a stored event
            #"{"event_id":"b3","type":"teleport","occurred_at":"2026-11-27T10:00:00Z","user_id":"u1"}"#,  // 7 invalid
            line("b2", product: "P2"),  // 8 conflict with line 3
            line("b4"),  // 9 accepted
        ]
        var ingestor = try engine.bulkIngestor()
        ingestor.batchSize = 3
        for text in lines { try await ingestor.add(line: bytes(text)) }
        let summary = try await ingestor.finish()
        #expect(summary.results.map(\.line) == [1, 2, 3, 5, 6, 7, 8, 9])
        #expect(
            summary.results.map(\.status) == [
                .accepted, .rejected, .accepted, .duplicate, .rejected, .rejected, .rejected, .accepted,
            ])
        #expect(summary.results.map(\.eventID) == ["b1", nil, "b2", "b1", "old", "b3", "b2", "b4"])
        #expect(
            summary.results.compactMap(\.error?.code) == [
                "malformed_json", "event_id_conflict", "unknown_event_type", "event_id_conflict",
            ])
        #expect(summary.accepted == 3)
        #expect(summary.duplicates == 1)
        #expect(summary.rejected == 4)
        #expect(try await engine.statistics().events == 4)
        #expect(try await engine.store.payload(ofEvent: "b2")?.contains("\"P1\"") == true)
    }

    @Test("with the default batch size everything commits at finish, bad lines never block good ones")
    func defaultBatch() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        var ingestor = try engine.bulkIngestor()
        for index in 0..<50 {
            try await ingestor.add(line: bytes(index % 10 == 0 ? "{}" : line("x\(index)")))
        }
        let summary = try await ingestor.finish()
        #expect(summary.accepted == 45)
        #expect(summary.rejected == 5)
        #expect(summary.results.map(\.line) == Array(1...50))
        #expect(try await engine.statistics().events == 45)
    }
}
