import AffinityCore
import AffinityEngine
import Foundation
import Testing

/// The engine's Prometheus figures move with what it does, and a hostile value never
/// becomes a label.
@Suite struct EngineMetricsTests {
    /// The value of one sample line (`name{labels} value`), nil when absent.
    static func sample(_ text: String, _ series: String) -> Double? {
        for line in text.split(separator: "\n") where line.hasPrefix(series + " ") {
            return Double(line.dropFirst(series.count + 1))
        }
        return nil
    }

    static func exposition(_ engine: Engine) -> String {
        String(decoding: engine.metricsExposition(), as: UTF8.self)
    }

    @Test func ingestionOutcomesAreCountedByTypeAndOutcome() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        _ = try await engine.ingest([view("e1"), view("e2")], batched: true)
        _ = try await engine.ingest([view("e1")], batched: false)  // duplicate
        var bad = view("e3")
        bad.type = "made_up_type"
        #expect(
            await AffinityError.caught { () async throws(AffinityError) in
                try await engine.ingest([bad], batched: false)
            } != nil)
        let text = Self.exposition(engine)
        #expect(Self.sample(text, #"affinity_events_ingested_total{type="product_view",outcome="accepted"}"#) == 2)
        #expect(Self.sample(text, #"affinity_events_ingested_total{type="product_view",outcome="duplicate"}"#) == 1)
        // The client's type string is not a label value.
        #expect(Self.sample(text, #"affinity_events_ingested_total{type="other",outcome="rejected"}"#) == 1)
        #expect(!text.contains("made_up_type"))
        // The first request and the duplicate were each a commit.
        #expect((Self.sample(text, "affinity_commit_group_events_count") ?? 0) >= 2)
        #expect((Self.sample(text, "affinity_commit_duration_seconds_count") ?? 0) >= 2)
    }

    @Test func recommendationsRecordLatencyAndCandidatesPerStrategy() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        var events: [Event] = []
        for i in 0..<30 { events.append(view("v\(i)", product: "P\(i % 6)", user: "u\(i % 5)")) }
        _ = try await engine.ingest(events, batched: true)
        let before = Self.exposition(engine)
        #expect(
            Self.sample(before, #"affinity_recommendation_duration_seconds_count{strategy="popular",placement="none"}"#)
                == nil)
        for _ in 0..<3 {
            _ = try await engine.recommend(RecommendationQuery(strategy: .popular, count: 3))
        }
        _ = try await engine.recommend(RecommendationQuery(strategy: .forYou, userID: "u1", count: 3))
        let after = Self.exposition(engine)
        #expect(
            Self.sample(after, #"affinity_recommendation_duration_seconds_count{strategy="popular",placement="none"}"#)
                == 3)
        #expect(
            Self.sample(after, #"affinity_recommendation_duration_seconds_count{strategy="for_you",placement="none"}"#)
                == 1)
        // Popular walks its leader index until three admissible products were met.
        #expect((Self.sample(after, #"affinity_recommendation_candidates_scored_sum{strategy="popular"}"#) ?? 0) >= 9)
        #expect((Self.sample(after, #"affinity_recommendation_candidates_scored_sum{strategy="for_you"}"#) ?? 0) > 0)
    }

    @Test func trainingSetsModelAgeAndDurationAndMemoryIsReportedByPart() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        var events: [Event] = []
        for i in 0..<40 { events.append(view("v\(i)", product: "P\(i % 8)", user: "u\(i % 6)")) }
        _ = try await engine.ingest(events, batched: true)
        #expect(Self.sample(Self.exposition(engine), "affinity_model_trainings_total") == 0)
        #expect(await engine.train() != nil)
        let text = Self.exposition(engine)
        #expect(Self.sample(text, "affinity_model_trainings_total") == 1)
        #expect(Self.sample(text, "affinity_model_age_seconds") != nil)
        #expect((Self.sample(text, "affinity_model_last_training_duration_seconds") ?? -1) >= 0)
        // The estimate is made in the background after training; wait for it.
        var memory: Double?
        for _ in 0..<100 {
            memory = Self.sample(Self.exposition(engine), #"affinity_core_memory_bytes{part="model"}"#)
            if (memory ?? 0) > 0 { break }
            try await Task.sleep(for: .milliseconds(20))
        }
        #expect((memory ?? 0) > 0)
        let final = Self.exposition(engine)
        #expect((Self.sample(final, #"affinity_core_memory_bytes{part="shoppers"}"#) ?? 0) > 0)
        #expect((Self.sample(final, "affinity_process_resident_memory_bytes") ?? 0) > 0)
        #expect(Self.sample(final, "affinity_events_applied_sequence") == 40)
    }

    @Test func memoryFootprintGrowsWithShoppersAndModel() {
        let core = ScoringCore(config: ModelConfig())
        let empty = core.memoryFootprint()
        for i in 0..<200 {
            core.record(
                shopper: Int32(i % 50), items: [Int32(i % 20)], kind: .productView, timestamp: Int64(i), channel: nil)
        }
        let filled = core.memoryFootprint()
        #expect(filled.shoppers > empty.shoppers)
        #expect(filled.cooccurrence > empty.cooccurrence)
        #expect(filled.parts.count == 6)
    }
}
