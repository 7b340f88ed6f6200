import Foundation
import Testing

@testable import AffinityEngine

@Suite("Event JSON fast parser")
struct EventJSONParserTests {
    static let full = #"""
        {"event_id":"e1","type":"purchase","occurred_at":"2026-11-27T10:00:00+01:00","channel":"web","user_id":"u1","anonymous_id":"a1","session_id":"s1","items":[{"product_id":"P1","variant_id":"V1","quantity":2,"price_minor":1999,"currency":"eur","position":0},{"product_id":"P2"}],"query":"red shoes","order":{"order_id":"O1","revenue_minor":3998,"currency":"EUR"},"recommendation_id":"rec_1","consent":{"personalization":false},"properties":{"a":[1,true,null,"x",-0.25,1.5,1e21,100.0,-0],"b":{"c":2.5,"d":{}},"e":[],"é":"ü","n":null}}
        """#

    static let valid: [String] = [
        full,
        #"{"event_id":"e1","type":"product_view","occurred_at":"2026-11-27T10:00:00Z","user_id":"u1","items":[{"product_id":"P1","quantity":1}]}"#,
        " \t{ \"event_id\" : \"e2\" ,\n\"type\":\"search\",\r\n\"occurred_at\":\"2026-11-27T10:00:00Z\" , \"anonymous_id\":\"a\", \"query\":\"x\" } \n ",
        #"{"event_id":"e\"q\\b\/s\b\f\n\r\t","type":"search","occurred_at":"t","query":"\u00e9\u4e2d\ud83d\ude00 and é中😀"}"#,
        #"{"event_id":"e3","type":"x","occurred_at":"t","channel":null,"user_id":null,"anonymous_id":null,"session_id":null,"items":null,"query":null,"order":null,"recommendation_id":null,"consent":null,"properties":null}"#,
        #"{"event_id":"e4","type":"x","occurred_at":"t","items":[],"properties":{}}"#,
        #"{"event_id":"e5","type":"x","occurred_at":"t","items":[{"product_id":"P","quantity":-3,"price_minor":9223372036854775807,"position":-9223372036854775808}]}"#,
        #"{"event_id":"e6","type":"x","occurred_at":"t","order":{"order_id":"O","revenue_minor":null,"currency":null}}"#,
        #"{"event_id":"e7","type":"x","occurred_at":"t","properties":"not an object"}"#,
        #"{"event_id":"e8","type":"x","occurred_at":"t","properties":[1e-5,123456789012345678,0.1,-1E+2,3.14159e-300]}"#,
        #"{"event_id":"e9","type":"x","occurred_at":"t","items":[{"product_id":"P","variant_id":null,"quantity":null,"price_minor":null,"currency":null,"position":null}]}"#,
        "{\"event_id\":\"\u{7F}del\",\"type\":\"x\",\"occurred_at\":\"t\",\"consent\":{\"personalization\":true}}",
        #"{"properties":{"k\"ey":{"nested":[[[]]]}},"occurred_at":"t","type":"x","event_id":""}"#,
    ]

    static let rejected: [String] = [
        "", " ", "null", "[]", "{}", "{", "}", #""x""#, "{\"event_id\":\"e\"", "\u{FEFF}{}",
        #"{"event_id":"e","type":"x","occurred_at":"t"}x"#,
        #"{"event_id":"e","type":"x","occurred_at":"t",}"#,
        #"{"event_id":"e","type":"x","occurred_at":"t","bogus":1}"#,
        #"{"event_id":"e","type":"x","occurred_at":"t","event_id":"again"}"#,
        #"{"event_id":"e","type":"x"}"#,
        #"{"event_id":null,"type":"x","occurred_at":"t"}"#,
        #"{"event_id":1,"type":"x","occurred_at":"t"}"#,
        #"{"event_id":"e","type":"x","occurred_at":"t","user_id":7}"#,
        #"{"event_id":"e","type":"x","occurred_at":"t","items":{}}"#,
        #"{"event_id":"e","type":"x","occurred_at":"t","items":[null]}"#,
        #"{"event_id":"e","type":"x","occurred_at":"t","items":[{"quantity":1}]}"#,
        #"{"event_id":"e","type":"x","occurred_at":"t","items":[{"product_id":"P","quantity":1.5}]}"#,
        #"{"event_id":"e","type":"x","occurred_at":"t","items":[{"product_id":"P","quantity":"1"}]}"#,
        #"{"event_id":"e","type":"x","occurred_at":"t","items":[{"product_id":"P","price_minor":99999999999999999999}]}"#,
        #"{"event_id":"e","type":"x","occurred_at":"t","items":[{"product_id":"P","sku":"s"}]}"#,
        #"{"event_id":"e","type":"x","occurred_at":"t","items":[{"product_id":"P"},]}"#,
        #"{"event_id":"e","type":"x","occurred_at":"t","order":{"revenue_minor":1}}"#,
        #"{"event_id":"e","type":"x","occurred_at":"t","order":{"order_id":"O","revenue_minor":1e3}}"#,
        #"{"event_id":"e","type":"x","occurred_at":"t","consent":{"personalization":"yes"}}"#,
        #"{"event_id":"e","type":"x","occurred_at":"t","consent":{}}"#,
        #"{"event_id":"e","type":"x","occurred_at":"t","consent":true}"#,
        #"{"event_id":"e","type":"x","occurred_at":"t","properties":{"a":01}}"#,
        #"{"event_id":"e","type":"x","occurred_at":"t","properties":{"a":1.}}"#,
        #"{"event_id":"e","type":"x","occurred_at":"t","properties":{"a":.5}}"#,
        #"{"event_id":"e","type":"x","occurred_at":"t","properties":{"a":+1}}"#,
        #"{"event_id":"e","type":"x","occurred_at":"t","properties":{"a":1e999}}"#,
        #"{"event_id":"e","type":"x","occurred_at":"t","properties":{"a":NaN}}"#,
        #"{"event_id":"e","type":"x","occurred_at":"t","properties":{"a":tru}}"#,
        #"{"event_id":"e","type":"x","occurred_at":"t","properties":{"a":1,"a":2}}"#,
        #"{"event_id":"e","type":"x","occurred_at":"t","properties":{a:1}}"#,
        #"{"event_id":"e","type":"x","occurred_at":"t","properties":{"a":[1,]}}"#,
        #"{"event_id":"e","type":"x","occurred_at":"t","properties":{"a":'s'}}"#,
        #"{"event_id":"\x","type":"x","occurred_at":"t"}"#,
        #"{"event_id":"\u12","type":"x","occurred_at":"t"}"#,
        #"{"event_id":"\ud83d","type":"x","occurred_at":"t"}"#,
        #"{"event_id":"\ude00","type":"x","occurred_at":"t"}"#,
        "{\"event_id\":\"tab\there\",\"type\":\"x\",\"occurred_at\":\"t\"}",
        #"{"event_id":"e","type":"x","occurred_at":"t""#,
        #"{"event_id":"e" "type":"x","occurred_at":"t"}"#,
        #"{"event_id":"e","type":"x","occurred_at":"t"} {"#,
        #"{"event_\u0069d":"e","type":"x","occurred_at":"t"}"#,
    ]

    func fast(_ text: String) -> Event? { EventJSONParser.event(Array(text.utf8)) }

    func decoded(_ bytes: [UInt8]) -> Result<Event, AffinityError> {
        Result { () throws(AffinityError) in try EventDecoding.decode(Event.self, from: bytes) }
    }

    @Test("valid events parse exactly as JSONDecoder decodes them", arguments: valid)
    func agreesOnValid(_ text: String) throws {
        let event = try #require(fast(text))
        #expect(event == (try decoded(Array(text.utf8)).get()))
        #expect(event == (try EventDecoding.decodeLine(Array(text.utf8)[...])))
    }

    @Test("every bad input takes the slow path, where a line and a body report the same error", arguments: rejected)
    func rejectsBad(_ text: String) {
        #expect(fast(text) == nil)
        let body = Result { () throws(AffinityError) in try EventDecoding.decodeRequest(Array(text.utf8)).events }
        let line = Result { () throws(AffinityError) in try EventDecoding.decodeLine(Array(text.utf8)) }
        switch (body, line) {
        case (.failure(let a), .failure(let b)):
            // Only the wording differs: "the body" with line and column, "the line" with the column.
            #expect(a.code == b.code && a.kind == b.kind && a.field == b.field, "\(text)")
            if a.code == "malformed_json" { #expect(a.message.contains(" at line 1, column "), "\(text)") }
        case (.success(let a), .success(let b)): #expect(a == [b])
        default: Issue.record("fallback differs for \(text)")
        }
    }

    @Test(
        "inputs JSONDecoder misreads are reported by the syntax check",
        arguments: [
            (
                #"{"event_id":"e","type":"x","occurred_at":"t",}"#, "malformed_json",
                "unexpected '}' at line 1, column 46"
            ),
            (
                #"{"event_id":"e","type":"x","occurred_at":"t","items":[{"product_id":"P"},]}"#, "malformed_json",
                "unexpected ']'"
            ),
            (
                #"{"event_id":"e","type":"x","occurred_at":"t","properties":{"a":01}}"#, "malformed_json",
                "unexpected '1'"
            ),
            (
                #"{"event_id":"e","type":"x","occurred_at":"t","properties":{"a":[1,]}}"#, "malformed_json",
                "unexpected ']'"
            ),
            ("{\"event_id\":\"tab\there\",\"type\":\"x\",\"occurred_at\":\"t\"}", "malformed_json", "U+0009"),
            (#"{"event_id":"\x","type":"x","occurred_at":"t"}"#, "malformed_json", #"invalid escape '\x'"#),
            (
                #"{"event_id":"e","type":"x","occurred_at":"t"} {"#, "malformed_json",
                "unexpected '{' at line 1, column 47"
            ),
        ])
    func syntaxWins(_ text: String, _ code: String, _ message: String) {
        let error = AffinityError.caught { () throws(AffinityError) in try EventDecoding.decodeRequest(bytes(text)) }
        #expect(error?.code == code)
        #expect(error?.kind == .malformed)
        #expect(error?.message.contains(message) == true, "\(error?.message ?? "no error")")
    }

    @Test("a key with escapes or a tolerated extra consent key falls back and still decodes")
    func fallbackAccepts() throws {
        let text = #"{"event_id":"e","type":"x","occurred_at":"t","consent":{"personalization":true,"v":1}}"#
        #expect(fast(text) == nil)
        #expect(try EventDecoding.decodeLine(bytes(text)).consent == Consent(personalization: true))
    }

    @Test("generated events agree with JSONDecoder, compact and spaced")
    func generated() throws {
        var random = SplitMix(seed: 7)
        for index in 0..<400 {
            let event = EventSamples.event(index, &random)
            let data = try JSONEncoder().encode(event)
            let compact = Array(data)
            let spaced = Array(
                try JSONSerialization.data(
                    withJSONObject: JSONSerialization.jsonObject(with: data), options: .prettyPrinted))
            for text in [compact, spaced] {
                let parsed = try #require(EventJSONParser.event(text))
                #expect(parsed == (try decoded(text).get()))
                #expect(parsed == event)
            }
        }
    }

    @Test("mutated lines: whatever the fast path accepts, JSONDecoder accepts with the same value")
    func mutations() throws {
        var random = SplitMix(seed: 11)
        let alphabet = Array(#"{}[]",:\/ 0123456789.eE+-nultrfasxu"#.utf8) + [0x09, 0x0A, 0x80, 0xC3, 0xA9]
        for index in 0..<3000 {
            var text = Array(try JSONEncoder().encode(EventSamples.event(index, &random)))
            for _ in 0...random.below(3) {
                let at = random.below(text.count)
                switch random.below(3) {
                case 0: text.remove(at: at)
                case 1: text.insert(alphabet[random.below(alphabet.count)], at: at)
                default: text[at] = alphabet[random.below(alphabet.count)]
                }
            }
            guard let parsed = EventJSONParser.event(text) else { continue }
            #expect(parsed == (try decoded(text).get()), "\(String(decoding: text, as: UTF8.self))")
        }
    }
    @Test("CSV rows: the fast path builds what EventCSV builds, and leaves odd rows to it")
    func csvRows() throws {
        let csv = try EventCSV(header: bytes(EventCSV.columns.joined(separator: ",")))
        let fast = EventCSVFastPath(csv)
        let plain = [
            "e1,product_view,2026-01-01T00:00:00Z,web,u1,a1,s1,P1:2:1999|P2||P3:|:5,P0,eur,shoes,O1,3998,rec",
            "e2,purchase,t,,,,,P1::7,,,,O2,,",
            "e3,search,t,web,u,,,,,,q é 中,,,",
            ",,,,,,,,,,,,,",
            "e4,x,t",
            "e5,x,t,,,,,,,,,,,,extra,fields",
            "e6,x,t,,,,,007:0:00,,,,,,",
        ]
        for row in plain {
            let event = try #require(fast.event(ArraySlice(bytes(row))), "\(row)")
            #expect(event == (try csv.event(bytes(row))))
        }
        let odd = [
            #"e1,x,t,,,,,"P1,2",,,,,,"#, "e1,x,t,,,,,P1:+2,,,,,,", "e1,x,t,,,,,P1:x,,,,,,", "e1,x,t\r",
            "e1,x,t,,,,,P1:1:-5,,,,,,", "e1,x,t,,,,,,,,,O1,1.5,", "e1,x,t,,,,,P1|\u{301}P2,,,,,,",
            "e1,x,t,,,,,P1:99999999999999999999,,,,,,",
        ]
        for row in odd {
            #expect(fast.event(ArraySlice(bytes(row))) == nil, "\(row)")
        }
    }
}
