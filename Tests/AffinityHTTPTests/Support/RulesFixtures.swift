import HTTPTypes
import HummingbirdTesting
import NIOCore

/// A rules file with channels, two placements and an experiment, for hot reload and
/// experiment tests (``TestSetup/rulesFile(_:)``).
enum RulesFixtures {
    /// Channels, two placements and a 50/50 experiment with a one-hour attribution window.
    static let rules = """
        channels:
          - {id: web, kind: web, currency: EUR, locale: de-DE}
        placements:
          home_hero: {strategy: for_you, count: 4, fallback: [popular]}
          trending_now: {strategy: trending, count: 5}
        experiments:
          hero_test:
            placement: home_hero
            attribution_window: 1h
            variants:
              - {id: control, weight: 1}
              - {id: treatment, weight: 1, overrides: {count: 3}}

        """

    /// The raw body of a GET with the secret key.
    static func text(_ client: any TestClientProtocol, _ uri: String) async throws -> String {
        let response = try await client.executeRequest(
            uri: uri, method: .get, headers: [.authorization: "Bearer \(TestServer.secretKey)"], body: nil)
        return String(buffer: response.body)
    }
}
