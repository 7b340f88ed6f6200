import AffinityCore
import AffinityEngine
import ArgumentParser
import Foundation

/// `affinity config`: tools for the rules file.
struct Config: ParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Work with the rules file (channels, placements, experiments).",
        subcommands: [Check.self])

    /// `affinity config check FILE`: validate before shipping, so a bad edit never reaches a server.
    struct Check: ParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Validate a rules file: every error (exit 1), or a summary (exit 0).")

        @Argument(help: "The rules file.") var file = RulesConfigLoader.defaultPath

        func run() throws {
            let config: RulesConfig
            do {
                config = try RulesConfigLoader.load(path: file)
            } catch {
                for problem in error.errors { print(problem.description) }
                let count = error.errors.count
                print("\(count) error\(count == 1 ? "" : "s") in \(file)")
                throw ExitCode(1)
            }
            print(Self.summary(config, file: file))
        }

        static func summary(_ config: RulesConfig, file: String) -> String {
            var lines = ["\(file): OK (version \(config.version))"]
            lines.append("channels (\(config.channels.count)):")
            for channel in config.channels {
                lines.append("  \(channel.id)  \(channel.kind), \(channel.currency), \(channel.locale)")
            }
            lines.append("placements (\(config.placements.count)):")
            for (id, placement) in config.placements.sorted(by: { $0.key < $1.key }) {
                var parts = ["\(placement.strategy) × \(placement.count)"]
                if placement.blend != nil { parts.append("blend") }
                parts.append("\(placement.filters.ruleCount) filter(s)")
                parts.append("\(placement.boosts.count) boost(s)")
                parts.append("\(placement.buries.count) bur\(placement.buries.count == 1 ? "y" : "ies")")
                parts.append("\(placement.pins.count) pin(s)")
                if placement.diversity != nil { parts.append("diversity") }
                if !placement.fallback.isEmpty {
                    parts.append("fallback " + placement.fallback.map(\.rawValue).joined(separator: "→"))
                }
                lines.append("  \(id): " + parts.joined(separator: ", "))
            }
            lines.append("experiments (\(config.experiments.count)):")
            for (id, experiment) in config.experiments.sorted(by: { $0.key < $1.key }) {
                let total = experiment.variants.reduce(0) { $0 + $1.weight }
                let variants = experiment.variants.map { variant in
                    let share = String(format: "%.0f%%", variant.weight / total * 100)
                    let role = variant.id == experiment.control && variant.id != "control" ? " (control)" : ""
                    return "\(variant.id)\(role) \(share)"
                }
                lines.append(
                    "  \(id) on \(experiment.placement): " + variants.joined(separator: ", ")
                        + "; attribution window \(duration(experiment.attributionWindow))")
            }
            return lines.joined(separator: "\n")
        }

        /// Seconds in the largest unit that divides them, as the file writes durations (24h, 30d).
        static func duration(_ seconds: Int64) -> String {
            for (unit, size) in [("w", Int64(604_800)), ("d", 86_400), ("h", 3600), ("m", 60)]
            where seconds % size == 0 {
                return "\(seconds / size)\(unit)"
            }
            return "\(seconds)s"
        }
    }
}
