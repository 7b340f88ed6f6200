import Yams

/// A mapping's entries by key, keeping the key nodes so errors can point at them.
struct Fields {
    let node: Node
    let path: String
    var entries: [String: (key: Node, value: Node)] = [:]

    subscript(key: String) -> Node? { entries[key]?.value }
}

/// Reads typed values out of a composed YAML tree, recording every problem (with the
/// node's line and column) instead of stopping at the first, and returning nil for the
/// value in question so that checking carries on with the rest of the file.
final class RulesReader {
    let file: String
    private(set) var errors: [RulesConfigError] = []

    init(file: String) {
        self.file = file
    }

    func fail(_ node: Node?, _ path: String, _ message: String) {
        let mark = node?.mark
        errors.append(
            RulesConfigError(
                file: file, line: mark?.line ?? 1, column: mark?.column ?? 1, path: path, message: message))
    }

    func fail(at mark: Mark, _ path: String, _ message: String) {
        errors.append(
            RulesConfigError(file: file, line: mark.line, column: mark.column, path: path, message: message))
    }

    static func child(_ path: String, _ key: String) -> String { path.isEmpty ? key : path + "." + key }

    /// How a wrong value is quoted back: scalars verbatim, collections by kind.
    static func describe(_ node: Node) -> String {
        switch node {
        case .scalar(let scalar):
            node.tagName == .null ? "nothing (an empty value)" : "'\(scalar.string)'"
        case .mapping: "a mapping"
        case .sequence: "a list"
        case .alias: "an alias"
        }
    }

    /// A mapping whose keys must come from `known`; unknown keys are reported with the
    /// closest known one as a suggestion.
    func mapping(_ node: Node, _ path: String, known: [String]) -> Fields? {
        guard var fields = entries(node, path) else { return nil }
        for (name, entry) in fields.entries where !known.contains(name) {
            let place = path.isEmpty ? "the top level" : path
            let hint =
                Self.closest(to: name, in: known).map { "did you mean '\($0)'?" }
                ?? "expected one of: \(known.joined(separator: ", "))"
            fail(entry.key, Self.child(path, name), "unknown key '\(name)' in \(place); \(hint)")
            fields.entries[name] = nil
        }
        return fields
    }

    /// A mapping with free-form keys (placement ids, attribute names).
    func entries(_ node: Node, _ path: String) -> Fields? {
        guard case .mapping(let mapping) = node else {
            fail(node, path, "expected a mapping (indented 'key: value' lines), got \(Self.describe(node))")
            return nil
        }
        var fields = Fields(node: node, path: path)
        var merged: [Node] = []
        for (key, value) in mapping {
            guard case .scalar(let scalar) = key, !scalar.string.isEmpty else {
                fail(key, path, "keys must be plain names, got \(Self.describe(key))")
                continue
            }
            if scalar.string == "<<", key.tagName == .merge {
                if case .sequence(let sources) = value { merged += sources } else { merged.append(value) }
                continue
            }
            fields.entries[scalar.string] = (key, value)
        }
        // `<<: *anchor` copies an anchored mapping's keys; keys written here win.
        for source in merged {
            guard case .mapping(let base) = source else {
                fail(source, path, "'<<' merges a mapping, e.g. '<<: *defaults'")
                continue
            }
            for (key, value) in base {
                if let name = key.string, fields.entries[name] == nil { fields.entries[name] = (key, value) }
            }
        }
        return fields
    }

    /// Items in a stable, file order (by line), so errors and ids come out deterministically.
    func ordered(_ fields: Fields) -> [(name: String, key: Node, value: Node)] {
        fields.entries.map { (name: $0.key, key: $0.value.key, value: $0.value.value) }
            .sorted {
                ($0.key.mark?.line ?? 0, $0.key.mark?.column ?? 0) < ($1.key.mark?.line ?? 0, $1.key.mark?.column ?? 0)
            }
    }

    func require(_ fields: Fields, _ key: String, _ hint: String) -> Node? {
        if let node = fields[key] { return node }
        fail(fields.node, Self.child(fields.path, key), "missing required key '\(key)'; \(hint)")
        return nil
    }

    func sequence(_ node: Node, _ path: String) -> [Node]? {
        guard case .sequence(let sequence) = node else {
            fail(node, path, "expected a list ('- item' lines or [a, b]), got \(Self.describe(node))")
            return nil
        }
        return Array(sequence)
    }

    /// Any non-empty scalar as text (a numeric product id such as `12345` is text too).
    func string(_ node: Node, _ path: String) -> String? {
        guard case .scalar(let scalar) = node, node.tagName != .null, !scalar.string.isEmpty else {
            fail(node, path, "expected text, got \(Self.describe(node))")
            return nil
        }
        return scalar.string
    }

    /// One text value or a list of them (`brand: Acme` and `brand: [Acme, Tundra Co]` both work).
    func strings(_ node: Node, _ path: String) -> [String]? {
        if case .scalar = node { return string(node, path).map { [$0] } }
        guard let items = sequence(node, path) else { return nil }
        let values = items.enumerated().map { string($1, "\(path)[\($0)]") }
        return values.contains(nil) ? nil : values.compactMap { $0 }
    }

    func int(_ node: Node, _ path: String, in range: ClosedRange<Int>) -> Int? {
        guard node.tagName == .int, let value = node.int else {
            fail(node, path, "expected a whole number, got \(Self.describe(node))")
            return nil
        }
        guard range.contains(value) else {
            let bound =
                range.upperBound == .max
                ? "at least \(range.lowerBound)" : "between \(range.lowerBound) and \(range.upperBound)"
            fail(node, path, "must be \(bound), got \(value)")
            return nil
        }
        return value
    }

    /// A finite number ≥ 0 (weights, factors, λ); NaN and infinities are refused explicitly.
    func number(_ node: Node, _ path: String) -> Double? {
        guard node.tagName == .int || node.tagName == .float, let value = node.float else {
            fail(node, path, "expected a number, got \(Self.describe(node))")
            return nil
        }
        guard value.isFinite else {
            fail(node, path, "must be a finite number, got \(Self.describe(node)); use a plain number such as 0.5")
            return nil
        }
        guard value >= 0 else {
            fail(node, path, "must be 0 or more, got \(value)")
            return nil
        }
        return value
    }

    func bool(_ node: Node, _ path: String) -> Bool? {
        guard node.tagName == .bool, let value = node.bool else {
            fail(node, path, "expected true or false, got \(Self.describe(node))")
            return nil
        }
        return value
    }

    /// `30d`, `12h`, `90m`, `45s` or `2w` in seconds.
    func duration(_ node: Node, _ path: String) -> Int64? {
        guard case .scalar(let scalar) = node, let seconds = Self.seconds(scalar.string), seconds > 0 else {
            fail(node, path, "expected a duration such as 30d, 12h or 90m, got \(Self.describe(node))")
            return nil
        }
        return seconds
    }

    /// Parses a positive duration (`<whole number><s|m|h|d|w>`) into seconds.
    static func seconds(_ text: String) -> Int64? {
        guard let unit = text.last, let amount = Int64(text.dropLast()), amount >= 0, text.first != "+" else {
            return nil
        }
        let scale: Int64? =
            switch unit {
            case "s": 1
            case "m": 60
            case "h": 3600
            case "d": 86_400
            case "w": 604_800
            default: nil
            }
        guard let scale, amount <= Int64.max / scale else { return nil }
        return amount * scale
    }

    /// `YYYY-MM-DD` (00:00 UTC) or an RFC 3339 timestamp, in Unix milliseconds.
    func instant(_ node: Node, _ path: String) -> Int64? {
        guard case .scalar(let scalar) = node else {
            fail(node, path, "expected a date such as 2026-11-27 or 2026-11-27T09:00:00Z, got \(Self.describe(node))")
            return nil
        }
        let text = scalar.string
        if let value = RFC3339.milliseconds(text.count == 10 ? text + "T00:00:00Z" : text) { return value }
        fail(node, path, "expected a date such as 2026-11-27 or 2026-11-27T09:00:00Z, got '\(text)'")
        return nil
    }

    /// The known name nearest to a misspelling, if it is close enough to be a plausible typo.
    static func closest(to name: String, in known: [String]) -> String? {
        let scored = known.map { (candidate: $0, distance: editDistance(name, $0)) }
        guard let best = scored.min(by: { $0.distance < $1.distance }) else { return nil }
        return best.distance <= max(2, name.count / 3) ? best.candidate : nil
    }

    /// Levenshtein distance over characters.
    static func editDistance(_ a: String, _ b: String) -> Int {
        let a = Array(a)
        let b = Array(b)
        var previous = Array(0...b.count)
        for i in 1...max(a.count, 1) where !a.isEmpty {
            var current = [i] + Array(repeating: 0, count: b.count)
            for j in stride(from: 1, through: b.count, by: 1) {
                let cost = a[i - 1] == b[j - 1] ? 0 : 1
                current[j] = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost)
            }
            previous = current
        }
        return previous[b.count]
    }
}

extension Node {
    /// The resolved tag's name (`Tag.name` itself is internal to Yams).
    var tagName: Tag.Name { Tag.Name(rawValue: tag.rawValue) }
}
