import AffinityCore
import AffinityStore
import Foundation
import Testing

@testable import AffinityEngine

/// The blend tuner learns from each shopper's own history: events are credited to the
/// owner the identity rules gave them when they happened, not to today's links.
@Suite("Tuning events follow the identity rules")
struct TuningIdentityTests {
    @Test("a shared device's past stays with its first user; pre-login browsing follows the user who logs in")
    func sharedDevice() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        _ = try await engine.ingest(
            [
                view("t0", product: "P0", user: nil, anonymous: "kiosk", minutesAgo: 60),  // before A's login
                view("t1", product: "P1", user: "A", anonymous: "kiosk", minutesAgo: 50),
                view("t2", product: "P2", user: nil, anonymous: "kiosk", minutesAgo: 40),  // A's session
                view("t3", product: "P3", user: "B", anonymous: "kiosk", minutesAgo: 30),  // B logs in
                view("t4", product: "P4", user: nil, anonymous: "kiosk", minutesAgo: 20),  // B's now
            ], batched: true)
        let events = try await engine.tuningEvents(upTo: .max)
        let (a, b, products) = engine.state.withLock { state in
            (state.shoppers.id(of: "u:A")!, state.shoppers.id(of: "u:B")!, state.products)
        }
        func items(of shopper: Int32) -> [String] {
            events.filter { $0.shopper == shopper }.flatMap(\.items).map { products.string(for: $0) }
        }
        #expect(items(of: a) == ["P0", "P1", "P2"])
        #expect(items(of: b) == ["P3", "P4"])
    }
}
