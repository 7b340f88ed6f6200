import Foundation
import GRDB
import Testing

@testable import AffinityStore

/// Migration v4 builds the attribution index from the events a store logged before it
/// existed, so experiment reports of an upgraded data directory lose nothing.
@Suite("SQLite attribution back-fill")
struct SQLiteAttributionMigrationTests {
    @Test("events logged before the index existed are back-filled: per line, the line's id or the event's")
    func backFill() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        do {
            let queue = try DatabaseQueue(path: directory.databasePath)
            try SQLiteStore.migrator.migrate(queue, upTo: "v3-served-lists")
            try await queue.write { db in
                let payloads: [(String, String, Int64)] = [
                    ("rec_click", #"{"event_id":"e1","recommendation_id":"r1","type":"rec_click"}"#, 10),
                    (
                        "purchase",
                        #"{"event_id":"e2","items":[{"currency":"EUR","price_minor":500,"product_id":"P1","quantity":2},"#
                            + #"{"product_id":"P2","recommendation_id":"r2"}],"order":{"currency":"EUR","order_id":"o1"},"#
                            + #""recommendation_id":"r1","type":"purchase"}"#, 20
                    ),
                    ("purchase", #"{"event_id":"e3","items":[{"product_id":"P3"}],"type":"purchase"}"#, 30),
                    ("product_view", #"{"event_id":"e4","recommendation_id":"r1","type":"product_view"}"#, 40),
                ]
                for (index, (type, payload, at)) in payloads.enumerated() {
                    try db.execute(
                        sql: """
                            INSERT INTO events (event_id, type, occurred_at, product_ids, personalization, payload,
                              payload_hash) VALUES (?, ?, ?, '', 1, ?, 0)
                            """, arguments: ["e\(index + 1)", type, at, payload])
                }
                for (id, variant) in [("r1", "A"), ("r2", "B")] {
                    try db.execute(
                        sql: """
                            INSERT INTO served_lists (recommendation_id, experiment, variant, product_ids, served_at)
                            VALUES (?, 'exp', ?, 'P1', 0)
                            """, arguments: [id, variant])
                }
            }
        }
        let store = try SQLiteStore(path: directory.databasePath)
        let rows = try await store.attributions(experiment: "exp", after: 0, limit: 100)
        #expect(
            rows.map(\.line) == [
                AttributionLine(recommendationID: "r1"),
                AttributionLine(recommendationID: "r1", productID: "P1", quantity: 2, priceMinor: 500, currency: "EUR"),
                AttributionLine(recommendationID: "r2", productID: "P2", quantity: 1, priceMinor: nil, currency: "EUR"),
            ])
        #expect(rows.map(\.type) == ["rec_click", "purchase", "purchase"])
        #expect(rows.map(\.occurredAt) == [10, 20, 20])
    }
}
