import Testing

@testable import AffinityCore

@Suite struct NeighbourRowTests {
    /// A row behaves like the dictionary it replaced, across the scan → table switch
    /// and table growth, with entries kept in first-insertion order.
    @Test func matchesADictionaryModel() {
        var rng = SplitMix64(seed: 7)
        var row = NeighbourRow()
        var model: [Int32: Float] = [:]
        var order: [Int32] = []
        for _ in 0..<5_000 {
            let item = Int32(rng.next() % 900)
            let w = Float(rng.next() % 7) + 0.5
            if model[item] == nil { order.append(item) }
            model[item, default: 0] += w
            row.add(item, weight: w)
        }
        #expect(row.count == model.count)
        #expect(row.entries.map(\.item) == order)
        for (item, w) in model { #expect(row.weight(of: item) == w) }
        #expect(row.weight(of: 901) == 0)
        #expect(row.weight(of: -1) == 0)
    }

    @Test func pruneKeepsTheHeaviestAndStaysSearchable() {
        var row = NeighbourRow()
        for i in 0..<40 { row.add(Int32(i), weight: Float(i % 10)) }
        row.prune(keeping: 12)
        // Weights 9 (items 9,19,29,39), 8 (8,18,28,38), 7 (7,17,27,37): heaviest first, ties by id.
        #expect(row.entries.map(\.item) == [9, 19, 29, 39, 8, 18, 28, 38, 7, 17, 27, 37])
        row.add(18, weight: 1)
        row.add(100, weight: 2)
        #expect(row.weight(of: 18) == 9)
        #expect(row.weight(of: 100) == 2)
        #expect(row.weight(of: 0) == 0, "pruned")
        #expect(row.count == 13)
    }

    @Test func rejectsRepeatedItems() {
        let small = [NeighbourRow.Entry(item: 3, weight: 1), NeighbourRow.Entry(item: 3, weight: 2)]
        #expect(NeighbourRow(entries: small) == nil)
        var big = (0..<20).map { NeighbourRow.Entry(item: Int32($0), weight: 1) }
        #expect(NeighbourRow(entries: big)?.weight(of: 19) == 1)
        big.append(NeighbourRow.Entry(item: 11, weight: 1))
        #expect(NeighbourRow(entries: big) == nil)
    }

    /// The index caps each row at 2× its neighbour limit and keeps totals that include
    /// pruned pairs.
    @Test func indexPrunesAndKeepsTotals() {
        var index = CooccurrenceIndex(maxNeighbours: 5)
        for b in 1...9 { index.add(0, Int32(b), weight: Float(b)) }
        #expect(index.neighbourCount(of: 0) == 9)
        index.add(0, 10, weight: 10)
        #expect(index.neighbourCount(of: 0) == 5, "pruned to the limit at 2× it")
        var seen: [Int32] = []
        index.forEachNeighbour(of: 0) { j, _ in seen.append(j) }
        #expect(seen == [10, 9, 8, 7, 6])
        #expect(index.rowTotal(0) == 55)
        #expect(index.weight(0, 3) == 0)
        #expect(index.weight(0, 9) == 9)
    }
}
