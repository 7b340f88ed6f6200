import AffinityEngine
import AffinityStore
import ArgumentParser
import Foundation
import Logging

/// `affinity keys`: API keys of a data directory (a running server's too: it sees a
/// change within a second).
struct Keys: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Add, list and revoke API keys of a data directory.",
        discussion: """
            Keys are shown once, when added; only their SHA-256 is stored. A server running \
            on the same data directory picks up an added or revoked key within a second.
            """,
        subcommands: [Add.self, List.self, Revoke.self])

    /// An engine on an existing data directory, without loading its state (fast).
    static func open(_ dataDir: String) async throws -> Engine {
        var logger = Logger(label: "affinity")
        logger.logLevel = .warning
        var options = EngineOptions(dataDirectory: dataDir, createDataDirectory: false)
        options.provisionCredentials = false
        let engine = try await Engine(options: options, logger: logger)
        return engine
    }

    struct Add: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Create a key; it is printed alone on the last line of the output.")

        @Option(help: "public (storefronts: events, recommendations, catalog reads, carts) or secret (everything).")
        var scope: String
        @Option(help: "What the key is for, e.g. \"storefront web\".") var label: String
        @Option(help: "Expiry: a date (2027-01-01, 00:00 UTC) or an RFC 3339 time.") var expires: String?
        @Option(help: "Own rate limit in requests per second (default: the scope's, from rate_limits).")
        var rate: Double?
        @Option(help: "Own burst (default: the scope's).") var burst: Int?
        @Option(help: "Data directory.") var dataDir = ".affinity"

        func run() async throws {
            guard let keyScope = KeyScope(rawValue: scope) else {
                throw ValidationError("--scope must be public or secret, got '\(scope)'")
            }
            var expiresAt: Int64?
            if let expires {
                guard let millis = RFC3339.dateOrInstant(expires) else {
                    throw ValidationError("--expires must be a date (2027-01-01) or an RFC 3339 time")
                }
                expiresAt = millis
            }
            let engine = try await Keys.open(dataDir)
            let (record, key) = try await engine.addKey(
                scope: keyScope, label: label, expiresAt: expiresAt, rate: rate, burst: burst)
            print("created \(record.scope) key \(record.id) \"\(record.label)\" (shown once; only its hash is stored):")
            print(key)
        }
    }

    struct List: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "List the keys (never the keys themselves).")

        @Option(help: "Data directory.") var dataDir = ".affinity"
        @Flag(help: "Print a JSON array.") var json = false

        func run() async throws {
            let engine = try await Keys.open(dataDir)
            let records = try await engine.listKeys()
            if json {
                let rows = records.map { record in
                    var row: [String: String] = [
                        "id": record.id, "scope": record.scope, "label": record.label,
                        "created_at": RFC3339.string(milliseconds: record.createdAt),
                    ]
                    row["expires_at"] = record.expiresAt.map(RFC3339.string(milliseconds:))
                    row["revoked_at"] = record.revokedAt.map(RFC3339.string(milliseconds:))
                    return row
                }
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(rows), as: UTF8.self))
                return
            }
            for record in records {
                var state = record.revokedAt.map { "revoked " + RFC3339.string(milliseconds: $0) } ?? "active"
                if record.revokedAt == nil, let expiry = record.expiresAt {
                    state =
                        (expiry <= Int64(Date().timeIntervalSince1970 * 1000) ? "expired " : "expires ")
                        + RFC3339.string(milliseconds: expiry)
                }
                print(
                    "\(record.id)  \(record.scope.padding(toLength: 6, withPad: " ", startingAt: 0))  "
                        + "\(RFC3339.string(milliseconds: record.createdAt))  \(state)  \(record.label)")
            }
        }
    }

    struct Revoke: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Revoke a key: it answers 401 from now on.")

        @Argument(help: "The key id (key_…), as `affinity keys list` shows it.") var id: String
        @Option(help: "Data directory.") var dataDir = ".affinity"

        func run() async throws {
            let engine = try await Keys.open(dataDir)
            let record = try await engine.revokeKey(id)
            print("revoked \(record.scope) key \(record.id) \"\(record.label)\"")
        }
    }
}
