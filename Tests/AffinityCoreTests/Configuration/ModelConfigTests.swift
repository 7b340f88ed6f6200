import Foundation
import Testing

@testable import AffinityCore

@Suite struct ModelConfigTests {
    @Test func defaultsAreTheTunedValues() {
        let c = ModelConfig()
        #expect(c.weight(for: .productView) == 1)
        #expect(c.weight(for: .addToCart) == 3)
        #expect(c.weight(for: .purchase) == 5)
        #expect(c.weight(for: .removeFromCart) == -2)
        #expect(c.weight(for: .recImpression) == 0)
        #expect(c.weight(for: "wishlist") == 1, "unlisted kinds get default_event_weight")
        #expect(
            c.weight(for: .productView) < c.weight(for: .addToCart)
                && c.weight(for: .addToCart) < c.weight(for: .purchase))
        #expect(c.history.window == 50 && c.history.halfLifeEvents == 2 && c.history.sessionHalfLifeSeconds == 21_600)
        #expect(c.popularity.halfLifeSeconds == 604_800 && c.popularity.trendingHalfLifeSeconds == 86_400)
        #expect(
            c.cooccurrence.window == 20 && c.cooccurrence.distanceDecay == 0.35
                && c.cooccurrence.measure == "normalized")
        #expect(
            c.cooccurrence.maxNeighbours == 300 && c.cooccurrence.popularityExponent == 0.5
                && c.cooccurrence.sequenceSeeds == 20)
        #expect(c.als.factors == 64 && c.als.regularization == 1 && c.als.alpha == 1 && c.als.iterations == 15)
        #expect(c.als.cgSteps == 3 && c.als.seed == 42 && c.als.threads == 1)
        #expect(
            c.blend.forYou == BlendWeights(cooccurrence: 1, sequence: 0.8, vectors: 1, popularity: 0.5, content: 0.05))
        #expect(
            c.blend.forYouReturning
                == BlendWeights(cooccurrence: 0.5, sequence: 0.2, vectors: 0.5, popularity: 1.5, content: 0.05))
        #expect(c.training.trainIntervalSeconds == 3_600 && c.training.trainMinNewEvents == 1_000)
        #expect(c.blend.autoTune && c.blend.autoTuneMaxShoppers == 2_000)
    }

    @Test func autoTuneIsAQueryTimeSettingOutsideTheFingerprint() throws {
        let json = #"{"blend": {"auto_tune": false, "auto_tune_max_shoppers": 50}}"#
        let c = try JSONDecoder().decode(ModelConfig.self, from: Data(json.utf8))
        #expect(!c.blend.autoTune && c.blend.autoTuneMaxShoppers == 50)
        #expect(c.blend.forYou == ModelConfig().blend.forYou, "unlisted blends keep their defaults")
        #expect(c.stateFingerprint == ModelConfig().stateFingerprint)
    }

    @Test func decodesAnySubsetOfKeys() throws {
        let json = """
            {"event_weights": {"purchase": 10, "wishlist": 2},
             "als": {"factors": 32},
             "blend": {"for_you": {"vectors": 2}},
             "training": {"train_interval_seconds": 60}}
            """
        let c = try JSONDecoder().decode(ModelConfig.self, from: Data(json.utf8))
        var expected = ModelConfig()
        expected.eventWeights["purchase"] = 10
        expected.eventWeights["wishlist"] = 2
        expected.als.factors = 32
        expected.blend.forYou = BlendWeights(vectors: 2)  // a listed blend states all its sources
        expected.training.trainIntervalSeconds = 60
        #expect(c == expected)
        #expect(try JSONDecoder().decode(ModelConfig.self, from: Data("{}".utf8)) == ModelConfig())
    }

    @Test func encodeDecodeRoundTrips() throws {
        var c = ModelConfig()
        c.cooccurrence.measure = "llr"
        c.history.window = 7
        let back = try JSONDecoder().decode(ModelConfig.self, from: JSONEncoder().encode(c))
        #expect(back == c)
    }

    /// Keeps `Models/default.yaml` in step with `ModelConfig()`: the file is parsed with
    /// a minimal reader for its plain nested-mapping subset of YAML.
    @Test func defaultYAMLMatchesTheBuiltInDefaults() throws {
        let here = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        let yaml = here.deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent()
            .appendingPathComponent("Models/default.yaml")
        let text = try String(contentsOf: yaml, encoding: .utf8)
        let object = Self.parseMappings(text)
        let data = try JSONSerialization.data(withJSONObject: object)
        let decoded = try JSONDecoder().decode(ModelConfig.self, from: data)
        #expect(decoded == ModelConfig())
        // Every section and key of the encoded defaults appears in the file.
        let encoded = try JSONSerialization.jsonObject(with: JSONEncoder().encode(ModelConfig())) as! [String: Any]
        for (section, value) in encoded {
            #expect(object[section] != nil, "missing \(section)")
            if let sub = value as? [String: Any], let fileSub = object[section] as? [String: Any] {
                for key in sub.keys { #expect(fileSub[key] != nil, "missing \(section).\(key)") }
            }
        }
    }

    static func parseMappings(_ text: String) -> [String: Any] {
        var stack: [(indent: Int, dict: [String: Any], key: String)] = [(-1, [:], "")]
        func pop() {
            let top = stack.removeLast()
            stack[stack.count - 1].dict[top.key] = top.dict
        }
        for raw in text.split(separator: "\n", omittingEmptySubsequences: true) {
            let line = raw.split(separator: "#", maxSplits: 1, omittingEmptySubsequences: false)[0]
            guard !line.trimmingCharacters(in: .whitespaces).isEmpty else { continue }
            let indent = line.prefix { $0 == " " }.count
            while indent <= stack[stack.count - 1].indent { pop() }
            let parts = line.split(separator: ":", maxSplits: 1).map { $0.trimmingCharacters(in: .whitespaces) }
            if parts.count < 2 || parts[1].isEmpty {
                stack.append((indent, [:], parts[0]))
            } else if parts[1] == "true" || parts[1] == "false" {
                stack[stack.count - 1].dict[parts[0]] = parts[1] == "true"
            } else if let i = Int(parts[1]) {
                stack[stack.count - 1].dict[parts[0]] = i
            } else if let d = Double(parts[1]) {
                stack[stack.count - 1].dict[parts[0]] = d
            } else {
                stack[stack.count - 1].dict[parts[0]] = parts[1]
            }
        }
        while stack.count > 1 { pop() }
        return stack[0].dict
    }
}
