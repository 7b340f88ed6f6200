import Foundation
import Testing

@testable import AffinityEngine

@Suite("JSON syntax check")
struct JSONSyntaxTests {
    func problem(_ text: String) -> JSONSyntax.Problem? { JSONSyntax.firstProblem(in: Array(text.utf8)) }
    func problem(_ bytes: [UInt8]) -> JSONSyntax.Problem? { JSONSyntax.firstProblem(in: bytes) }

    @Test(
        "valid JSON texts pass",
        arguments: [
            "{}", "[]", "0", "-0", "1.5e-3", "-12E+2", "\"\"", "true", "false", "null",
            " \t\r\n[ 1 , {\"a\" : [ ] } ] \n",
            #"{"a":{"b":[1,2,{"c":null}]},"d":"\"\\\/\b\f\n\r\t\u00e9\uD83D\uDE00","é":"中😀"}"#,
            "\u{FEFF}{\"a\":1}",
        ])
    func valid(_ text: String) {
        #expect(problem(text) == nil)
    }

    @Test("nesting up to JSONDecoder's 512 levels passes; deeper is located, without recursion")
    func deep() throws {
        let depth = JSONSyntax.maxDepth
        #expect(problem(String(repeating: "[", count: depth) + String(repeating: "]", count: depth)) == nil)
        let deeper = try #require(problem(String(repeating: "[", count: 100_000)))
        #expect(deeper.kind == .tooDeep)
        #expect(deeper.offset == depth)
        #expect(deeper.summary == "more than 512 nested objects and arrays")
    }

    @Test("a trailing comma is an unexpected '}' or ']' at its line and column")
    func trailingComma() throws {
        let object = try #require(problem(#"{"a":1,}"#))
        #expect(object.kind == .unexpected)
        #expect(object.summary == "unexpected '}'")
        #expect((object.offset, object.line, object.column) == (7, 1, 8))
        #expect(object.field == nil)

        let array = try #require(problem(#"{"a":{"b":[1,2,]}}"#))
        #expect(array.summary == "unexpected ']'")
        #expect(array.column == 16)
        #expect(array.field == "a.b[2]")

        let multiLine = try #require(problem("{\n  \"a\": 1,\n  \"b\": 2,\n}\n"))
        #expect((multiLine.line, multiLine.column) == (4, 1))
    }

    @Test("columns count characters, not bytes")
    func columns() throws {
        let found = try #require(problem(#"{"é中😀":1 x}"#))
        #expect(found.summary == "unexpected 'x'")
        #expect(found.column == 10)
        #expect(found.offset == 15)
    }

    @Test("each kind of problem is named")
    func kinds() {
        #expect(problem("")?.summary == "unexpected end of input")
        #expect(problem(#"{"a":"#)?.kind == .unexpectedEnd)
        #expect(problem(#"{"a":"x"#)?.kind == .unexpectedEnd)
        #expect(problem(#"{"a" 1}"#)?.summary == "unexpected '1'")
        #expect(problem(#"{"a":1 "b":2}"#)?.summary == "unexpected '\"'")
        #expect(problem(#"{"a":1}}"#)?.summary == "unexpected '}'")
        #expect(problem(#"{"a":1} {"#)?.column == 9)
        #expect(problem(#"{a:1}"#)?.summary == "unexpected 'a'")
        #expect(problem(#"[01]"#)?.summary == "unexpected '1'")
        #expect(problem(#"[1.]"#)?.summary == "unexpected ']'")
        #expect(problem(#"[.5]"#)?.summary == "unexpected '.'")
        #expect(problem(#"[+1]"#)?.summary == "unexpected '+'")
        #expect(problem(#"[1e]"#)?.summary == "unexpected ']'")
        #expect(problem(#"[-]"#)?.summary == "unexpected ']'")
        #expect(problem(#"[tru]"#)?.summary == "unexpected ']'")
        #expect(problem(#"[NaN]"#)?.summary == "unexpected 'N'")
        #expect(problem(#"['a']"#)?.summary == "unexpected '''")
        #expect(problem("[1,\u{A0}2]")?.summary == "unexpected '\u{A0}' (U+00A0)")
        #expect(problem("[1]\u{0}")?.summary == "unexpected control character U+0000")
        #expect(problem("[\"a\tb\"]")?.summary == "unescaped control character U+0009 in a string")
        #expect(problem(#"["\x41"]"#)?.summary == #"invalid escape '\x' in a string"#)
        #expect(problem(#"["\u12"]"#)?.kind == .invalidEscape)
        #expect(problem(#"["\ud83d"]"#)?.summary == #"unpaired surrogate escape '\ud83d' in a string"#)
        #expect(problem(#"["\ude00\ud83d"]"#)?.kind == .loneSurrogate)
        #expect(problem(#"["\ud83dx"]"#)?.column == 3)
        #expect(problem(#"["\ud83d\u0041"]"#)?.kind == .loneSurrogate)
        #expect(problem(#"["\ud83d\ude00"]"#) == nil)
        #expect(problem(#"["\u12"#)?.kind == .unexpectedEnd)
    }

    @Test("invalid UTF-8 names the first bad byte's offset and the member it is in")
    func invalidUTF8() throws {
        let prefix = Array(#"{"event_id":"e1","properties":{"note":"caf"#.utf8)
        let found = try #require(problem(prefix + [0xE9] + Array(#""}}"#.utf8)))
        #expect(found.kind == .invalidUTF8(0xE9))
        #expect(found.offset == prefix.count)
        #expect(found.field == "properties.note")
        #expect(found.summary == "byte 0xE9 does not begin a valid UTF-8 sequence")

        // Overlong forms, surrogates, stray continuation bytes, truncated sequences, and
        // bytes outside strings: each at its own offset.
        for bad: [UInt8] in [
            [0xC0, 0xAF], [0xED, 0xA0, 0x80], [0x80], [0xF4, 0x90, 0x80, 0x80], [0xE2, 0x82], [0xFF],
        ] {
            #expect(problem([0x5B, 0x22] + bad + [0x22, 0x5D])?.kind == .invalidUTF8(bad[0]))
            #expect(problem([0x5B, 0x22] + bad + [0x22, 0x5D])?.offset == 2)
        }
        #expect(problem([0x5B, 0x31, 0x2C, 0xFF, 0x5D])?.kind == .invalidUTF8(0xFF))
        #expect(problem([0x5B, 0x31, 0x2C, 0xFF, 0x5D])?.field == "[1]")
        #expect(problem([0x7B, 0x22, 0xFF, 0x22, 0x3A, 0x31, 0x7D])?.field == nil)
    }

    @Test("numbers are listed with their paths")
    func numbers() {
        let numbers = JSONSyntax.numbers(in: Array(#"{"a":[1,-2.5e3],"b":{"c":0}}"#.utf8))
        #expect(
            numbers == [
                .init(path: [.key("a"), .index(0)], text: "1"), .init(path: [.key("a"), .index(1)], text: "-2.5e3"),
                .init(path: [.key("b"), .key("c")], text: "0"),
            ])
        #expect(JSONSyntax.fieldPath([.key("a"), .index(1), .key("b")]) == "a[1].b")
    }

    @Test("whatever the event fast path accepts, the check accepts")
    func fastPathIsStricter() throws {
        var random = SplitMix(seed: 23)
        let alphabet = Array(#"{}[]",:\/ 0123456789.eE+-nultrfasxu"#.utf8) + [0x09, 0x0A, 0x80, 0xC3, 0xA9, 0xFF]
        var accepted = 0
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
            guard EventJSONParser.event(text) != nil else { continue }
            accepted += 1
            #expect(problem(text) == nil, "\(String(decoding: text, as: UTF8.self))")
        }
        #expect(accepted > 100)
    }
}
