import Crypto
import Foundation
import Yams

/// Loads and validates `affinity.yaml`. Every problem in the file is reported at once,
/// each with file, line and column, so a marketer can fix the file in one pass and a
/// server never starts (or hot-reloads) with rules it would misread.
package enum RulesConfigLoader {
    /// The file `affinity serve` reads from the working directory when no `--config` is given.
    package static let defaultPath = "affinity.yaml"

    static let topLevelKeys = [
        "channels", "webhooks", "placements", "experiments", "user_token_secret", "require_user_token", "rate_limits",
    ]

    /// Reads and validates the file at `path`.
    package static func load(
        path: String, now: @Sendable () -> Int64 = EngineOptions.systemNow
    ) throws(RulesConfigErrors) -> RulesConfig {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RulesConfigErrors([
                RulesConfigError(
                    file: path, line: 1, column: 1, path: "",
                    message: "cannot read the rules file; check the path (default: \(defaultPath))")
            ])
        }
        return try parse(bytes: Array(data), file: path, now: now)
    }

    /// Validates rules text; `file` only labels the errors.
    package static func parse(
        yaml: String, file: String = defaultPath, now: @Sendable () -> Int64 = EngineOptions.systemNow
    ) throws(RulesConfigErrors) -> RulesConfig {
        try parse(bytes: Array(yaml.utf8), file: file, now: now)
    }

    /// First 12 hex digits of the SHA-256 of the bytes: the same file always has the same version.
    package static func version(of bytes: [UInt8]) -> String {
        String(Hex.string(SHA256.hash(data: bytes)).prefix(12))
    }

    static func parse(bytes: [UInt8], file: String, now: @Sendable () -> Int64) throws(RulesConfigErrors)
        -> RulesConfig
    {
        let reader = RulesReader(file: file)
        guard let text = String(validating: bytes, as: UTF8.self) else {
            throw RulesConfigErrors([
                RulesConfigError(file: file, line: 1, column: 1, path: "", message: "the file is not UTF-8 text")
            ])
        }
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw RulesConfigErrors([syntaxError(error, text: text, file: file)])
        }
        guard let root, case .mapping = root else {
            let message = "expected a mapping with channels, placements and experiments; see docs/rules.md"
            throw RulesConfigErrors([RulesConfigError(file: file, line: 1, column: 1, path: "", message: message)])
        }
        let config = reader.config(root)
        guard reader.errors.isEmpty, var config else { throw RulesConfigErrors(reader.errors) }
        config.version = version(of: bytes)
        config.loadedAt = now()
        config.redactedSource = redacted(text)
        // Fail closed: a secret the line rules missed (a flow mapping, an unusual layout)
        // means the text is not shown at all.
        let secrets = [config.userTokenSecret].compactMap { $0 } + Array((config.webhookSecrets ?? [:]).values)
        if secrets.contains(where: { secret in
            secret.split(whereSeparator: \.isNewline).contains { line in
                let part = line.trimmingCharacters(in: .whitespaces)
                return part.count >= 4 && config.redactedSource.contains(part)
            }
        }) {
            config.redactedSource = "# The rules file is not shown: a secret in it could not be redacted.\n"
        }
        return config
    }

    /// `text` with the value of every key whose name contains `secret` replaced by
    /// `"***"`, and, under such a key with no value of its own (a mapping, as
    /// `webhooks.secrets`), the value of every more-indented line below it.
    static func redacted(_ text: String) -> String {
        var secretIndent: Int?
        // Split on every line break (a CRLF file's "\r\n" is one Character).
        return text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline).map { line -> String in
            let indent = line.prefix { $0 == " " }.count
            let content = line.dropFirst(indent)
            if let open = secretIndent {
                if content.isEmpty { return String(line) }
                if indent > open {
                    if content.hasPrefix("#") { return String(line.prefix(indent)) + "# ***" }
                    guard let colon = content.firstIndex(of: ":") else {
                        return String(line.prefix(indent)) + "\"***\""
                    }
                    return String(line.prefix(indent)) + content[...colon] + " \"***\""
                }
                secretIndent = nil
            }
            guard let colon = content.firstIndex(of: ":"), content[..<colon].lowercased().contains("secret") else {
                return String(line)
            }
            let value = content[content.index(after: colon)...].trimmingCharacters(in: .whitespaces)
            // A mapping, a block scalar (| or >) or an anchor: what follows, more indented,
            // is the secret's.
            if value.isEmpty || value.hasPrefix("#") || value.hasPrefix("|") || value.hasPrefix(">")
                || value.hasPrefix("&")
            {
                secretIndent = indent
                return String(line.prefix(indent)) + content[...colon]
                    + (value.isEmpty || value.hasPrefix("#") ? "" : " \"***\"")
            }
            return String(line.prefix(indent)) + content[...colon] + " \"***\""
        }.joined(separator: "\n")
    }

    /// A YAML syntax error (or duplicate key, which Yams refuses while composing) as one located error.
    static func syntaxError(_ error: any Error, text: String, file: String) -> RulesConfigError {
        guard let yamlError = error as? YamlError else {
            return RulesConfigError(file: file, line: 1, column: 1, path: "", message: "invalid YAML: \(error)")
        }
        switch yamlError {
        case .scanner(let context, let problem, let mark, _), .parser(let context, let problem, let mark, _),
            .composer(let context, let problem, let mark, _):
            let detail = context.map { " (\($0.text) at line \($0.mark.line))" } ?? ""
            return RulesConfigError(
                file: file, line: mark.line, column: mark.column, path: "",
                message: "invalid YAML: \(problem)\(detail); check indentation, colons and quotes")
        case .duplicatedKeysInMapping(let duplicates, let context):
            let key = duplicates.first ?? ""
            let first = (line: context.mark.line, column: context.mark.column)
            let mark = secondOccurrence(of: key, after: first, in: text) ?? first
            return RulesConfigError(
                file: file, line: mark.line, column: mark.column, path: key,
                message: "duplicate key '\(key)' (first at line \(context.mark.line)); "
                    + "a key may appear once per mapping, so merge the two entries")
        default:
            return RulesConfigError(file: file, line: 1, column: 1, path: "", message: "invalid YAML: \(yamlError)")
        }
    }

    /// Yams reports a duplicate at its first occurrence; the second, usually the mistake,
    /// is the next `key:` at the same column within the same block.
    static func secondOccurrence(of key: String, after first: (line: Int, column: Int), in text: String)
        -> (line: Int, column: Int)?
    {
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        var index = first.line
        while index < lines.count {
            let line = lines[index]
            let indent = line.prefix { $0 == " " || $0 == "-" }.count
            let body = line.dropFirst(indent)
            index += 1
            if body.isEmpty || body.hasPrefix("#") { continue }
            if indent + 1 < first.column { return nil }
            if indent + 1 == first.column, body.hasPrefix(key + ":") || body.hasPrefix("\"\(key)\":") {
                return (line: index, column: first.column)
            }
        }
        return nil
    }
}

extension RulesReader {
    /// The whole file; nil when the top level itself is unusable.
    func config(_ root: Node) -> RulesConfig? {
        guard let top = mapping(root, "", known: RulesConfigLoader.topLevelKeys) else { return nil }
        var channels: [Channel] = []
        if let node = require(top, "channels", "declare the sales channels, e.g. '- {id: web, kind: web, …}'") {
            channels = self.channels(node)
        }
        let webhooks = top["webhooks"].flatMap(webhookSecrets)
        let channelIDs = Set(channels.map(\.id))
        var placements: [String: Placement] = [:]
        if let node = top["placements"], node.tagName != .null, let fields = entries(node, "placements") {
            for (name, key, value) in ordered(fields) {
                let path = "placements.\(name)"
                guard Self.isIdentifier(name) else {
                    fail(key, path, "placement ids use lowercase letters, digits, '_' and '-' (e.g. home_hero)")
                    continue
                }
                if let placement = placement(value, path, channels: channelIDs) { placements[name] = placement }
            }
        }
        var experiments: [String: Experiment] = [:]
        if let node = top["experiments"], node.tagName != .null, let fields = entries(node, "experiments") {
            for (name, key, value) in ordered(fields) {
                let path = "experiments.\(name)"
                guard Self.isIdentifier(name) else {
                    fail(key, path, "experiment ids use lowercase letters, digits, '_' and '-'")
                    continue
                }
                if let experiment = experiment(
                    name, value, path, placements: top["placements"], known: placements,
                    channels: channelIDs, running: experiments)
                {
                    experiments[name] = experiment
                }
            }
        }
        var config = RulesConfig(
            channels: channels, webhookSecrets: webhooks, placements: placements, experiments: experiments)
        config.userTokenSecret = top["user_token_secret"].flatMap { string($0, "user_token_secret") }
        if let node = top["require_user_token"], let value = bool(node, "require_user_token") {
            config.requireUserToken = value
        }
        if let node = top["rate_limits"], let limits = rateLimits(node) { config.rateLimits = limits }
        return config
    }

    static func isIdentifier(_ name: String) -> Bool {
        !name.isEmpty
            && name.utf8.allSatisfy { (97...122).contains($0) || (48...57).contains($0) || $0 == 95 || $0 == 45 }
    }

    func channels(_ node: Node) -> [Channel] {
        guard let items = sequence(node, "channels") else { return [] }
        if items.isEmpty { fail(node, "channels", "declare at least one channel") }
        var result: [Channel] = []
        var seen: Set<String> = []
        for (index, item) in items.enumerated() {
            let path = "channels[\(index)]"
            guard let fields = mapping(item, path, known: ["id", "kind", "currency", "locale"]) else { continue }
            let id = require(fields, "id", "e.g. id: web").flatMap { string($0, path + ".id") }
            let kind = require(fields, "kind", "e.g. web, app, kiosk or email").flatMap {
                string($0, path + ".kind")
            }
            let currency = require(fields, "currency", "an ISO 4217 code such as EUR").flatMap {
                string($0, path + ".currency")
            }
            let locale = require(fields, "locale", "a BCP 47 tag such as de-DE").flatMap {
                string($0, path + ".locale")
            }
            if let currency, currency.count != 3 || !currency.utf8.allSatisfy({ (65...90).contains($0) }) {
                fail(
                    fields["currency"], path + ".currency",
                    "expected a three-letter ISO 4217 code such as EUR, got '\(currency)'")
                continue
            }
            guard let id, let kind, let currency, let locale else { continue }
            guard seen.insert(id).inserted else {
                fail(fields["id"], path + ".id", "channel '\(id)' is declared twice; channel ids must be unique")
                continue
            }
            result.append(Channel(id: id, kind: kind, currency: currency, locale: locale))
        }
        return result
    }

    func webhookSecrets(_ node: Node) -> [String: String]? {
        guard let fields = mapping(node, "webhooks", known: ["secrets"]), let secrets = fields["secrets"],
            let map = mapping(secrets, "webhooks.secrets", known: ["generic", "shopify"])
        else { return nil }
        var result: [String: String] = [:]
        for (name, _, value) in ordered(map) {
            if let secret = string(value, "webhooks.secrets.\(name)") { result[name] = secret }
        }
        return result
    }
}
