import AffinityCore
import AffinityEngine
import Foundation
import Testing

@Suite("Model configuration file")
struct ModelConfigFileTests {
    @Test("keys present override the defaults; absent keys keep them")
    func partial() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.file("model.yaml")
        try """
        default_event_weight: 0.5
        event_weights:
          purchase: 9
        history:
          window: 42
        """.write(to: file, atomically: true, encoding: .utf8)
        let config = try ModelConfigFile.load(path: file.path)
        let defaults = ModelConfig()
        #expect(config.defaultEventWeight == 0.5)
        #expect(config.eventWeights["purchase"] == 9)
        #expect(config.history.window == 42)
        #expect(config.history.halfLifeEvents == defaults.history.halfLifeEvents)
        #expect(config.popularity == defaults.popularity)
        #expect(config.als == defaults.als)
        // Other event weights keep their defaults.
        for (kind, weight) in defaults.eventWeights where kind != "purchase" {
            #expect(config.eventWeights[kind] == weight)
        }
    }

    @Test("an empty mapping is the defaults")
    func empty() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let file = directory.file("model.yaml")
        try "{}\n".write(to: file, atomically: true, encoding: .utf8)
        #expect(try ModelConfigFile.load(path: file.path) == ModelConfig())
    }

    @Test("a missing file is notFound; a malformed one is invalid_model_config")
    func errors() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let missing = AffinityError.caught { () throws(AffinityError) in
            try ModelConfigFile.load(path: directory.file("none.yaml").path)
        }
        #expect(missing?.kind == .notFound)
        let file = directory.file("bad.yaml")
        try "history:\n  window: lots\n".write(to: file, atomically: true, encoding: .utf8)
        let invalid = AffinityError.caught { () throws(AffinityError) in try ModelConfigFile.load(path: file.path) }
        #expect(invalid?.kind == .invalid)
        #expect(invalid?.code == "invalid_model_config")
    }
}
