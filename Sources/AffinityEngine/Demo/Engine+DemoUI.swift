import AffinityStore
import Foundation
import Logging
import Synchronization

extension Engine {
    /// Marks a store seeded with the demo (meta), so the demo storefront may run on it.
    static let demoStoreKey = "demo_store"
    /// The demo storefront's public key in plain text (meta). Public keys are made to sit
    /// in web pages, and this one is only ever created for the seeded demo store.
    static let demoPublicKeyKey = "demo_ui_public_key"

    /// Creates the demo storefront's public key when the demo store is seeded (once: a
    /// revoked one is never replaced, and turns the demo off).
    func provisionDemoUIKey() async throws {
        let (_, key) = try await addKey(scope: .public, label: "demo storefront (/demo)")
        try await store.setMeta(Self.demoPublicKeyKey, key)
    }

    /// What `/demo` needs to run in a browser: the demo store's public key. Nil unless
    /// the data directory holds the seeded demo store, untouched by real data (any
    /// catalog write or import ends the demo: ``leaveDemo()``), and its key is not revoked.
    package func demoUIPublicKey() async throws -> String? {
        guard try await isDemoStore() else { return nil }
        // Read once: every page and file of /demo asks (revocation is checked each time,
        // in memory).
        var key = demoKey.withLock { $0 }
        if key == nil {
            key = try await store.meta(Self.demoPublicKeyKey)
            demoKey.withLock { $0 = key }
        }
        guard let key, authenticate(key) != nil else { return nil }
        return key
    }

    /// A `user_token` for one of the demo's own shoppers (`U` and five digits), so the
    /// demo's "logged-in user" can read their own history with the public key. Nil
    /// anywhere but the untouched demo store: a real store's back end signs tokens for
    /// the users it has logged in, never the API.
    package func demoUserToken(_ userID: String) async throws -> String? {
        guard try await demoUIPublicKey() != nil, userID.utf8.count == 6, userID.hasPrefix("U"),
            userID.dropFirst().allSatisfy(\.isASCII), userID.dropFirst().allSatisfy(\.isNumber)
        else { return nil }
        return userTokens.token(for: userID)
    }

    /// Whether this is still the seeded demo store (cached after the first read).
    func isDemoStore() async throws -> Bool {
        switch demoState.load(ordering: .acquiring) {
        case 1: return true
        case 2: return false
        default:
            let demo = try await store.meta(Self.demoStoreKey) == "1"
            demoState.store(demo ? 1 : 2, ordering: .releasing)
            return demo
        }
    }

    /// Real data arrived (a catalog write, a catalog or event import): the store is no
    /// longer the demo, for good, so `/demo` and its token minting stop.
    func leaveDemo() async {
        guard (try? await isDemoStore()) == true else { return }
        do {
            try await store.setMeta(Self.demoStoreKey, "0")
            demoState.store(2, ordering: .releasing)
            logger.notice("real catalog or event data written: the demo storefront (/demo) is off for this store")
        } catch {
            logger.error("could not turn the demo storefront off", metadata: ["error": "\(error)"])
        }
    }
}
