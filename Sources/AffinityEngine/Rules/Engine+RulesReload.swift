import Foundation
import Logging
import Synchronization

/// The outcome of one rules reload.
package struct RulesReloadResult: Sendable, Equatable {
    /// Whether the file was valid and is now in force.
    package var ok: Bool
    /// The version in force after the attempt (the old one when it failed).
    package var version: String?
    /// Whether the version in force changed.
    package var changed: Bool
    /// Every problem of a refused file, located by file, line and column.
    package var errors: [RulesConfigError]
}

extension Engine {
    /// Re-reads the rules file and swaps the new rules in atomically. A file that fails
    /// validation (or changes `channels`, fixed at start) is refused: the old rules keep
    /// serving, each error is logged with its file:line and kept for `GET /v1/admin/config`.
    @discardableResult
    package func reloadRules() -> RulesReloadResult {
        let status = rules.current
        let previous = status.active?.version
        let now = options.now()
        guard let path = status.path else {
            let error = RulesConfigError(
                file: "", line: 1, column: 1, path: "",
                message: "the server runs without a rules file; start it with --config FILE to use one")
            logger.warning("rules reload asked, but the server runs without a rules file")
            return RulesReloadResult(ok: false, version: previous, changed: false, errors: [error])
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            let error = RulesConfigError(
                file: path, line: 1, column: 1, path: "", message: "cannot read the rules file; check that it exists")
            return refuse(RulesConfigErrors([error]), previous: previous, at: now)
        }
        let bytes = Array(data)
        RulesReloadCounters.attempted(rules, version: RulesConfigLoader.version(of: bytes))
        let loaded: RulesConfig
        do {
            loaded = try RulesConfigLoader.parse(bytes: bytes, file: path, now: options.now)
        } catch {
            return refuse(error, previous: previous, at: now)
        }
        if loaded.channels != options.channels {
            let error = RulesConfigError(
                file: path, line: Self.line(ofKey: "channels", in: path), column: 1, path: "channels",
                message: "channels cannot change without a restart; restore the channels the server started with "
                    + "(\(options.channels.map(\.id).joined(separator: ", "))) or restart the server")
            return refuse(RulesConfigErrors([error]), previous: previous, at: now)
        }
        rules.record(.success(loaded), at: now)
        RulesReloadCounters.succeeded(rules)
        metrics.rulesReloaded("success")
        logger.info(
            "rules reloaded",
            metadata: ["path": "\(path)", "version": "\(loaded.version)", "previous": "\(previous ?? "none")"])
        return RulesReloadResult(ok: true, version: loaded.version, changed: loaded.version != previous, errors: [])
    }

    /// Successful reloads since start (the initial load is not counted).
    package var succeededRulesReloads: Int { RulesReloadCounters.entry(rules)?.successes ?? 0 }

    /// Polls the rules file every `interval` and reloads when its modification time or
    /// size changed and its bytes differ from the last ones tried (by any reload path, so
    /// a file already refused after SIGHUP is not refused twice). Returns when the task is
    /// cancelled, or at once when the server has no rules file.
    package func runRulesWatch(interval: Duration = .seconds(2)) async {
        guard let path = rules.current.path else { return }
        var stamp = Self.fileStamp(path)
        while !Task.isCancelled {
            do {
                try await Task.sleep(for: interval)
            } catch {
                return
            }
            let current = Self.fileStamp(path)
            guard current != stamp else { continue }
            stamp = current
            guard let data = FileManager.default.contents(atPath: path) else { continue }
            let version = RulesConfigLoader.version(of: Array(data))
            let tried = RulesReloadCounters.entry(rules)?.lastAttempted ?? rules.active?.version
            guard version != tried else { continue }
            logger.info("rules file changed; reloading", metadata: ["path": "\(path)", "version": "\(version)"])
            reloadRules()
        }
    }

    private func refuse(_ errors: RulesConfigErrors, previous: String?, at time: Int64) -> RulesReloadResult {
        rules.record(.failure(errors), at: time)
        metrics.rulesReloaded("failure")
        for error in errors.errors {
            logger.error(
                "rules file refused: \(error)",
                metadata: ["file": "\(error.file)", "line": "\(error.line)", "column": "\(error.column)"])
        }
        logger.error("old rules keep serving", metadata: ["version": "\(previous ?? "none")"])
        return RulesReloadResult(ok: false, version: previous, changed: false, errors: errors.errors)
    }

    /// Modification time and size (portable: no `stat` field names that differ between
    /// Linux and Darwin); nil when the file cannot be read.
    static func fileStamp(_ path: String) -> [Double]? {
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path),
            let modified = attributes[.modificationDate] as? Date,
            let size = attributes[.size] as? NSNumber
        else { return nil }
        return [modified.timeIntervalSince1970, size.doubleValue]
    }

    /// 1-based line of a top-level `key:` in the file (1 when absent).
    static func line(ofKey key: String, in path: String) -> Int {
        guard let data = FileManager.default.contents(atPath: path), let text = String(data: data, encoding: .utf8)
        else { return 1 }
        let lines = text.split(separator: "\n", omittingEmptySubsequences: false)
        return (lines.firstIndex { $0.hasPrefix(key + ":") }).map { $0 + 1 } ?? 1
    }
}

/// Per-engine reload bookkeeping beside ``RulesState`` (which counts failures): successful
/// reloads and the version of the bytes last tried. Entries hold their state weakly, so a
/// new engine never inherits a dead one's numbers.
enum RulesReloadCounters {
    struct Entry {
        weak var state: RulesState?
        var successes = 0
        var lastAttempted: String?
    }

    private static let entries = Mutex<[ObjectIdentifier: Entry]>([:])

    static func succeeded(_ state: RulesState) {
        update(state) { $0.successes += 1 }
    }

    static func attempted(_ state: RulesState, version: String) {
        update(state) { $0.lastAttempted = version }
    }

    static func entry(_ state: RulesState) -> Entry? {
        entries.withLock { entries in
            entries[ObjectIdentifier(state)].flatMap { $0.state === state ? $0 : nil }
        }
    }

    private static func update(_ state: RulesState, _ change: (inout Entry) -> Void) {
        entries.withLock { entries in
            entries = entries.filter { $0.value.state != nil }
            let key = ObjectIdentifier(state)
            var entry = entries[key].flatMap { $0.state === state ? $0 : nil } ?? Entry(state: state)
            change(&entry)
            entries[key] = entry
        }
    }
}
