import Testing

@testable import AffinityCore

@Suite struct OfflineEvaluationTests {
    @Test func excludesTrainItemsAndReturnsStringsPerTestUser() {
        var rows: [OfflineEvaluation.Row] = []
        for u in 0..<6 {
            for (n, item) in ["a", "b", "c"].enumerated() {
                rows.append(.init(user: "u\(u)", item: item, timestamp: Int64(100 * u + n)))
            }
        }
        rows.append(.init(user: "x", item: "a", timestamp: 10_000))
        rows.append(.init(user: "x", item: "b", timestamp: 10_000))  // same second: file order decides
        let r = OfflineEvaluation.run(
            train: rows, testUsers: ["x", "nobody"], config: ModelConfig(), strategy: .forYou, k: 2)
        #expect(r.recommendations.map(\.user) == ["x", "nobody"])
        #expect(r.recommendations[0].items == ["c"], "a and b are in x's train; c follows b")
        #expect(r.recommendations[1].items.count == 2, "unknown users get popular items")
        #expect(r.latencyNanoseconds.count == 2)
        #expect(r.trainingSeconds > 0, "the default for_you blend uses vectors, so ALS was trained")
    }

    @Test func autoTuneRunsOnTheTrainRowsAndIsTimedApart() {
        var rows: [OfflineEvaluation.Row] = []
        for u in 0..<30 {
            for n in 0..<4 {
                rows.append(.init(user: "u\(u)", item: "i\((u + n) % 12)", timestamp: Int64(100 * u + n)))
            }
        }
        var config = ModelConfig()
        config.als.factors = 4
        let on = OfflineEvaluation.run(train: rows, testUsers: ["u1"], config: config, strategy: .forYou, k: 3)
        #expect(on.tuning != nil && on.tuningSeconds > 0 && on.trainingSeconds > 0)
        #expect(on.tuning?.entries.count == 12, "six candidates per segment")
        config.blend.autoTune = false
        let off = OfflineEvaluation.run(train: rows, testUsers: ["u1"], config: config, strategy: .forYou, k: 3)
        #expect(off.tuning == nil && off.tuningSeconds == 0)
        let popular = OfflineEvaluation.run(train: rows, testUsers: ["u1"], strategy: .popular(category: nil), k: 3)
        #expect(popular.tuning == nil, "only blended for-you strategies are tuned")
    }

    @Test func requestsFromTestRows() {
        let rows: [OfflineEvaluation.Row] = [
            .init(user: "b", item: "1", timestamp: 50), .init(user: "a", item: "2", timestamp: 70),
            .init(user: "b", item: "3", timestamp: 40),
        ]
        let r = OfflineEvaluation.requests(fromTest: rows)
        #expect(r.users == ["b", "a"])
        #expect(r.requestTimes == ["b": 40, "a": 70])
    }
}
