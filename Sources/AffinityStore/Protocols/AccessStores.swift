/// API keys as data: several per scope, each with an id, a label, a creation time, an
/// optional expiry and revocation. Keys themselves are never stored, only their hashes.
package protocol KeyStore: Sendable {
    /// Every stored key, revoked and expired ones included, oldest first.
    func apiKeys() async throws -> [APIKeyRecord]

    /// Stores a new key; throws when its id or hash is already stored.
    func addAPIKey(_ key: APIKeyRecord) async throws

    /// Marks a key revoked at `at` (a revoked key stays revoked; its first revocation
    /// time is kept) and returns it, or nil when no key has that id.
    func revokeAPIKey(_ id: String, at: Int64) async throws -> APIKeyRecord?

    /// A number that changes whenever a key is added or revoked, by this process or
    /// another one (the CLI on a running server's data directory): cheap to poll.
    func keysVersion() async throws -> Int64
}

/// The lists the engine served, kept for attribution of later events.
package protocol ServedListStore: Sendable {
    /// Stores served lists (idempotent on `recommendation_id`) in one transaction.
    func saveServedLists(_ lists: [ServedListRecord]) async throws

    /// One served list by id.
    func servedList(_ recommendationID: String) async throws -> ServedListRecord?

    /// Every served list of an experiment, oldest first.
    func servedLists(experiment: String) async throws -> [ServedListRecord]
}

/// Webhook delivery ids, so that a platform's redelivery changes nothing.
package protocol DeliveryStore: Sendable {
    /// Records a delivery id; false if it was seen before (a redelivery).
    func recordDelivery(source: String, id: String, at time: Int64) async throws -> Bool

    /// Forgets a delivery whose processing failed, so that a retry is processed.
    func forgetDelivery(source: String, id: String) async throws
}

/// The store's own key-value settings (e.g. whether the demo was seeded).
package protocol MetaStore: Sendable {
    func meta(_ key: String) async throws -> String?
    func setMeta(_ key: String, _ value: String) async throws
}

/// Everything the engine persists. The engine holds `any DataStore`; each backend
/// conforms to every part and passes the same contract test suite.
package protocol DataStore: EventLog, CatalogStore, CommerceStore, KeyStore, ServedListStore, DeliveryStore,
    MetaStore, ShopperDataStore
{
    /// A human-readable location for logs (a file path, a database URL without password).
    var location: String { get }
}
