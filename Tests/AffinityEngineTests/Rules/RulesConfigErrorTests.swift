import AffinityEngine
import Testing

/// Each class of mistake is reported at the right line and column, with a message that says how to fix it.
/// Snippets start with ``rulesHeader`` (channels on lines 1–2, a blank line 3), so they begin at line 4.
@Suite("Rules file: errors")
struct RulesConfigErrorTests {
    func only(_ yaml: String) throws -> RulesConfigError {
        let errors = rulesErrors(rulesHeader + yaml)
        #expect(errors.count == 1, "\(errors)")
        return try #require(errors.first)
    }

    @Test("an unknown key names its place and suggests the closest known key")
    func unknownKey() throws {
        let error = try only(
            """
            placements:
              home_hero:
                strategy: for_you
                boots: [{when: {brand: Acme}, factor: 1.5}]
            """)
        #expect(error.line == 7 && error.column == 5)
        #expect(error.path == "placements.home_hero.boots")
        #expect(error.message == "unknown key 'boots' in placements.home_hero; did you mean 'boosts'?")
        #expect(
            error.description
                == "test.yaml:7:5: placements.home_hero.boots: unknown key 'boots' in placements.home_hero; "
                + "did you mean 'boosts'?")
        let far = try only("palcements: {}")
        #expect(far.message == "unknown key 'palcements' in the top level; did you mean 'placements'?")
        let none = try only("placements:\n  p: {strategy: for_you, qqqqqqqq: 1}")
        #expect(none.message.contains("expected one of: strategy, count, blend"))
    }

    @Test("a wrong type quotes the value and says what was expected")
    func wrongType() throws {
        let error = try only(
            """
            placements:
              home_hero:
                strategy: for_you
                count: twelve
            """)
        #expect(error.line == 7 && error.column == 12)
        #expect(
            error.description == "test.yaml:7:12: placements.home_hero.count: expected a whole number, got 'twelve'")
        let range = try only("placements:\n  p: {strategy: for_you, count: 500}")
        #expect(range.message == "must be between 1 and 100, got 500")
        let flag = try only("placements:\n  p: {strategy: for_you, filters: {in_stock: maybe}}")
        #expect(flag.message == "expected true or false, got 'maybe'")
        let list = try only("placements:\n  p: {strategy: for_you, boosts: {brand: Acme}}")
        #expect(list.message.hasPrefix("expected a list"))
        let cents = try only("placements:\n  p: {strategy: for_you, filters: {price_max: 19.99}}")
        #expect(cents.message == "prices are in minor units (cents): write 1999 for 19.99")
    }

    @Test("unknown strategies and channels list the valid ones")
    func unknownNames() throws {
        let strategy = try only("placements:\n  p:\n    strategy: for_yuo")
        #expect(strategy.line == 6 && strategy.column == 15)
        #expect(strategy.message.hasPrefix("unknown strategy 'for_yuo'; did you mean 'for_you'? valid strategies: "))
        #expect(strategy.message.contains("frequently_bought_together"))
        let fallback = try only("placements:\n  p: {strategy: for_you, fallback: [trending, bestsellers]}")
        #expect(fallback.path == "placements.p.fallback[1]")
        let channel = try only(
            """
            placements:
              p:
                strategy: for_you
                pins: [{product_id: P1, position: 1, channels: [web, kiosk]}]
            """)
        #expect(channel.line == 7)
        #expect(channel.message == "unknown channel 'kiosk'; declared channels: web (add it under 'channels')")
    }

    @Test("NaN, infinite and negative weights are refused; all-zero blends too")
    func weights() throws {
        for (value, expected) in [
            (".nan", "must be a finite number"), (".inf", "must be a finite number"),
            ("-0.2", "must be 0 or more"), ("lots", "expected a number"),
        ] {
            let error = try only("placements:\n  p:\n    strategy: for_you\n    blend: {vectors: \(value)}")
            #expect(error.line == 7 && error.column == 22)
            #expect(error.path == "placements.p.blend.vectors")
            #expect(error.message.hasPrefix(expected), "\(value): \(error.message)")
        }
        let zero = try only("placements:\n  p: {strategy: for_you, blend: {vectors: 0}}")
        #expect(zero.message.hasPrefix("at least one weight must be above 0"))
    }

    @Test("a duplicate key is reported at its second occurrence")
    func duplicateKey() throws {
        let error = try only(
            """
            placements:
              p:
                strategy: for_you
                count: 5
                count: 6
            """)
        #expect(error.line == 8 && error.column == 5)
        #expect(error.message.hasPrefix("duplicate key 'count' (first at line 7)"))
    }

    @Test("pins: position within the list, channel and dates checked; boosts and buries point at the other list")
    func pinsAndFactors() throws {
        let position = try only(
            "placements:\n  p:\n    strategy: for_you\n    count: 4\n    pins: [{product_id: P1, position: 5}]")
        #expect(position.line == 8 && position.path == "placements.p.pins[0].position")
        #expect(position.message == "position 5 is beyond the list (count 4); use 1…4")
        let window = try only(
            "placements:\n  p: {strategy: for_you, pins: [{product_id: P1, position: 1, from: 2026-12-01, until: 2026-11-27}]}"
        )
        #expect(window.path == "placements.p.pins[0].until")
        let date = try only(
            "placements:\n  p: {strategy: for_you, pins: [{product_id: P1, position: 1, from: tomorrow}]}")
        #expect(date.message.hasPrefix("expected a date such as 2026-11-27"))
        let boost = try only("placements:\n  p: {strategy: for_you, boosts: [{when: {brand: Acme}, factor: 0.5}]}")
        #expect(boost.message == "a boost factor below 1 lowers the score; move this rule to 'buries'")
        let bury = try only("placements:\n  p: {strategy: for_you, buries: [{when: {tags: clearance}, factor: 2}]}")
        #expect(bury.message == "a bury factor above 1 raises the score; move this rule to 'boosts'")
        let context = try only(
            "placements:\n  p: {strategy: for_you, boosts: [{when: {same_as_context: colour}, factor: 2}]}")
        #expect(context.message == "unknown context field 'colour'; use one of: brand, category")
    }

    @Test("experiments: the placement must exist, a control is required, weights are positive")
    func experiments() throws {
        let base = "placements:\n  home_hero: {strategy: for_you}\nexperiments:\n  e:\n"
        let placement = try only(
            base + "    placement: home_hreo\n    variants: [{id: control, weight: 1}, {id: b, weight: 1}]")
        #expect(placement.line == 8)
        #expect(
            placement.message
                == "unknown placement 'home_hreo'; did you mean 'home_hero'? declared placements: home_hero")
        let control = try only(
            base + "    placement: home_hero\n    variants: [{id: a, weight: 1}, {id: b, weight: 1}]")
        #expect(control.message.hasPrefix("no control: call one variant 'control'"))
        let named = try RulesConfigLoader.parse(
            yaml: rulesHeader + base
                + "    placement: home_hero\n    control: a\n    variants: [{id: a, weight: 1}, {id: b, weight: 1}]")
        #expect(named.experiments["e"]?.control == "a")
        let weight = try only(
            base + "    placement: home_hero\n    variants: [{id: control, weight: 0}, {id: b, weight: 1}]")
        #expect(weight.message.hasPrefix("must be above 0"))
        let override = try only(
            base
                + "    placement: home_hero\n    variants: [{id: control, weight: 1}, {id: b, weight: 1, overrides: {stratgy: popular}}]"
        )
        #expect(override.message.hasSuffix("did you mean 'strategy'?"))
        let pinned = "placements:\n  home_hero: {strategy: for_you, pins: [{product_id: P1, position: 8}]}\n"
        let shorter = rulesErrors(
            rulesHeader + pinned
                + "experiments:\n  e:\n    placement: home_hero\n    variants: [{id: control, weight: 1}, "
                + "{id: b, weight: 1, overrides: {count: 5}}]")
        #expect(shorter.map(\.path) == ["experiments.e.variants[1].overrides.count"])
    }

    @Test("all errors are collected, sorted by position, and a YAML syntax error is located")
    func collected() throws {
        let errors = rulesErrors(
            rulesHeader + """
                placements:
                  a:
                    strategy: nope
                    count: 0
                  b:
                    strategy: for_you
                    boots: []
                    filters: {new_within: soon}
                experiments:
                  e: {placement: zzz, variants: []}
                """)
        #expect(errors.map(\.line) == [6, 7, 10, 11, 13, 13])
        #expect(errors.map(\.line) == errors.map(\.line).sorted())
        let syntax = rulesErrors("placements:\n  p: {strategy: for_you\n  q: 1\n")
        #expect(syntax.count == 1)
        #expect(syntax.first?.message.hasPrefix("invalid YAML: ") == true)
        let missing = rulesErrors("placements: {}\n")
        #expect(missing.first?.message.hasPrefix("missing required key 'channels'") == true)
    }
}
