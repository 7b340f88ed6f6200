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
}
