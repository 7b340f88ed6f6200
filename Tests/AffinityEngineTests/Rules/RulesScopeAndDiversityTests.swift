import AffinityCore
import AffinityEngine
import Testing

/// The rules that shape where leaders come from and how lists are varied: `scope`,
/// `filters.include_hidden` and `diversity.similarity`.
@Suite("Rules file: scope, hidden products, similarity")
struct RulesScopeAndDiversityTests {
    static let header =
        "channels:\n  - {id: web, kind: web, currency: EUR, locale: de-DE}\n  - {id: app, kind: app, currency: USD, locale: en-US}\n\n"

    func placement(_ yaml: String) throws -> Placement {
        let config = try RulesConfigLoader.parse(yaml: Self.header + "placements:\n  p:\n" + yaml, file: "test.yaml")
        return try #require(config.placements["p"])
    }

    func errors(_ yaml: String) -> [RulesConfigError] {
        rulesErrors(Self.header + "placements:\n  p:\n" + yaml)
    }

    @Test("scope names a channel (request, all or a declared one) and a category (a name or context)")
    func scope() throws {
        #expect(try placement("    strategy: trending\n").scope == PlacementScope())
        #expect(
            try placement("    strategy: trending\n    scope: {channel: app, category: hats}\n").scope
                == PlacementScope(channel: .named("app"), category: .named("hats")))
        #expect(
            try placement("    strategy: popular\n    scope: {channel: all, category: context}\n").scope
                == PlacementScope(channel: .all, category: .context))
        let unknown = errors("    strategy: trending\n    scope: {channel: kiosk}\n")
        #expect(unknown.count == 1)
        #expect(unknown.first?.path == "placements.p.scope.channel")
        #expect(unknown.first?.message.contains("unknown channel 'kiosk'") == true)
        #expect(
            errors("    strategy: trending\n    scope: {region: eu}\n").first?.message.contains("unknown key") == true)
    }

    @Test("include_hidden is a yes/no filter; absent, the strategy decides")
    func includeHidden() throws {
        #expect(try placement("    strategy: popular\n").filters.includeHidden == nil)
        #expect(
            try placement("    strategy: popular\n    filters: {include_hidden: true}\n").filters.includeHidden == true)
        #expect(errors("    strategy: popular\n    filters: {include_hidden: maybe}\n").count == 1)
        #expect(StrategyName.popular.isListingStyle && StrategyName.forYou.isListingStyle)
        #expect(!StrategyName.recentlyViewed.isListingStyle && !StrategyName.buyAgain.isListingStyle)
    }

    @Test("diversity.similarity lists category, brand, vectors or content; unknown names are errors")
    func similarity() throws {
        #expect(
            try placement("    strategy: for_you\n    diversity: {mmr_lambda: 0.5}\n").diversity?.similarity
                == [.category, .brand])
        #expect(
            try placement("    strategy: for_you\n    diversity: {mmr_lambda: 0.5, similarity: [vectors, content]}\n")
                .diversity?.similarity == [.vectors, .content])
        let wrong = errors("    strategy: for_you\n    diversity: {similarity: [colour]}\n")
        #expect(wrong.count == 1)
        #expect(wrong.first?.message == "unknown similarity 'colour'; use any of: category, brand, vectors, content")
        #expect(errors("    strategy: for_you\n    diversity: {similarity: []}\n").count == 1)
    }
}
