import AffinityStore
import Foundation
import Testing

@testable import AffinityEngine

/// A small deterministic generator for the property tests.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }

    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func chance(_ percent: Int) -> Bool { below(100) < percent }
}

/// Events with every field, unicode, escapes, control characters and odd numbers.
enum EventSamples {
    static let pieces = [
        "a", "Z", "0", "-", "_", "/", "\\", "\"", " ", "é", "中", "😀", "\u{7F}", "\u{0}", "\u{1}", "\u{8}", "\u{9}",
        "\u{A}", "\u{C}", "\u{D}", "\u{1F}", "\u{2028}", "e\u{301}", "<", "&", "'", "\u{FFFF}", "\u{10FFFF}",
    ]
    static let doubles: [Double] = [
        0, -0.0, 1, -1, 1.5, -0.25, 0.1, 1e21, 1e22, 1e-7, 123456789, 1e15, 1e16, 9_007_199_254_740_992,
        9_007_199_254_740_994,
        2e9, 999_999_999, 1_000_000_000, 12_345_678_901_234, .leastNonzeroMagnitude, .greatestFiniteMagnitude, 100,
        0.5e-5, 3.0e10,
    ]

    static func string(_ random: inout SplitMix, ascii: Bool = false) -> String {
        var text = ""
        for _ in 0..<random.below(8) {
            text += ascii ? String(UnicodeScalar(UInt8(97 + random.below(26)))) : pieces[random.below(pieces.count)]
        }
        return text
    }

    static func double(_ random: inout SplitMix) -> Double {
        switch random.below(4) {
        case 0: return doubles[random.below(doubles.count)]
        case 1: return Double(Int64(bitPattern: random.next()) >> random.below(64))
        case 2: return Double(random.below(2_000_000) - 1_000_000) / Double([1, 2, 4, 10, 100, 3][random.below(6)])
        default:
            let value = Double(bitPattern: random.next())
            return value.isFinite ? value : 1
        }
    }

    static func value(_ random: inout SplitMix, depth: Int = 0) -> JSONValue {
        switch random.below(depth > 2 ? 4 : 6) {
        case 0: return .null
        case 1: return .bool(random.chance(50))
        case 2: return .number(double(&random))
        case 3: return .string(string(&random))
        case 4: return .array((0..<random.below(4)).map { _ in value(&random, depth: depth + 1) })
        default: return object(&random, depth: depth + 1)
        }
    }

    static func object(_ random: inout SplitMix, depth: Int = 0) -> JSONValue {
        var members: [String: JSONValue] = [:]
        for _ in 0..<random.below(5) { members[string(&random)] = value(&random, depth: depth) }
        return .object(members)
    }

    static func maybe<T>(_ random: inout SplitMix, _ make: (inout SplitMix) -> T) -> T? {
        random.chance(60) ? make(&random) : nil
    }

    static func event(_ index: Int, _ random: inout SplitMix) -> Event {
        let items = maybe(&random) { r in
            (0..<r.below(3)).map { _ in
                EventItem(
                    productID: string(&r), variantID: maybe(&r) { string(&$0) },
                    quantity: maybe(&r) { Int(Int64(bitPattern: $0.next()) >> $0.below(64)) },
                    priceMinor: maybe(&r) { Int64(bitPattern: $0.next()) >> $0.below(64) },
                    currency: maybe(&r) { string(&$0, ascii: true) }, position: maybe(&r) { $0.below(100) })
            }
        }
        return Event(
            eventID: "e\(index)" + string(&random), type: string(&random), occurredAt: string(&random),
            channel: maybe(&random) { string(&$0) }, userID: maybe(&random) { string(&$0) },
            anonymousID: maybe(&random) { string(&$0) }, sessionID: maybe(&random) { string(&$0) }, items: items,
            query: maybe(&random) { string(&$0) },
            order: maybe(&random) {
                EventOrder(
                    orderID: string(&$0), revenueMinor: maybe(&$0) { Int64(bitPattern: $0.next()) >> 3 },
                    currency: maybe(&$0) { string(&$0) })
            },
            recommendationID: maybe(&random) { string(&$0) },
            consent: maybe(&random) { Consent(personalization: $0.chance(50)) },
            properties: maybe(&random) { object(&$0) })
    }
}

@Suite("Event canonical writer")
struct EventCanonicalWriterTests {
    func encoded(_ event: Event) throws -> [UInt8] { Array(try EventCanonicalForm.encoder.encode(event)) }

    func written(_ event: Event) -> [UInt8] {
        var writer = EventCanonicalWriter()
        writer.write(event)
        return writer.bytes
    }

    @Test("generated events are written byte for byte as JSONEncoder writes them")
    func generated() throws {
        var random = SplitMix(seed: 3)
        for index in 0..<3000 {
            let event = EventSamples.event(index, &random)
            #expect(written(event) == (try encoded(event)), "\(event)")
        }
    }

    @Test("every listed double, and many random ones, render as JSONEncoder renders them")
    func doubles() throws {
        var random = SplitMix(seed: 5)
        var values = EventSamples.doubles
        for exponent in -30...30 { values += [pow(10, Double(exponent)), -pow(10, Double(exponent)) * 1.5] }
        for bit in 0..<64 {
            values += [Double(UInt64(1) << bit), Double(UInt64(1) << bit) - 1, Double(UInt64(1) << bit) + 1]
        }
        for _ in 0..<5000 { values.append(EventSamples.double(&random)) }
        let event = Event(
            eventID: "e", type: "t", occurredAt: "o", properties: .object(["v": .array(values.map(JSONValue.number))]))
        #expect(written(event) == (try encoded(event)))
    }

    @Test("a full event and a minimal one match, and records keep the old payload and hash")
    func records() throws {
        let full = try EventDecoding.decodeLine(bytes(EventJSONParserTests.full))
        let minimal = Event(eventID: "e/1", type: "product_view", occurredAt: "2026-11-27T10:00:00.000Z", items: [])
        for event in [full, minimal] {
            let old = try encoded(event)
            #expect(written(event) == old)
            let record = try EventCanonicalForm.record(event, occurredAt: 1)
            #expect(record.payload == String(decoding: old, as: UTF8.self))
            #expect(record.payloadHash == EventCanonicalForm.fnv1a(Data(old)))
        }
    }
}
