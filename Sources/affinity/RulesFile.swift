import AffinityEngine
import ArgumentParser
import Foundation

/// The rules file a command runs under: `--config`, else `./affinity.yaml` when present,
/// else none. Shared by `serve` and the import commands so a shop's channels (and its
/// currencies) are the same for the server and for the data jobs that feed it.
enum RulesFile {
    /// The path in force for `option`, or nil.
    static func path(_ option: String?) -> String? {
        option
            ?? (FileManager.default.fileExists(atPath: RulesConfigLoader.defaultPath)
                ? RulesConfigLoader.defaultPath : nil)
    }

    /// Loads the rules file in force; an invalid file prints every problem with its line
    /// and column on standard error and exits 1.
    static func load(_ option: String?) throws -> (rules: RulesConfig?, path: String?) {
        guard let path = path(option) else { return (nil, nil) }
        do {
            return (try RulesConfigLoader.load(path: path), path)
        } catch {
            for problem in error.errors { FileHandle.standardError.write(Data("\(problem)\n".utf8)) }
            throw ExitCode(1)
        }
    }
}
