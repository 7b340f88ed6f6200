/// Top-K ranking metrics computed exactly as the independent scorer
/// (`eval/score.py`) does, so in-process evaluation and the reference tool agree:
/// each list is deduplicated (first occurrence kept) and truncated to K, every test
/// user counts (a user without a list scores 0), and coverage is the number of
/// distinct recommended items over the number of train items.
public struct RankingMetrics: Sendable, Equatable {
    /// Fraction of users with at least one relevant item in their top K.
    public var hitRate: Double
    /// Mean of hits / |relevant|.
    public var recall: Double
    /// Mean NDCG@K with binary gains and IDCG over min(|relevant|, K) positions.
    public var ndcg: Double
    /// Mean reciprocal rank of the first hit (0 if none).
    public var mrr: Double
    /// Distinct recommended items / train items (nil when the train size is unknown).
    public var coverage: Double?
    /// Number of test users averaged over.
    public var users: Int

    /// Scores `recommendations` (user → ranked items) against `relevant`
    /// (user → held-out items) at cut-off `k`.
    public static func compute<ID: Hashable>(
        recommendations: [ID: [ID]], relevant: [ID: Set<ID>], k: Int, trainItemCount: Int? = nil
    ) -> RankingMetrics {
        var hr = 0.0, rc = 0.0, nd = 0.0, mr = 0.0
        var covered = Set<ID>()
        for (user, rel) in relevant where !rel.isEmpty {
            var seen = Set<ID>()
            var top: [ID] = []
            for x in recommendations[user] ?? [] where top.count < k && seen.insert(x).inserted { top.append(x) }
            covered.formUnion(top)
            var dcg = 0.0, hits = 0, first = 0
            for (r, x) in top.enumerated() where rel.contains(x) {
                hits += 1
                dcg += 1 / Math.log2(Double(r + 2))
                if first == 0 { first = r + 1 }
            }
            var idcg = 0.0
            for r in 0..<min(rel.count, k) { idcg += 1 / Math.log2(Double(r + 2)) }
            hr += hits > 0 ? 1 : 0
            rc += Double(hits) / Double(rel.count)
            nd += idcg > 0 ? dcg / idcg : 0
            mr += first > 0 ? 1 / Double(first) : 0
        }
        let n = Double(max(1, relevant.values.filter { !$0.isEmpty }.count))
        return RankingMetrics(
            hitRate: hr / n, recall: rc / n, ndcg: nd / n, mrr: mr / n,
            coverage: trainItemCount.map { $0 > 0 ? Double(covered.count) / Double($0) : 0 },
            users: Int(n))
    }
}
