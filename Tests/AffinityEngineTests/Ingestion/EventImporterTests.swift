import AffinityCore
import AffinityStore
import Foundation
import Testing

@testable import AffinityEngine

@Suite("Event file import")
struct EventImporterTests {
    func jsonLine(_ id: String, product: String = "P1") -> String {
        #"{"event_id":"\#(id)","type":"product_view","occurred_at":"2026-11-27T10:00:00Z","user_id":"u1","items":[{"product_id":"\#(product)"}]}"#
    }

    func run(_ engine: Engine, _ file: URL, batchSize: Int = 10_000) async throws -> EventImporter.Summary {
        var importer = EventImporter(engine: engine)
        importer.batchSize = batchSize
        var progressCalls = 0
        let summary = try await importer.run(try LineReader(path: file.path)) { _ in progressCalls += 1 }
        #expect(progressCalls >= 1)
        return summary
    }

    @Test("NDJSON: good, bad and duplicate lines are counted, and a re-import is all duplicates")
    func ndjson() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        var lines = (0..<40).map { jsonLine("n\($0)", product: "P\($0 % 5)") }
        lines.insert("garbage", at: 3)  // line 4
        // line 11:
        lines.insert(#"{"event_id":"bad","type":"product_view","occurred_at":"2026-11-27T10:00:00Z"}"#, at: 10)
        lines.append(jsonLine("n0", product: "P0"))  // duplicate
        lines.append(jsonLine("n1", product: "P0"))  // conflict (n1 was P1)
        lines.append("")  // blank
        let file = directory.file("events.ndjson")
        try (lines.joined(separator: "\n") + "\r\n").write(to: file, atomically: true, encoding: .utf8)

        let summary = try await run(engine, file, batchSize: 7)
        #expect(summary.lines == 45)
        #expect(summary.accepted == 40)
        #expect(summary.duplicates == 1)
        #expect(summary.rejected == 3)
        #expect(summary.errors.map(\.line) == [4, 11, 44])
        #expect(summary.errors.map(\.error?.code) == ["malformed_json", "invalid_field", "event_id_conflict"])
        #expect(try await engine.statistics().events == 40)

        let again = try await run(engine, file)
        #expect(again.accepted == 0)
        #expect(again.duplicates == 41)
        #expect(again.rejected == 3)
        #expect(try await engine.statistics().events == 40)
    }

    @Test("CSV: the header is read, rows are imported, and a re-import is all duplicates")
    func csv() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        var rows = ["event_id,type,occurred_at,user_id,anonymous_id,items,currency,query,order_id,revenue_minor"]
        for index in 0..<20 {
            rows.append("c\(index),product_view,2026-11-27T10:00:\(10 + index)Z,u\(index % 3),,P\(index % 4),,,,")
        }
        rows.append("c20,purchase,2026-11-27T10:01:00Z,u1,a1,P1:2:1999|P2,eur,,O1,3998")
        rows.append(#"c21,search,2026-11-27T10:02:00Z,,a1,,,"shoes, red",,"#)
        rows.append("c22,product_view,not-a-time,u1,,P1,,,,")  // invalid
        rows.append("c23,purchase,2026-11-27T10:03:00Z,u1,,P1:zero,,,,")  // bad quantity
        rows.append("c0,product_view,2026-11-27T10:00:10Z,u0,,P0,,,,")  // duplicate of c0
        let file = directory.file("events.csv")
        try (rows.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)

        let summary = try await run(engine, file)
        #expect(summary.lines == 25)
        #expect(summary.accepted == 22)
        #expect(summary.duplicates == 1)
        #expect(summary.rejected == 2)
        #expect(summary.errors.map(\.line) == [24, 25])
        #expect(summary.errors.map(\.error?.field) == ["occurred_at", "items[0].quantity"])
        let stats = try await engine.statistics()
        #expect(stats.events == 22)
        #expect(stats.eventsByType == ["product_view": 20, "purchase": 1, "search": 1])
        let payload = try #require(try await engine.store.payload(ofEvent: "c20"))
        #expect(payload.contains("\"currency\":\"EUR\""))
        #expect(payload.contains("\"revenue_minor\":3998"))

        let again = try await run(engine, file)
        #expect(again.accepted == 0)
        #expect(again.duplicates == 23)
        #expect(try await engine.statistics().events == 22)
    }

    @Test("a CSV file with an unknown column fails before importing anything")
    func badHeader() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        let file = directory.file("bad.csv")
        try "event_id,type,occurred_at,user,items\ne1,product_view,2026-11-27T10:00:00Z,u1,P1\n".write(
            to: file, atomically: true, encoding: .utf8)
        await #expect {
            _ = try await run(engine, file)
        } throws: { error in
            (error as? AffinityError)?.code == "unknown_column"
        }
        #expect(try await engine.statistics().events == 0)
    }

    @Test("imported events reach a server that starts on the directory")
    func importThenServe() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.file("events.ndjson")
        try [jsonLine("i1", product: "P1"), jsonLine("i2", product: "P2")].joined(separator: "\n").write(
            to: file, atomically: true, encoding: .utf8)
        do {
            let engine = try await makeEngine(directory)
            #expect(try await run(engine, file).accepted == 2)
        }
        let server = try await makeEngine(directory)
        let list = try await server.recommend(RecommendationQuery(strategy: .recentlyViewed, userID: "u1"))
        #expect(Set(list.items.map(\.productID)) == ["P1", "P2"])
    }

    @Test("a missing file is a notFound error")
    func missingFile() {
        let error = AffinityError.caught { () throws(AffinityError) in
            try LineReader(path: "/nonexistent/\(UUID().uuidString).ndjson")
        }
        #expect(error?.kind == .notFound)
    }
}

@Suite("Event file import edge cases")
struct EventImporterEdgeCaseTests {
    let good =
        #"{"event_id":"e1","type":"product_view","occurred_at":"2026-11-27T10:00:00Z","user_id":"u1","items":[{"product_id":"P1"}]}"#

    func importText(_ text: String) async throws -> EventImporter.Summary {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        let file = directory.file("input")
        try text.write(to: file, atomically: true, encoding: .utf8)
        return try await EventImporter(engine: engine).run(try LineReader(path: file.path)) { _ in }
    }

    @Test("an NDJSON file without a trailing newline imports its last line")
    func noTrailingNewline() async throws {
        let summary = try await importText(good)
        #expect(summary.lines == 1)
        #expect(summary.accepted == 1)
    }

    @Test("an NDJSON file that starts with a blank line is still NDJSON")
    func leadingBlankLine() async throws {
        let summary = try await importText("\n" + good + "\n")
        #expect(summary.accepted == 1)
        #expect(summary.rejected == 0)
    }

    @Test("a CSV file with a UTF-8 byte order mark imports")
    func byteOrderMark() async throws {
        let csv = "\u{FEFF}event_id,type,occurred_at,user_id,product_id\ne1,product_view,2026-11-27T10:00:00Z,u1,P1\n"
        let summary = try await importText(csv)
        #expect(summary.accepted == 1)
    }
}
