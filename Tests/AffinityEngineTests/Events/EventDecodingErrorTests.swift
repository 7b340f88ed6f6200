import AffinityStore
import Foundation
import Testing

@testable import AffinityEngine

/// Issue #16: each decoding failure gets its own code and a message that locates it.
@Suite("Event decoding errors")
struct EventDecodingErrorTests {
    static let valid =
        #"{"event_id":"e1","type":"product_view","occurred_at":"2026-11-27T10:00:00Z","channel":"web","user_id":"u1","items":[{"product_id":"P1"}]}"#

    func requestError(_ bytes: [UInt8]) -> AffinityError? {
        AffinityError.caught { () throws(AffinityError) in try EventDecoding.decodeRequest(bytes) }
    }

    func lineError(_ bytes: [UInt8]) -> AffinityError? {
        AffinityError.caught { () throws(AffinityError) in try EventDecoding.decodeLine(bytes) }
    }

    /// `valid` padded with spaces before its closing brace to `count` bytes: still valid.
    func padded(to count: Int) -> [UInt8] {
        let head = Array(Self.valid.utf8.dropLast())
        return head + Array(repeating: UInt8(ascii: " "), count: count - head.count - 1) + [UInt8(ascii: "}")]
    }

    @Test("a valid line over the limit is line_too_long with its length and the limit")
    func lineTooLong() throws {
        #expect(EventDecoding.maxLineBytes == 1 << 20)
        let atLimit = padded(to: EventDecoding.maxLineBytes)
        #expect(try EventDecoding.decodeLine(atLimit).eventID == "e1")

        let line = padded(to: 1_100_000)
        let error = try #require(lineError(line))
        #expect(error.code == "line_too_long")
        #expect(error.kind == .tooLarge)
        #expect(error.message == "the line is 1100000 bytes; lines may be at most 1048576 bytes")
        #expect(error.field == nil)
        // A line that is too long is rejected by its length, whatever its bytes.
        #expect(lineError(Array(repeating: UInt8(ascii: "{"), count: 1_048_577))?.code == "line_too_long")
    }

    @Test("invalid UTF-8 in properties is invalid_utf8 with the first bad byte's offset, not 'expected an object'")
    func invalidUTF8() throws {
        let head = Array(Self.valid.utf8.dropLast()) + Array(#","properties":{"note":"caf"#.utf8)
        let body = head + [0xE9] + Array(#""}}"#.utf8)
        let request = try #require(requestError(body))
        #expect(request.kind == .malformed)
        #expect(request.code == "invalid_utf8")
        #expect(request.field == "properties.note")
        #expect(
            request.message
                == "the body is not valid UTF-8: byte 0xE9 at byte offset \(head.count) does not begin a valid UTF-8 sequence"
        )
        let line = try #require(lineError(body))
        #expect(line.code == "invalid_utf8")
        #expect(line.message.hasPrefix("the line is not valid UTF-8: byte 0xE9 at byte offset \(head.count) "))

        // Anywhere in an event, and in the batch form with the event's index.
        let id = Array(#"{"event_id":"e"#.utf8) + [0xC3] + Array(Self.valid.utf8.dropFirst(14))
        #expect(lineError(id)?.code == "invalid_utf8")
        #expect(lineError(id)?.field == "event_id")
        let batch = Array(#"{"events":[\#(Self.valid),"#.utf8) + id + Array("]}".utf8)
        #expect(requestError(batch)?.code == "invalid_utf8")
        #expect(requestError(batch)?.field == "events[1].event_id")
    }

    @Test("a trailing comma is malformed_json at its line and column, not missing_field")
    func trailingComma() throws {
        let text = String(Self.valid.dropLast()) + ",}"
        let column = text.utf8.count
        let request = try #require(requestError(Array(text.utf8)))
        #expect(request.kind == .malformed)
        #expect(request.code == "malformed_json")
        #expect(request.message == "the body is not valid JSON: unexpected '}' at line 1, column \(column)")
        #expect(request.field == nil)
        #expect(
            lineError(Array(text.utf8))?.message == "the line is not valid JSON: unexpected '}' at column \(column)")

        // JSONDecoder alone would accept it: the check runs before it on the slow path.
        #expect(
            try JSONDecoder().decode(Event.self, from: Data(text.utf8))
                == EventDecoding.decodeLine(Array(Self.valid.utf8)))

        let pretty = """
            {
              "event_id": "e1",
              "type": "product_view",
              "occurred_at": "2026-11-27T10:00:00Z",
              "user_id": "u1",
              "items": [{"product_id": "P1"},],
            }
            """
        #expect(
            requestError(Array(pretty.utf8))?.message
                == "the body is not valid JSON: unexpected ']' at line 6, column 34")
        let batch = #"{"events":[\#(Self.valid),]}"#
        #expect(requestError(Array(batch.utf8))?.code == "malformed_json")
    }

    @Test("malformed_json carries the position for every JSON body, also after a failed decode")
    func generalBodies() throws {
        struct Probe: Decodable { var title: String }
        let error = AffinityError.caught { () throws(AffinityError) in
            try EventDecoding.decode(Probe.self, from: Array("{\n\"titel\": \"x\" \"y\"}".utf8))
        }
        #expect(error?.code == "malformed_json")
        #expect(error?.message == "the body is not valid JSON: unexpected '\"' at line 2, column 14")
        let utf8 = AffinityError.caught { () throws(AffinityError) in
            try EventDecoding.decode(
                Probe.self, from: [0x7B, 0x22, 0x74, 0x69, 0x74, 0x6C, 0x65, 0x22, 0x3A, 0x22, 0xFF, 0x22, 0x7D])
        }
        #expect(utf8?.code == "invalid_utf8")
        #expect(utf8?.field == "title")
        // Valid JSON keeps its field errors.
        let missing = AffinityError.caught { () throws(AffinityError) in
            try EventDecoding.decode(Probe.self, from: Array(#"{"name":"x"}"#.utf8))
        }
        #expect(missing?.code == "missing_field")
    }

    @Test("a number a field cannot take names the field, not 'not valid JSON'")
    func numbers() throws {
        let head = #"{"event_id":"e1","type":"purchase","occurred_at":"2026-11-27T10:00:00Z","user_id":"u1","#
        func error(_ tail: String) -> AffinityError? { requestError(Array((head + tail).utf8)) }
        let fraction = error(#""items":[{"product_id":"P1"},{"product_id":"P2","quantity":1.5}]}"#)
        #expect(fraction?.code == "invalid_field")
        #expect(fraction?.field == "items[1].quantity")
        #expect(fraction?.message == "items[1].quantity must be a whole number (got 1.5)")
        let big = error(#""items":[{"product_id":"P1","price_minor":99999999999999999999}]}"#)
        #expect(big?.field == "items[0].price_minor")
        #expect(big?.message == "items[0].price_minor is out of range: 99999999999999999999 does not fit in 64 bits")
        let revenue = error(#""order":{"order_id":"O1","revenue_minor":10.25}}"#)
        #expect(revenue?.field == "order.revenue_minor")
        let huge = error(#""properties":{"a":[1.5,1e400]}}"#)
        #expect(huge?.field == "properties.a[1]")
        #expect(huge?.message == "properties.a[1] is out of range: 1e400 is not a double-precision number")
        // Whole numbers in any notation are read as JSONDecoder reads them.
        let whole = try EventDecoding.decodeLine(
            Array((head + #""items":[{"product_id":"P1","quantity":1e1,"position":2.0}]}"#).utf8))
        #expect(whole.items?[0].quantity == 10)
        #expect(whole.items?[0].position == 2)
        // In the batch form, with the event's index.
        let batch = #"{"events":[\#(Self.valid),\#(head)"items":[{"product_id":"P","position":0.5}]}]}"#
        #expect(requestError(Array(batch.utf8))?.field == "events[1].items[0].position")
        // Lone surrogates can never be read: located like a syntax error.
        let surrogate = error(#""items":[{"product_id":"P\ud83d"}]}"#)
        #expect(surrogate?.code == "malformed_json")
        #expect(
            surrogate?.message.contains(#"unpaired surrogate escape '\ud83d' in a string at line 1, column "#) == true)
    }

    @Test("the batch form takes the fast path and decodes as JSONDecoder decodes it")
    func envelopeFastPath() throws {
        var random = SplitMix(seed: 5)
        let events = (0..<50).map { EventSamples.event($0, &random) }
        let body = Array(try JSONEncoder().encode(["events": events]))
        let fast = try #require(EventJSONParser.envelope(body))
        #expect(fast == events)
        #expect(fast == (try JSONDecoder().decode(EventsEnvelope.self, from: Data(body)).events))
        let (decoded, batched) = try EventDecoding.decodeRequest(body)
        #expect(batched)
        #expect(decoded == events)
        #expect(EventJSONParser.envelope(Array(#"{"events":[]}"#.utf8)) == [])
        for slow in [#"{"events":[],"extra":1}"#, #"{"events":null}"#, #"{}"#, #"{"events":[{}]}"#] {
            #expect(EventJSONParser.envelope(Array(slow.utf8)) == nil, "\(slow)")
        }
    }

    @Test("affinity import events reports an oversized line as line_too_long and imports the rest")
    func importerLineTooLong() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        let file = directory.file("events.ndjson")
        var text = padded(to: 1_100_000)
        text += Array("\n".utf8)
        text += Array(Self.valid.replacingOccurrences(of: "\"e1\"", with: "\"e2\"").utf8)
        text += Array("\n".utf8)
        try Data(text).write(to: file)
        let summary = try await EventImporter(engine: engine).run(try LineReader(path: file.path)) { _ in }
        #expect(summary.accepted == 1)
        #expect(summary.rejected == 1)
        #expect(summary.errors.first?.line == 1)
        #expect(summary.errors.first?.error?.code == "line_too_long")
    }
}
