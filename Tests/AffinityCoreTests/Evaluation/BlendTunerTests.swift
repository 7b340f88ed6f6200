import Testing

@testable import AffinityCore

@Suite struct BlendTunerTests {
    static let day: Int64 = 86_400

    /// Small, fast ALS; state-shaping settings left at their defaults.
    static func config(returning: BlendWeights? = nil) -> ModelConfig {
        var c = ModelConfig()
        c.als.factors = 8
        c.als.iterations = 4
        if let returning { c.blend.forYouReturning = returning }
        return c
    }

    /// Every shopper browses a session of items, 5 of 200 items being far more
    /// common, and comes back two days later for a hot item they have not seen:
    /// only popularity predicts the return.
    static func popularityLog(shoppers: Int = 300) -> [TuningEvent] {
        var rng = SplitMix64(seed: 3)
        func pick(_ n: Int) -> Int { Int(rng.next() % UInt64(n)) }
        var events: [TuningEvent] = []
        for s in 0..<Int32(shoppers) {
            var t = Int64(s) * 600
            var seen = Set<Int32>()
            for _ in 0..<6 {
                let item = pick(10) < 3 ? Int32(pick(5)) : Int32(5 + pick(195))
                seen.insert(item)
                events.append(TuningEvent(shopper: s, items: [item], kind: .productView, timestamp: t))
                t += 60
            }
            let fresh = (0..<Int32(5)).filter { !seen.contains($0) }
            let last = fresh.isEmpty ? Int32(0) : fresh[pick(fresh.count)]
            events.append(TuningEvent(shopper: s, items: [last], kind: .productView, timestamp: t + 2 * day))
        }
        return events.sorted { ($0.timestamp, $0.shopper) < ($1.timestamp, $1.shopper) }
    }

    /// Items form a ring; each shopper walks a few steps from a random start and
    /// returns two days later for the next item on the ring: only "what follows
    /// what" predicts the return (popularity is flat).
    static func sequenceLog(shoppers: Int = 300, items: Int32 = 120) -> [TuningEvent] {
        var rng = SplitMix64(seed: 5)
        var events: [TuningEvent] = []
        for s in 0..<Int32(shoppers) {
            let start = Int32(rng.next() % UInt64(items))
            var t = Int64(s) * 600
            for step in Int32(0)..<5 {
                events.append(
                    TuningEvent(shopper: s, items: [(start + step) % items], kind: .productView, timestamp: t))
                t += 60
            }
            events.append(
                TuningEvent(shopper: s, items: [(start + 5) % items], kind: .productView, timestamp: t + 2 * day))
        }
        return events.sorted { ($0.timestamp, $0.shopper) < ($1.timestamp, $1.shopper) }
    }

    @Test func picksAPopularityHeavyReturningBlendWhenOnlyPopularityPredicts() {
        let seqHeavy = BlendWeights(cooccurrence: 1, sequence: 1, vectors: 0.2, popularity: 0.1)
        let t = BlendTuner(config: Self.config(returning: seqHeavy)).tune(Self.popularityLog())
        let r = t.blend.forYouReturning
        #expect(r != seqHeavy, "\(t.report)")
        #expect(r.popularity > max(r.cooccurrence, r.sequence, r.vectors), "\(t.report)")
        #expect(t.entries.contains { $0.segment == .returning && $0.cases >= 200 })
        #expect(t.blend.similarItems == ModelConfig().blend.similarItems, "other strategies are left alone")
    }

    @Test func picksASequenceHeavyReturningBlendWhenOnlySequencePredicts() {
        let t = BlendTuner(config: Self.config()).tune(Self.sequenceLog())
        let r = t.blend.forYouReturning
        #expect(r != ModelConfig().blend.forYouReturning, "\(t.report)")
        #expect(r.cooccurrence + r.sequence > max(r.vectors, r.popularity), "\(t.report)")
    }

    @Test func aTieKeepsTheConfiguredBlends() {
        // Every held-out item is new, so no candidate can recommend it: all score 0.
        var events: [TuningEvent] = []
        for s in Int32(0)..<60 {
            for (n, item) in [s % 7, (s + 1) % 7, 100 + s].enumerated() {
                events.append(
                    TuningEvent(shopper: s, items: [item], kind: .purchase, timestamp: Int64(s) * 1_000 + Int64(n)))
            }
        }
        let config = Self.config()
        let t = BlendTuner(config: config).tune(events)
        #expect(t.blend == config.blend)
        #expect(t.entries.allSatisfy { $0.ndcg == 0 })
        #expect(t.entries.filter(\.chosen).map(\.name) == ["configured", "configured"])
        let tuner = BlendTuner(config: config)
        #expect(tuner.choose([[0.5, 0.1, 0.3], [0.5, 0.1, 0.3], [0.5, 0.1, 0.3]]) == 0)
    }

    @Test func aSmallLiftWithinOneStandardErrorKeepsTheDefault() {
        var tuner = BlendTuner(config: Self.config())
        tuner.minimumCases = 2
        let base: [Double] = [0, 1, 0, 1, 0, 1]
        #expect(tuner.choose([base, [0, 1, 0, 1, 1, 1]]) == 0, "one lucky case is noise")
        #expect(tuner.choose([base, [1, 1, 1, 1, 1, 1]]) == 1, "a consistent lift wins")
        tuner.minimumCases = 10
        #expect(tuner.choose([base, [1, 1, 1, 1, 1, 1]]) == 0, "too few cases keep the default")
    }

    @Test func sameInputGivesTheSameChoice() {
        let events = Self.popularityLog(shoppers: 120)
        let a = BlendTuner(config: Self.config()).tune(events)
        let b = BlendTuner(config: Self.config()).tune(events)
        #expect(a.blend == b.blend)
        #expect(a.report == b.report)
    }

    @Test func samplingCapsTheHeldOutShoppers() {
        var config = Self.config()
        config.blend.autoTuneMaxShoppers = 50
        let (cases, heldOut) = BlendTuner(config: config).holdout(Self.sequenceLog())
        #expect(cases.count == 50 && heldOut.count == 50)
    }

    @Test func snapshotRoundTripsInstalledBlends() throws {
        let config = Self.config()
        let core = ScoringCore(config: config)
        for e in Self.sequenceLog(shoppers: 40) {
            core.record(shopper: e.shopper, items: e.items, kind: e.kind, timestamp: e.timestamp, channel: e.channel)
        }
        var tuned = config.blend
        tuned.forYou = BlendWeights(sequence: 1, vectors: 0.25)
        tuned.forYouReturning = BlendWeights(popularity: 2, content: 0.5)
        core.install(blend: tuned)
        let restored = try ScoringCore(decodingState: core.encodedState(), config: config)
        #expect(restored.installedBlend == tuned)
        #expect(restored.encodedState() == core.encodedState())
        for s in Int32(0)..<40 {
            for now in [core.latestTimestamp, core.latestTimestamp + 30 * Self.day] {
                let r = RecommendationRequest(strategy: .forYou, shopper: s, count: 5, now: now)
                #expect(restored.recommend(r) == core.recommend(r))
            }
        }
        core.install(blend: nil)
        let plain = try ScoringCore(decodingState: core.encodedState(), config: config)
        #expect(plain.installedBlend == nil && plain.effectiveBlend == config.blend)
    }
}
