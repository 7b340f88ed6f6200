/// A strict RFC 8259 check of one JSON text (UTF-8, an optional byte-order mark) that
/// says where the first problem is: the byte offset, line and column, and the member it
/// is in. `JSONDecoder` tolerates some invalid input (trailing commas) and reports none of
/// this, so the decoders run this check where a precise message is needed: before
/// `JSONDecoder` on the events' slow path, and after a failed decode elsewhere. It is
/// never on the fast path.
package enum JSONSyntax {
    /// What is wrong, at ``Problem/offset``.
    package enum Kind: Sendable, Equatable {
        /// The byte at the offset does not begin a well-formed UTF-8 sequence.
        case invalidUTF8(UInt8)
        /// The text ends where more is needed (an unclosed object, array or string).
        case unexpectedEnd
        /// A character that cannot come here (a trailing comma's `}`, a second value).
        case unexpected
        /// A raw control character (U+0000 to U+001F) inside a string.
        case controlCharacter(UInt8)
        /// A backslash that is not one of JSON's escapes, or `\u` without four hex digits.
        case invalidEscape
        /// A `\uD800`…`\uDFFF` escape that is not half of a surrogate pair: no character,
        /// so no decoder can read the string.
        case loneSurrogate
        /// An object or array opened deeper than ``JSONSyntax/maxDepth`` (`JSONDecoder`'s limit).
        case tooDeep
    }

    /// The deepest nesting of objects and arrays `JSONDecoder` reads.
    package static let maxDepth = 512

    /// One step of a field path.
    package enum PathComponent: Sendable, Equatable {
        case key(String)
        case index(Int)
    }

    /// A number of a valid text, with the member it is the value of.
    package struct Number: Sendable, Equatable {
        package var path: [PathComponent]
        package var text: String
    }

    /// The first problem of a text.
    package struct Problem: Sendable, Equatable {
        package var kind: Kind
        /// From 0, in bytes (the text's length for ``Kind/unexpectedEnd``).
        package var offset: Int
        /// From 1.
        package var line: Int
        /// From 1, in characters (Unicode scalars) since the line's start.
        package var column: Int
        /// The member the problem is in, as a field path (`properties.note`, `items[2]`);
        /// `nil` at the top level.
        package var field: String?
        /// What is at the offset, for messages: `'}'`, `'é' (U+00E9)`, `control character U+0001`,
        /// `end of input`.
        package var found: String

        /// `unexpected '}'`, `unexpected end of input`, …, without the position.
        package var summary: String {
            switch kind {
            case .unexpectedEnd: "unexpected end of input"
            case .unexpected: "unexpected \(found)"
            case .controlCharacter: "unescaped \(found) in a string"
            case .invalidEscape: "invalid escape \(found) in a string"
            case .loneSurrogate: "unpaired surrogate escape \(found) in a string"
            case .tooDeep: "more than \(JSONSyntax.maxDepth) nested objects and arrays"
            case .invalidUTF8(let byte): "byte 0x\(JSONSyntax.hex(byte)) does not begin a valid UTF-8 sequence"
            }
        }
    }

    /// The first problem in `bytes`, or `nil` for a valid JSON text.
    package static func firstProblem(in bytes: some Collection<UInt8>) -> Problem? {
        func check(_ buffer: UnsafeBufferPointer<UInt8>) -> Problem? {
            var checker = Checker(buffer)
            return checker.run()
        }
        if let problem = bytes.withContiguousStorageIfAvailable(check) { return problem }
        return Array(bytes).withUnsafeBufferPointer(check)
    }

    /// Every number of `bytes` in order with its path (up to the first problem), for
    /// error messages about values a decoder could not read.
    package static func numbers(in bytes: some Collection<UInt8>) -> [Number] {
        func collect(_ buffer: UnsafeBufferPointer<UInt8>) -> [Number] {
            var checker = Checker(buffer)
            checker.numbers = []
            _ = checker.run()
            return checker.numbers ?? []
        }
        if let numbers = bytes.withContiguousStorageIfAvailable(collect) { return numbers }
        return Array(bytes).withUnsafeBufferPointer(collect)
    }

    /// `events[1].items[0].quantity`; `nil` for the top level.
    package static func fieldPath(_ path: [PathComponent]) -> String? {
        var text = ""
        for component in path {
            switch component {
            case .key(let name): text += text.isEmpty ? name : "." + name
            case .index(let index): text += "[\(index)]"
            }
        }
        return text.isEmpty ? nil : text
    }

    static func hex(_ byte: UInt8) -> String {
        let digits = Array("0123456789ABCDEF")
        return String([digits[Int(byte >> 4)], digits[Int(byte & 15)]])
    }

    /// The length of the well-formed UTF-8 sequence at `index` (a byte ≥ 0x80), or `nil`.
    static func sequenceLength(_ bytes: UnsafeBufferPointer<UInt8>, at index: Int) -> Int? {
        let lead = bytes[index]
        let length: Int
        var second: ClosedRange<UInt8> = 0x80...0xBF
        switch lead {
        case 0xC2...0xDF: length = 2
        case 0xE0:
            length = 3
            second = 0xA0...0xBF
        case 0xE1...0xEC, 0xEE...0xEF: length = 3
        case 0xED:
            length = 3
            second = 0x80...0x9F
        case 0xF0:
            length = 4
            second = 0x90...0xBF
        case 0xF1...0xF3: length = 4
        case 0xF4:
            length = 4
            second = 0x80...0x8F
        default: return nil
        }
        guard index + length <= bytes.count, second.contains(bytes[index + 1]) else { return nil }
        for offset in 2..<length where !(0x80...0xBF).contains(bytes[index + offset]) { return nil }
        return length
    }
}

/// The checker's state machine: iterative (no recursion, so any nesting depth is safe),
/// with one frame per open object or array for the field path.
private struct Checker {
    let bytes: UnsafeBufferPointer<UInt8>
    var index = 0

    struct Frame {
        var isObject: Bool
        /// The current member's key (raw bytes between the quotes).
        var key: Range<Int>?
        /// The current element's index.
        var element = 0
    }
    var stack: [Frame] = []
    /// Collects every number when not `nil` (``JSONSyntax/numbers(in:)``).
    var numbers: [JSONSyntax.Number]?

    enum Expect {
        case value, firstElement, firstKey, key, afterValue
    }

    init(_ bytes: UnsafeBufferPointer<UInt8>) { self.bytes = bytes }

    mutating func run() -> JSONSyntax.Problem? {
        if bytes.count >= 3, bytes[0] == 0xEF, bytes[1] == 0xBB, bytes[2] == 0xBF { index = 3 }
        var expect = Expect.value
        while true {
            skipWhitespace()
            if expect == .afterValue, stack.isEmpty {
                return index == bytes.count ? nil : unexpected(at: index)
            }
            guard index < bytes.count else { return problem(.unexpectedEnd, at: index) }
            let byte = bytes[index]
            switch expect {
            case .firstElement where byte == UInt8(ascii: "]"), .firstKey where byte == UInt8(ascii: "}"):
                index += 1
                stack.removeLast()
                expect = .afterValue
            case .value, .firstElement:
                if let problem = value(byte, &expect) { return problem }
            case .firstKey, .key:
                guard byte == UInt8(ascii: "\"") else { return unexpected(at: index) }
                let start = index + 1
                if let problem = string() { return problem }
                stack[stack.count - 1].key = start..<(index - 1)
                skipWhitespace()
                guard index < bytes.count else { return problem(.unexpectedEnd, at: index) }
                guard bytes[index] == UInt8(ascii: ":") else { return unexpected(at: index) }
                index += 1
                expect = .value
            case .afterValue:
                let isObject = stack[stack.count - 1].isObject
                switch byte {
                case UInt8(ascii: ","):
                    index += 1
                    if isObject {
                        stack[stack.count - 1].key = nil
                        expect = .key
                    } else {
                        stack[stack.count - 1].element += 1
                        expect = .value
                    }
                case UInt8(ascii: "}") where isObject, UInt8(ascii: "]") where !isObject:
                    index += 1
                    stack.removeLast()
                default: return unexpected(at: index)
                }
            }
        }
    }

    /// A value starting with `byte`; containers are opened and closed by ``run()``.
    mutating func value(_ byte: UInt8, _ expect: inout Expect) -> JSONSyntax.Problem? {
        switch byte {
        case UInt8(ascii: "{") where stack.count == JSONSyntax.maxDepth,
            UInt8(ascii: "[") where stack.count == JSONSyntax.maxDepth:
            return problem(.tooDeep, at: index)
        case UInt8(ascii: "{"):
            index += 1
            stack.append(Frame(isObject: true))
            expect = .firstKey
            return nil
        case UInt8(ascii: "["):
            index += 1
            stack.append(Frame(isObject: false))
            expect = .firstElement
            return nil
        case UInt8(ascii: "\""):
            expect = .afterValue
            return string()
        case UInt8(ascii: "t"):
            expect = .afterValue
            return literal("true")
        case UInt8(ascii: "f"):
            expect = .afterValue
            return literal("false")
        case UInt8(ascii: "n"):
            expect = .afterValue
            return literal("null")
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
            expect = .afterValue
            let start = index
            if let problem = number() { return problem }
            if numbers != nil {
                let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[start..<index]), as: UTF8.self)
                let number = JSONSyntax.Number(path: path(), text: text)
                numbers?.append(number)
            }
            return nil
        default:
            return unexpected(at: index)
        }
    }

    mutating func skipWhitespace() {
        while index < bytes.count {
            switch bytes[index] {
            case 0x20, 0x09, 0x0A, 0x0D: index += 1
            default: return
            }
        }
    }

    /// A string from its opening quote; on success `index` is past the closing quote.
    mutating func string() -> JSONSyntax.Problem? {
        index += 1
        while index < bytes.count {
            let byte = bytes[index]
            switch byte {
            case UInt8(ascii: "\""):
                index += 1
                return nil
            case UInt8(ascii: "\\"):
                let start = index
                index += 1
                guard index < bytes.count else { return problem(.unexpectedEnd, at: index) }
                switch bytes[index] {
                case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"), UInt8(ascii: "b"), UInt8(ascii: "f"),
                    UInt8(ascii: "n"), UInt8(ascii: "r"), UInt8(ascii: "t"):
                    index += 1
                case UInt8(ascii: "u"):
                    index += 1
                    guard let unit = hex4() else {
                        return index + 4 > bytes.count && bytes[index...].allSatisfy(\.isHexDigit)
                            ? problem(.unexpectedEnd, at: bytes.count) : problem(.invalidEscape, at: start)
                    }
                    switch unit {
                    case 0xD800..<0xDC00:
                        guard index + 6 <= bytes.count, bytes[index] == UInt8(ascii: "\\"),
                            bytes[index + 1] == UInt8(ascii: "u")
                        else { return problem(.loneSurrogate, at: start) }
                        index += 2
                        guard let low = hex4(), (0xDC00..<0xE000).contains(low) else {
                            return problem(.loneSurrogate, at: start)
                        }
                    case 0xDC00..<0xE000: return problem(.loneSurrogate, at: start)
                    default: break
                    }
                default: return problem(.invalidEscape, at: start)
                }
            case 0..<0x20: return problem(.controlCharacter(byte), at: index)
            case 0x80...:
                guard let length = JSONSyntax.sequenceLength(bytes, at: index) else {
                    return problem(.invalidUTF8(byte), at: index)
                }
                index += length
            default: index += 1
            }
        }
        return problem(.unexpectedEnd, at: index)
    }

    /// Four hex digits at `index` (consumed), or `nil` (nothing consumed).
    mutating func hex4() -> UInt32? {
        guard index + 4 <= bytes.count else { return nil }
        var value: UInt32 = 0
        for offset in 0..<4 {
            let byte = bytes[index + offset]
            let digit: UInt8
            switch byte {
            case UInt8(ascii: "0")...UInt8(ascii: "9"): digit = byte &- UInt8(ascii: "0")
            case UInt8(ascii: "a")...UInt8(ascii: "f"): digit = byte &- UInt8(ascii: "a") &+ 10
            case UInt8(ascii: "A")...UInt8(ascii: "F"): digit = byte &- UInt8(ascii: "A") &+ 10
            default: return nil
            }
            value = value << 4 | UInt32(digit)
        }
        index += 4
        return value
    }

    mutating func literal(_ text: StaticString) -> JSONSyntax.Problem? {
        for offset in 0..<text.utf8CodeUnitCount {
            guard index < bytes.count else { return problem(.unexpectedEnd, at: index) }
            guard bytes[index] == text.utf8Start[offset] else { return unexpected(at: index) }
            index += 1
        }
        return nil
    }

    /// `-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?`
    mutating func number() -> JSONSyntax.Problem? {
        func isDigit(_ at: Int) -> Bool { at < bytes.count && bytes[at] &- UInt8(ascii: "0") < 10 }
        func digits() -> JSONSyntax.Problem? {
            guard index < bytes.count else { return problem(.unexpectedEnd, at: index) }
            guard isDigit(index) else { return unexpected(at: index) }
            while isDigit(index) { index += 1 }
            return nil
        }
        if bytes[index] == UInt8(ascii: "-") { index += 1 }
        if index < bytes.count, bytes[index] == UInt8(ascii: "0") {
            index += 1  // a digit after it is reported as unexpected by the caller
        } else if let problem = digits() {
            return problem
        }
        if index < bytes.count, bytes[index] == UInt8(ascii: ".") {
            index += 1
            if let problem = digits() { return problem }
        }
        if index < bytes.count, bytes[index] | 0x20 == UInt8(ascii: "e") {
            index += 1
            if index < bytes.count, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                index += 1
            }
            if let problem = digits() { return problem }
        }
        return nil
    }

    /// A character that cannot come here, or invalid UTF-8 when the bytes there are not
    /// a character at all.
    func unexpected(at offset: Int) -> JSONSyntax.Problem {
        let byte = bytes[offset]
        if byte >= 0x80, JSONSyntax.sequenceLength(bytes, at: offset) == nil {
            return problem(.invalidUTF8(byte), at: offset)
        }
        return problem(.unexpected, at: offset)
    }

    func problem(_ kind: JSONSyntax.Kind, at offset: Int) -> JSONSyntax.Problem {
        var line = 1
        var lineStart = 0
        for position in 0..<min(offset, bytes.count) where bytes[position] == 0x0A {
            line += 1
            lineStart = position + 1
        }
        var column = 1
        if lineStart < offset {
            for position in lineStart..<min(offset, bytes.count) where bytes[position] & 0xC0 != 0x80 { column += 1 }
        }
        return JSONSyntax.Problem(
            kind: kind, offset: offset, line: line, column: column, field: field(), found: found(kind, at: offset))
    }

    func found(_ kind: JSONSyntax.Kind, at offset: Int) -> String {
        switch kind {
        case .unexpectedEnd: return "end of input"
        case .invalidUTF8(let byte): return "byte 0x\(JSONSyntax.hex(byte))"
        case .controlCharacter(let byte): return "control character U+00\(JSONSyntax.hex(byte))"
        case .tooDeep: return "'\(Character(Unicode.Scalar(bytes[offset])))'"
        case .invalidEscape, .loneSurrogate:
            let end = min(offset + (bytes[offset + 1] == UInt8(ascii: "u") ? 6 : 2), bytes.count)
            return "'" + String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<end]), as: UTF8.self) + "'"
        case .unexpected:
            let byte = bytes[offset]
            if byte < 0x20 || byte == 0x7F { return "control character U+00\(JSONSyntax.hex(byte))" }
            if byte < 0x80 { return "'\(Character(Unicode.Scalar(byte)))'" }
            let length = JSONSyntax.sequenceLength(bytes, at: offset) ?? 1
            let text = String(decoding: UnsafeBufferPointer(rebasing: bytes[offset..<offset + length]), as: UTF8.self)
            let code = String(text.unicodeScalars.first!.value, radix: 16, uppercase: true)
            return "'\(text)' (U+\(String(repeating: "0", count: max(0, 4 - code.count)) + code))"
        }
    }

    /// The path of the open members, `events[1].properties.note`.
    func field() -> String? { JSONSyntax.fieldPath(path()) }

    func path() -> [JSONSyntax.PathComponent] {
        var path: [JSONSyntax.PathComponent] = []
        for frame in stack {
            if frame.isObject {
                guard let key = frame.key else { break }
                path.append(.key(String(decoding: UnsafeBufferPointer(rebasing: bytes[key]), as: UTF8.self)))
            } else {
                path.append(.index(frame.element))
            }
        }
        return path
    }
}

extension UInt8 {
    fileprivate var isHexDigit: Bool {
        switch self {
        case UInt8(ascii: "0")...UInt8(ascii: "9"), UInt8(ascii: "a")...UInt8(ascii: "f"),
            UInt8(ascii: "A")...UInt8(ascii: "F"):
            true
        default: false
        }
    }
}
