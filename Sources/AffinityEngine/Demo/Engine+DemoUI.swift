import AffinityStore
import Foundation

extension Engine {
    /// Marks a store seeded with the demo (meta), so the demo storefront may run on it.
    static let demoStoreKey = "demo_store"
    /// The demo storefront's public key in plain text (meta). Public keys are made to sit
    /// in web pages, and this one is only ever created for the seeded demo store.
    static let demoPublicKeyKey = "demo_ui_public_key"

    /// What `/demo` needs to run in a browser: the demo store's public key. Nil unless
    /// the data directory holds the seeded demo store (a real store never gets one).
    package func demoUIPublicKey() async throws -> String? {
        guard try await store.meta(Self.demoStoreKey) == "1" else { return nil }
        if let key = try await store.meta(Self.demoPublicKeyKey), authenticate(key) != nil { return key }
        let (_, key) = try await addKey(scope: .public, label: "demo storefront (/demo)")
        try await store.setMeta(Self.demoPublicKeyKey, key)
        return key
    }

    /// A `user_token` for a demo shopper, so the demo's "logged-in user" can read their
    /// own history with the public key. Only on the seeded demo store (nil elsewhere): a
    /// real store's back end signs tokens for the users it has logged in, never the API.
    package func demoUserToken(_ userID: String) async throws -> String? {
        guard try await store.meta(Self.demoStoreKey) == "1" else { return nil }
        return userTokens.token(for: userID)
    }
}
