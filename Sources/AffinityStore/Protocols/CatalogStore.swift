/// Products, their stock and their prices, each guarded by the upstream
/// `source_version` so that an older update never overwrites a newer one.
package protocol CatalogStore: Sendable {
    /// Writes products (and their stock rows) in one transaction. A record whose
    /// `sourceVersion` is older than the stored one is skipped; the returned outcomes say
    /// which were applied, in input order.
    func upsertProducts(_ records: [ProductRecord]) async throws -> [UpdateOutcome]

    /// Tombstones a product (events that name it stay valid). Versioned like an upsert.
    func deleteProduct(_ id: String, sourceVersion: Int64?, at time: Int64) async throws -> UpdateOutcome

    /// Sets a live product's stock unless `stock.sourceVersion` is older than the stored one.
    func setStock(_ id: String, _ stock: StockRow) async throws -> UpdateOutcome

    /// Rewrites a live product's payload with `transform` (e.g. new prices) unless
    /// `version` is older than the last applied price update; read and write are one
    /// transaction.
    func updatePrices(
        _ id: String, version: Int64?, at time: Int64, _ transform: @escaping @Sendable (String) throws -> String
    ) async throws -> UpdateOutcome

    /// One live product with its stock.
    func product(_ id: String) async throws -> ProductRecord?

    /// Every live product with its stock, in id order.
    func allProducts() async throws -> [ProductRecord]
}
