import AffinityEngine
import Testing

/// The rules text the console shows never carries a secret.
@Suite struct RulesRedactionTests {
    @Test func secretValuesAreReplacedAndEverythingElseKept() throws {
        let yaml = """
            channels:
              - {id: web, kind: web, currency: EUR, locale: de-DE}
            user_token_secret: uts_very_secret_value
            webhooks:
              secrets:
                generic: whsec_abc123
                shopify: "shpss_xyz"
            placements:
              home:
                strategy: trending
                count: 5
            """
        let rules = try RulesConfigLoader.parse(yaml: yaml, file: "test.yaml")
        #expect(!rules.redactedSource.contains("uts_very_secret_value"))
        #expect(rules.redactedSource.contains(#"user_token_secret: "***""#))
        // Under a secret mapping every entry's value goes, the keys stay.
        #expect(!rules.redactedSource.contains("whsec_abc123") && !rules.redactedSource.contains("shpss_xyz"))
        #expect(rules.redactedSource.contains(#"    generic: "***""#))
        #expect(rules.redactedSource.contains("placements:\n  home:\n    strategy: trending"))
        #expect(rules.redactedSource.contains("count: 5"))
        #expect(rules.redactedSource.split(separator: "\n").count == yaml.split(separator: "\n").count)
    }
}
