import Testing

@testable import AffinityCore

/// The two-pass evidence split used in large catalogues: fewer candidates, but every
/// candidate's sums complete.
@Suite struct EvidencePassTests {
    /// A core with long, overlapping sessions over 400 items in categories of 20.
    static func core() -> ScoringCore {
        let core = ScoringCore()
        var rng = SplitMix64(seed: 11)
        for i in 0..<Int32(400) { core.setItemAttributes(i, categories: [i / 20], brand: i % 9, tokens: []) }
        var t: Int64 = 1_000
        for s in Int32(0)..<300 {
            let home = Int32(rng.next() % 20)
            for _ in 0..<15 {
                let item = rng.next() % 3 == 0 ? Int32(rng.next() % 400) : home * 20 + Int32(rng.next() % 20)
                core.record(shopper: s, items: [item], kind: .productView, timestamp: t, channel: nil)
                t += 7
            }
        }
        return core
    }

    static func evidence(_ s: ScoreScratch) -> [Int32: (co: Float, content: Float)] {
        var out: [Int32: (co: Float, content: Float)] = [:]
        for c in s.candidates { out[c.item] = (c.cooccurrence, c.content) }
        return out
    }

    @Test func strongThenWeakGivesEveryCandidateItsFullSum() {
        let core = Self.core()
        for shopper in Int32(0)..<40 {
            let seeds = core.historySeeds(core.state(shopper), context: [])[...]
            var all = ScoreScratch(), split = ScoreScratch()
            all.reset(itemCount: core.itemCount)
            split.reset(itemCount: core.itemCount)
            core.accumulate(core.symmetric, seeds: seeds, toSequence: false, scratch: &all, seedBias: 1)
            let ceilings = core.contributionCeilings(core.symmetric, seeds: seeds)
            let floor = 0.05 * (ceilings.max() ?? 0)
            core.accumulate(
                core.symmetric, seeds: seeds, toSequence: false, scratch: &split, seedBias: 1,
                pass: .strong(floor: floor), ceilings: ceilings)
            let strongOnly = split.candidates.count
            core.accumulate(
                core.symmetric, seeds: seeds, toSequence: false, scratch: &split, seedBias: 1, pass: .weak(floor: floor)
            )
            #expect(split.candidates.count == strongOnly, "the weak pass makes no candidates")
            #expect(strongOnly < all.candidates.count, "the floor leaves weak-only items out")
            let full = Self.evidence(all)
            for c in split.candidates {
                let expected = full[c.item]?.co ?? -1
                #expect(abs(c.cooccurrence - expected) <= 1e-5 * expected, "item \(c.item)")
            }
            // Every item with a contribution at or above the floor is a candidate.
            for seed in seeds {
                let total = core.symmetric.rowTotal(seed.item)
                guard total > 0 else { continue }
                core.symmetric.forEachNeighbour(of: seed.item) { j, w in
                    if seed.weight / total * w >= floor { #expect(split.contains(j)) }
                }
            }
        }
    }

    @Test func contentPassesGiveEveryCandidateItsFullSum() {
        let core = Self.core()
        var norms = ContentNormCache()
        for shopper in Int32(0)..<20 {
            let seeds = core.historySeeds(core.state(shopper), context: [])
            let contributions = core.content.contributions(seeds: seeds, norms: &norms)
            var all = ScoreScratch(), split = ScoreScratch()
            all.reset(itemCount: core.itemCount)
            split.reset(itemCount: core.itemCount)
            core.content.accumulate(contributions, into: &all, pass: .all)
            core.content.finishContent(&all, norms: &norms)
            core.content.accumulate(contributions, into: &split, pass: .strong(floor: 0.5))
            let strongOnly = split.candidates.count
            core.content.accumulate(contributions, into: &split, pass: .weak(floor: 0.5))
            core.content.finishContent(&split, norms: &norms)
            #expect(split.candidates.count == strongOnly && strongOnly < all.candidates.count)
            let full = Self.evidence(all)
            for c in split.candidates {
                let expected = full[c.item]?.content ?? -1
                #expect(abs(c.content - expected) <= 1e-5 * expected, "item \(c.item)")
            }
        }
    }

    /// A restored core reads neighbour rows in the order the original kept them, so the
    /// large-catalogue path (two passes, probe) gives identical lists after a restart.
    @Test func restoredCoreGivesIdenticalLargeCatalogueLists() throws {
        let core = Self.core()
        core.install(model: CandidateGenerationTests.clusteredModel(items: 400))
        let restored = try ScoringCore(decodingState: core.encodedState(), config: core.config)
        for c in [core, restored] {
            c.candidateIndexes.exhaustiveVectorLimit = 0  // the large-catalogue path
            c.candidateIndexes.vectorBudget = 60
            c.candidateIndexes.install(model: c.model)
        }
        #expect(core.candidateIndexes.vectors != nil)
        for shopper in Int32(0)..<60 {
            for now: Int64? in [nil, 1_000_000] {
                let r = RecommendationRequest(strategy: .forYou, shopper: shopper, count: 10, now: now)
                let list = core.recommend(r)
                #expect(list.count == 10)
                #expect(restored.recommend(r) == list, "shopper \(shopper)")
            }
        }
    }
}
