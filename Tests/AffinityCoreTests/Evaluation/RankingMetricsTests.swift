import Testing

@testable import AffinityCore

@Suite struct RankingMetricsTests {
    @Test func matchesHandComputedValues() {
        // u1: hit at rank 2 (after dedupe of the repeated "a"); u2: no hit; u3: no list.
        let recs: [String: [String]] = ["u1": ["a", "a", "b", "c"], "u2": ["d", "e"]]
        let rel: [String: Set<String>] = ["u1": ["b"], "u2": ["z"], "u3": ["a"]]
        let m = RankingMetrics.compute(recommendations: recs, relevant: rel, k: 2, trainItemCount: 10)
        #expect(m.users == 3)
        #expect(abs(m.hitRate - 1.0 / 3) < 1e-12)
        #expect(abs(m.recall - 1.0 / 3) < 1e-12)
        // NDCG(u1) = (1/log2 3) / 1
        #expect(abs(m.ndcg - (1 / Math.log2(3)) / 3) < 1e-12)
        #expect(abs(m.mrr - 0.5 / 3) < 1e-12)
        // Covered: a, b (u1 truncated to 2) + d, e = 4 of 10.
        #expect(m.coverage == 0.4)
    }

    @Test func ndcgUsesIdealOverMinOfRelevantAndK() {
        let m = RankingMetrics.compute(
            recommendations: ["u": ["x", "a", "b"]], relevant: ["u": ["a", "b", "q", "r"]], k: 3)
        let l = { (r: Double) in 1 / Math.log2(r + 1) }
        #expect(abs(m.ndcg - (l(2) + l(3)) / (l(1) + l(2) + l(3))) < 1e-12)
        #expect(abs(m.recall - 0.5) < 1e-12)
        #expect(m.coverage == nil)
    }
}
