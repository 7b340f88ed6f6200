import AffinityCore
import AffinityEngine
import Crypto
import Foundation
import Testing

/// The rules file parsed from text, or the errors it produced.
func rulesErrors(_ yaml: String) -> [RulesConfigError] {
    do {
        _ = try RulesConfigLoader.parse(yaml: yaml, file: "test.yaml")
        return []
    } catch {
        return error.errors
    }
}

/// Channels every snippet declares, so each test shows only what it is about: lines 1–2 and a
/// blank line 3, so a snippet's first line is line 4.
let rulesHeader = "channels:\n  - {id: web, kind: web, currency: EUR, locale: de-DE}\n\n"

@Suite("Rules file: loading")
struct RulesConfigTests {
    static let rootFile = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
        .deletingLastPathComponent().deletingLastPathComponent().appendingPathComponent("affinity.yaml").path

    @Test("the repository's affinity.yaml loads with no errors and declares the demo channels")
    func rootFile() throws {
        let config = try RulesConfigLoader.load(path: Self.rootFile, now: { 42 })
        #expect(config.channels == DemoStore.demoChannels)
        #expect(
            Set(config.placements.keys) == [
                "home_hero", "pdp_similar", "cart_complements", "weekly_email", "trending_now", "category_shelf",
                "trending_in_category",
            ])
        let hero = try #require(config.placements["home_hero"])
        #expect(hero.strategy == .forYou)
        #expect(hero.count == 12)
        #expect(hero.blend == PlacementBlend(cooccurrence: 0.4, vectors: 0.4, popularity: 0.2))
        #expect(hero.filters.excludeCategories == ["gift-cards"])
        #expect(hero.filters.excludePurchasedWithin == Int64(30 * 86_400))
        #expect(hero.boosts.first == Adjustment(when: Condition(brands: ["Acme"]), factor: 1.5))
        #expect(hero.buries.first?.when.tags == ["clearance"])
        let pin = try #require(hero.pins.first)
        #expect(pin.channels == ["web", "app"])
        #expect(pin.from == RFC3339.milliseconds("2026-11-27T00:00:00Z"))
        #expect(pin.isActive(channel: "web", now: RFC3339.milliseconds("2026-11-28T12:00:00Z")!))
        #expect(!pin.isActive(channel: "kiosk", now: RFC3339.milliseconds("2026-11-28T12:00:00Z")!))
        #expect(pin.isActive(channel: "web", now: RFC3339.milliseconds("2029-12-31T23:59:59Z")!))
        #expect(!pin.isActive(channel: "web", now: RFC3339.milliseconds("2030-01-01T00:00:00Z")!))
        #expect(hero.diversity == Diversity(maxPerCategory: 3, maxPerBrand: 4))
        #expect(hero.fallback == [.trending, .popular])
        #expect(config.placements["weekly_email"]?.filters.excludePurchasedWithin == 2_592_000)
        #expect(config.placements["pdp_similar"]?.boosts.first?.when.sameAsContext == [.category])
        let experiment = try #require(config.experiment(on: "home_hero"))
        #expect(experiment.control == "control")
        #expect(experiment.variants.map(\.weight) == [50, 50])
        #expect(experiment.attributionWindow == 86_400)
        let variant = try #require(experiment.variants.last)
        #expect(hero.applying(variant.overrides).blend?.vectors == 0.7)
        #expect(hero.applying(variant.overrides).pins == hero.pins)
        #expect(config.loadedAt == 42)
        #expect(config.version.count == 12)
    }

    @Test("the version is the first 12 hex digits of the file's SHA-256: same bytes, same version")
    func version() throws {
        let text = rulesHeader + "placements: {}\n"
        let first = try RulesConfigLoader.parse(yaml: text)
        let second = try RulesConfigLoader.parse(yaml: text)
        let changed = try RulesConfigLoader.parse(yaml: text + "# comment\n")
        #expect(first.version == second.version)
        #expect(first.version != changed.version)
        #expect(first.version == String(Hex.string(SHA256.hash(data: Array(text.utf8))).prefix(12)))
        #expect(first.version.allSatisfy { $0.isHexDigit })
    }

    @Test("durations: 30d, 12h, 90m, 45s and 2w become seconds; other forms are errors")
    func durations() throws {
        let cases: [(String, Int64)] = [
            ("30d", 2_592_000), ("12h", 43_200), ("90m", 5_400), ("45s", 45), ("2w", 1_209_600),
        ]
        for (text, seconds) in cases {
            let config = try RulesConfigLoader.parse(
                yaml: rulesHeader + """
                    placements:
                      p: {strategy: for_you, filters: {exclude_purchased_within: \(text)}}
                    """)
            #expect(config.placements["p"]?.filters.excludePurchasedWithin == seconds)
        }
        for bad in ["30", "30 days", "-1d", "0d", "d", "1.5h"] {
            let errors = rulesErrors(
                rulesHeader + """
                    placements:
                      p: {strategy: for_you, filters: {exclude_purchased_within: "\(bad)"}}
                    """)
            #expect(errors.count == 1, "\(bad)")
            #expect(errors.first?.message.contains("expected a duration such as 30d") == true, "\(bad)")
            #expect(errors.first?.line == 5)
        }
    }

    @Test("defaults: count 10, in stock only, request exclusions honoured, 24 h attribution")
    func defaults() throws {
        let config = try RulesConfigLoader.parse(
            yaml: rulesHeader + """
                placements:
                  p: {strategy: popular}
                experiments:
                  e:
                    placement: p
                    variants: [{id: control, weight: 1}, {id: b, weight: 3, overrides: {count: 5}}]
                """)
        let placement = try #require(config.placements["p"])
        #expect(placement == Placement(strategy: .popular))
        #expect(placement.filters.inStock && placement.filters.excludeRequestIDs && !placement.filters.excludeCart)
        #expect(config.experiments["e"]?.attributionWindow == Experiment.defaultAttributionWindow)
        #expect(config.experiments["e"]?.variants.last?.overrides == PlacementOverrides(count: 5))
    }

    @Test("anchors, aliases and '<<' merge keys share rules between placements; written keys win")
    func anchors() throws {
        let config = try RulesConfigLoader.parse(
            yaml: rulesHeader + """
                placements:
                  a: &base
                    strategy: for_you
                    filters: &filters {exclude_categories: [gift-cards]}
                  b: {strategy: popular, filters: *filters}
                  c:
                    <<: *base
                    count: 4
                experiments:
                """)
        #expect(config.placements["b"]?.filters.excludeCategories == ["gift-cards"])
        #expect(config.placements["c"]?.strategy == .forYou)
        #expect(config.placements["c"]?.count == 4)
        #expect(config.experiments.isEmpty)
    }

    @Test("bucketing is deterministic per shopper and follows the weights")
    func bucketing() {
        let experiment = Experiment(
            id: "e", placement: "p",
            variants: [.init(id: "control", weight: 1), .init(id: "b", weight: 3)])
        var counts: [String: Int] = [:]
        for shopper in 0..<4000 {
            let variant = experiment.variant(for: "u-\(shopper)")
            #expect(experiment.variant(for: "u-\(shopper)") == variant)
            counts[variant.id, default: 0] += 1
        }
        #expect((800...1200).contains(counts["control"] ?? 0))
        let other = Experiment(id: "f", placement: "p", variants: experiment.variants)
        let moved = (0..<200).filter { other.variant(for: "u-\($0)") != experiment.variant(for: "u-\($0)") }
        #expect(!moved.isEmpty, "a different experiment id re-buckets shoppers independently")
    }
}
