import AffinityEngine
import ArgumentParser
import Foundation
import Logging

/// `affinity users`: shoppers' data in a data directory.
struct Users: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Shoppers' data: erasure.", subcommands: [Erase.self])

    struct Erase: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Erase a user from a stopped server's data directory.",
            discussion: """
                Deletes the user's events and the anonymous events that were theirs, their \
                carts and consent; keeps their orders for accounting without the user, \
                anonymous id and e-mail; tombstones them so a later import of their old \
                events is a no-op; deletes the snapshots, so the next start rebuilds every \
                index and retrains the model from the erased log. On a running server use \
                DELETE /v1/users/{user_id} instead (it also rebuilds memory).
                """)

        @Argument(help: "The user_id.") var userID: String
        @Option(help: "Data directory.") var dataDir = ".affinity"

        func run() async throws {
            if let pid = ServerPIDFile(dataDirectory: dataDir).runningServer() {
                throw ValidationError(
                    "a server (pid \(pid)) is running on \(dataDir): use DELETE /v1/users/\(userID) on it, or stop it "
                        + "first (it would keep the user in memory and write them into its next snapshot)")
            }
            var logger = Logger(label: "affinity")
            logger.logLevel = .warning
            var options = EngineOptions(dataDirectory: dataDir, createDataDirectory: false)
            options.provisionCredentials = false
            let engine = try await Engine(options: options, logger: logger)
            let status = try await engine.eraseUserOffline(userID)
            print(
                "erased user \(status.userID): \(status.eventsDeleted) events deleted, \(status.anonymousIDs) "
                    + "anonymous ids tombstoned (job \(status.jobID)); the next start rebuilds from the erased log")
        }
    }
}
