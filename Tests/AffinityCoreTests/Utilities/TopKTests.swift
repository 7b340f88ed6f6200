import Testing

@testable import AffinityCore

@Suite struct TopKTests {
    @Test(arguments: [0, 1, 3, 10, 57, 200])
    func equalsFullSort(k: Int) {
        var rng = SplitMix64(seed: UInt64(k) + 7)
        // Scores from a small set so ties are frequent and the tie rule is exercised.
        let scores = (0..<150).map { _ in Float(rng.next() % 20) / 4 }
        var top = TopK(k: k)
        for (i, s) in scores.enumerated() { top.insert(Int32(i), score: s) }
        let expected = scores.enumerated()
            .sorted { $0.element > $1.element || ($0.element == $1.element && $0.offset < $1.offset) }
            .prefix(k)
            .map { Int32($0.offset) }
        #expect(top.sorted().map(\.item) == Array(expected))
        #expect(top.count == min(k, scores.count))
    }

    @Test func thresholdIsTheWorstKeptScore() {
        var top = TopK(k: 2)
        #expect(top.threshold == -.infinity)
        top.insert(1, score: 5)
        top.insert(2, score: 3)
        top.insert(3, score: 4)
        #expect(top.threshold == 4)
        #expect(top.sorted().map(\.item) == [1, 3])
    }

    /// The packed-key sort orders negative, zero and infinite scores as Float
    /// comparison does (-0 equals 0), and breaks ties by item id, negative ids too.
    @Test func sortedOrdersAcrossSignsLikeFloatComparison() {
        let scores: [Float] = [-.infinity, -3.5, -0.0, 0, 1e-30, 2.25, .infinity, -3.5, 2.25, 7, -1e-30]
        let items: [Int32] = [4, 9, 1, 2, 8, -3, 6, 0, 5, 7, -1]
        var top = TopK(k: scores.count)
        for (s, i) in zip(scores, items) { top.insert(i, score: s) }
        let expected = zip(items, scores).sorted { $0.1 > $1.1 || ($0.1 == $1.1 && $0.0 < $1.0) }
        #expect(top.sorted().map(\.item) == expected.map(\.0))
        #expect(top.sorted().map(\.score) == expected.map(\.1))
    }
}
