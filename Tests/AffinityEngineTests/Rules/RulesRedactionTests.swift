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

    @Test func layoutsTheLineRulesCannotReadAreWithheldWholeOrRedacted() throws {
        let channels = "channels:\n  - {id: web, kind: web, currency: EUR, locale: de-DE}\n"
        // A flow mapping under a key that is not itself named secret: withheld.
        let flow = try RulesConfigLoader.parse(
            yaml: channels + "webhooks: {secrets: {generic: whsec_flow_value}}\n", file: "t.yaml")
        #expect(!flow.redactedSource.contains("whsec_flow_value"))
        #expect(flow.redactedSource.hasPrefix("# The rules file is not shown"))
        // A block scalar: its lines are the secret's.
        let block = try RulesConfigLoader.parse(
            yaml: channels + "user_token_secret: |-\n  uts_block_value\nplacements: {}\n", file: "t.yaml")
        #expect(!block.redactedSource.contains("uts_block_value"))
        #expect(block.redactedSource.contains("placements: {}"))
        // CRLF line ends.
        let crlf = try RulesConfigLoader.parse(
            yaml: channels.replacing("\n", with: "\r\n") + "user_token_secret: uts_crlf_value\r\n", file: "t.yaml")
        #expect(!crlf.redactedSource.contains("uts_crlf_value"))
        // Comments under a secret mapping may hold old secrets.
        let comment = try RulesConfigLoader.parse(
            yaml: channels + "webhooks:\n  secrets:\n    # was: whsec_old_value\n    generic: whsec_new_value\n",
            file: "t.yaml")
        #expect(
            !comment.redactedSource.contains("whsec_old_value") && !comment.redactedSource.contains("whsec_new_value"))
    }
}
