package import AffinityCore
import Foundation
import Yams

/// Loads `Models/default.yaml`-style model configuration.
package enum ModelConfigFile {
    /// The file `serve`, `train` and `evaluate` read when no `--model` is given, if present
    /// in the working directory; otherwise the built-in defaults (which equal it).
    package static let defaultPath = "Models/default.yaml"

    /// Reads `path`; keys that are absent keep their defaults.
    package static func load(path: String) throws(AffinityError) -> ModelConfig {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw AffinityError(.notFound, code: "cannot_open", message: "cannot read the model file \(path)")
        }
        do {
            return try YAMLDecoder().decode(ModelConfig.self, from: text)
        } catch {
            throw .invalid(path, "invalid model configuration in \(path): \(error)", code: "invalid_model_config")
        }
    }

    /// `path` if given, else ``defaultPath`` when it exists, else the defaults.
    package static func resolve(_ path: String?) throws(AffinityError) -> ModelConfig {
        if let path { return try load(path: path) }
        if FileManager.default.fileExists(atPath: defaultPath) { return try load(path: defaultPath) }
        return ModelConfig()
    }
}
