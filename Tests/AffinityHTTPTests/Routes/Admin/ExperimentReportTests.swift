import AffinityStore
import Foundation
import HTTPTypes
import Testing

@testable import AffinityEngine

/// The experiment report counts exactly the events that echo a served list's
/// `recommendation_id`, within the attribution window, for items in the list.
@Suite struct ExperimentReportTests {
    static let minute: Int64 = 60_000

    /// One event as JSON, `offset` ms after `base`.
    static func event(
        _ id: String, _ type: String, rec: String?, at time: Int64, items: [(String, Int64?, Int)] = []
    ) -> String {
        var fields = [
            #""event_id":"\#(id)""#, #""type":"\#(type)""#,
            #""occurred_at":"\#(RFC3339.string(milliseconds: time))""#, #""channel":"web""#, #""user_id":"u-\#(id)""#,
        ]
        if let rec { fields.append(#""recommendation_id":"\#(rec)""#) }
        if !items.isEmpty {
            let lines = items.map { product, price, quantity in
                let priced = price.map { #","price_minor":\#($0),"currency":"EUR""# } ?? ""
                return #"{"product_id":"\#(product)","quantity":\#(quantity)\#(priced)}"#
            }
            fields.append(#""items":[\#(lines.joined(separator: ","))]"#)
        }
        return "{" + fields.joined(separator: ",") + "}"
    }

    @Test func reportCountsMatchTheEventsSent() async throws {
        try await TestServer.run(.rulesFile()) { client, engine in
            let base = EngineOptions.systemNow() - 3 * 60 * Self.minute
            func list(_ id: String, _ variant: String, _ products: [String], experiment: String = "hero_test")
                -> ServedListRecord
            {
                ServedListRecord(
                    recommendationID: id, placement: "home_hero", experiment: experiment, variant: variant,
                    shopper: "u:\(id)", channel: "web", productIDs: products, servedAt: base)
            }
            try await engine.store.saveServedLists([
                list("C1", "control", ["P1", "P2"]), list("C2", "control", ["P1", "P3"]),
                list("C3", "control", ["P4"]), list("T1", "treatment", ["P1", "P2"]),
                list("T2", "treatment", ["P5"]), list("X1", "control", ["P1"], experiment: "other"),
            ])
            let m = Self.minute
            let events = [
                Self.event("e1", "rec_impression", rec: "C1", at: base + 1000),
                Self.event("e2", "rec_impression", rec: "C1", at: base + 2000),  // same list again
                Self.event("e3", "rec_impression", rec: "C2", at: base + 1000),
                Self.event("e4", "rec_impression", rec: "T1", at: base + 1000),
                Self.event("e5", "rec_click", rec: "C1", at: base + 10_000),
                Self.event("e6", "rec_click", rec: "C1", at: base + 20_000),
                Self.event("e7", "rec_click", rec: "C3", at: base + 120 * m),  // outside the 1h window
                Self.event("e8", "rec_click", rec: "T1", at: base + 5 * m),
                Self.event("e9", "rec_click", rec: "T2", at: base + 10 * m),
                Self.event("e10", "add_to_cart", rec: "C1", at: base + 15 * m, items: [("P2", nil, 1)]),
                Self.event("e11", "add_to_cart", rec: "C2", at: base + 15 * m, items: [("P9", nil, 1)]),  // not in list
                Self.event("e12", "add_to_cart", rec: "T1", at: base + 30 * m, items: [("P1", nil, 1)]),
                Self.event("e13", "add_to_cart", rec: "T1", at: base + 90 * m, items: [("P2", nil, 1)]),  // late
                Self.event(
                    "e14", "purchase", rec: "C1", at: base + 40 * m, items: [("P1", 1000, 2), ("P9", 500, 1)]),
                Self.event("e15", "purchase", rec: "T1", at: base + 50 * m, items: [("P2", 1500, 1)]),
                Self.event("e16", "purchase", rec: "T2", at: base + 120 * m, items: [("P5", 700, 1)]),  // late
                Self.event("e17", "purchase", rec: "C2", at: base + 20 * m, items: [("P7", 900, 1)]),  // not in list
                Self.event("e18", "rec_click", rec: "X1", at: base + m),  // another experiment
                Self.event("e19", "rec_click", rec: "NOPE", at: base + m),  // unknown list
                Self.event("e20", "add_to_cart", rec: nil, at: base + m, items: [("P1", nil, 1)]),
            ]
            let posted = try await client.send(
                .post, "/v1/events", body: #"{"events":[\#(events.joined(separator: ","))]}"#)
            #expect(posted.status == .ok)
            #expect(posted.json["accepted"] as? Int == events.count)

            let response = try await client.send(.get, "/v1/admin/experiments/hero_test", key: TestServer.secretKey)
            #expect(response.status == .ok)
            #expect(response.json["control"] as? String == "control")
            #expect(response.json["attribution_window_seconds"] as? Int == 3600)
            let variants = try #require(response.json["variants"] as? [[String: Any]])
            #expect(variants.map { $0["variant"] as? String } == ["control", "treatment"])
            let control = variants[0]
            let treatment = variants[1]
            let expected: [(String, Int, Int)] = [
                ("impressions", 3, 2), ("impression_events", 2, 1), ("clicks", 2, 2), ("clicked_lists", 1, 2),
                ("add_to_carts", 1, 1), ("purchases", 1, 1), ("converted_lists", 1, 1),
            ]
            for (key, c, t) in expected {
                #expect(control[key] as? Int == c, "control \(key)")
                #expect(treatment[key] as? Int == t, "treatment \(key)")
            }
            let revenue = try #require((control["revenue"] as? [[String: Any]])?.first)
            #expect(revenue["currency"] as? String == "EUR" && revenue["total_minor"] as? Int == 2000)
            let perImpression = try #require(revenue["per_impression"] as? [String: Any])
            #expect(abs((perImpression["value"] as? Double ?? 0) - 2000.0 / 3) < 1e-9)
            #expect((treatment["revenue"] as? [[String: Any]])?.first?["total_minor"] as? Int == 1500)
            let ctr = try #require(control["ctr"] as? [String: Any])
            #expect(abs((ctr["value"] as? Double ?? 0) - 1.0 / 3) < 1e-9 && ctr["ci95_low"] is Double)
            #expect(control["lift"] == nil)
            let lift = try #require(treatment["lift"] as? [String: Any])
            #expect(abs(((lift["ctr"] as? [String: Any])?["value"] as? Double ?? 0) - 2.0) < 1e-9)
            #expect(abs(((lift["conversion"] as? [String: Any])?["value"] as? Double ?? 0) - 0.5) < 1e-9)
        }
    }

    @Test func anUnknownExperimentIsNotFound() async throws {
        try await TestServer.run(.rulesFile()) { client, _ in
            let response = try await client.send(.get, "/v1/admin/experiments/nope", key: TestServer.secretKey)
            #expect(response.status == .notFound)
            #expect(response.json.errorCode == "experiment_not_found")
            let empty = try await client.send(.get, "/v1/admin/experiments/hero_test", key: TestServer.secretKey)
            let variants = empty.json["variants"] as? [[String: Any]]
            #expect(variants?.map { $0["impressions"] as? Int } == [0, 0])
        }
    }
}
