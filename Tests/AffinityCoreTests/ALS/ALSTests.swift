import Testing

@testable import AffinityCore

@Suite struct ALSTests {
    /// 120 users × 20 items in two planted blocks: users 0–59 touch only items 0–9,
    /// users 60–119 only items 10–19, each a random half of their block (random
    /// subsets, so within a block every pair co-occurs about equally often).
    static func blockMatrix() -> InteractionMatrix {
        var rng = SplitMix64(seed: 3)
        var triples: [(row: Int32, column: Int32, weight: Float)] = []
        for u in 0..<120 {
            let base = u < 60 ? 0 : 10
            var items = Array(0..<10).map { Int32(base + $0) }
            for i in stride(from: 9, to: 0, by: -1) { items.swapAt(i, Int(rng.next() % UInt64(i + 1))) }
            for i in items.prefix(5) { triples.append((row: Int32(u), column: i, weight: 1)) }
        }
        return InteractionMatrix(rows: 120, columns: 20, triples: triples)
    }

    static func trained() -> ALSModel {
        var c = ALSConfig()
        c.factors = 2
        c.iterations = 10
        c.regularization = 0.1
        c.alpha = 5
        return ALSTrainer(config: c).train(blockMatrix())
    }

    @Test func matrixSumsDuplicatesAndDropsNonPositive() {
        let m = InteractionMatrix(
            rows: 2, columns: 3,
            triples: [
                (row: 1, column: 2, weight: 1), (row: 0, column: 1, weight: 2), (row: 1, column: 2, weight: 2),
                (row: 0, column: 0, weight: 1), (row: 0, column: 0, weight: -1),
            ])
        #expect(m.rowStart == [0, 1, 2])
        #expect(m.columnIndex == [1, 2])
        #expect(m.values == [2, 3])
        let t = m.transposed()
        #expect(t.rows == 3 && t.rowStart == [0, 0, 1, 2] && t.columnIndex == [0, 1] && t.values == [2, 3])
    }

    @Test func recoversPlantedBlocks() {
        let model = Self.trained()
        for (seeds, block) in [([Int32(0), 1, 2], 0..<10), ([Int32(12), 15], 10..<20)] {
            let u = model.foldIn(items: seeds, weights: seeds.map { _ in 1 })
            var scores = [Float](repeating: 0, count: 20)
            model.scoreAll(user: u, into: &scores)
            let inBlock = block.filter { !seeds.contains(Int32($0)) }.map { scores[$0] }
            let outBlock = (0..<20).filter { !block.contains($0) }.map { scores[$0] }
            #expect(
                inBlock.min()! > outBlock.max()!, "every unseen in-block item outranks every other-block item \(scores)"
            )
        }
    }

    @Test func foldInIgnoresUnknownItemsAndIsZeroWithoutEvidence() {
        let model = Self.trained()
        #expect(model.foldIn(items: [99, -1], weights: [1, 1]).allSatisfy { $0 == 0 })
        #expect(model.foldIn(items: [], weights: []).allSatisfy { $0 == 0 })
        #expect(model.foldIn(items: [3, 99], weights: [1, 1]) == model.foldIn(items: [3], weights: [1]))
    }

    @Test func trainingIsDeterministicForASeed() {
        #expect(Self.trained().itemFactors == Self.trained().itemFactors)
    }

    @Test func twoThreadsGiveTheSameModel() {
        var c = ALSConfig()
        c.factors = 8
        c.iterations = 3
        let m = Self.blockMatrix()
        let one = ALSTrainer(config: c).train(m)
        c.threads = 2
        #expect(ALSTrainer(config: c).train(m).itemFactors == one.itemFactors, "rows are solved independently")
    }

    @Test func snapshotRoundTrips() throws {
        let model = Self.trained()
        let bytes = model.encoded()
        let back = try ALSModel(decoding: bytes)
        #expect(back.itemFactors == model.itemFactors)
        #expect(back.factors == 2 && back.itemCount == 20)
        #expect(back.regularization == model.regularization && back.alpha == model.alpha)
        #expect(back.foldIn(items: [1], weights: [1]) == model.foldIn(items: [1], weights: [1]))
    }

    @Test func snapshotDetectsCorruption() {
        let bytes = Self.trained().encoded()
        var flipped = bytes
        flipped[ALSModel.headerSize + 17] ^= 0x10
        #expect(throws: ALSModelDecodingError.self) { try ALSModel(decoding: flipped) }
        do {
            _ = try ALSModel(decoding: flipped)
        } catch {
            guard case .checksumMismatch = error else { Issue.record("expected checksum error, got \(error)"); return }
        }
        #expect(throws: ALSModelDecodingError.truncated(expected: bytes.count, actual: bytes.count - 1)) {
            try ALSModel(decoding: Array(bytes.dropLast()))
        }
        var magic = bytes
        magic[0] = 0
        #expect(throws: ALSModelDecodingError.badMagic) { try ALSModel(decoding: magic) }
        var version = bytes
        version[8] = 9
        #expect(throws: ALSModelDecodingError.unsupportedVersion(9)) { try ALSModel(decoding: version) }
    }
}

@Suite struct FoldInTests {
    /// The Woodbury fold-in of short histories equals the direct f×f solve.
    @Test(arguments: [1, 2, 7, 20, 24])
    func shortHistoriesMatchTheDirectSolve(length: Int) {
        let model = CandidateGenerationTests.clusteredModel(items: 500, factors: 24)
        var rng = SplitMix64(seed: UInt64(length))
        var items = (0..<length).map { _ in Int32(rng.next() % 500) }
        items.append(-1)  // ignored, as are unknown items and non-positive weights
        items.append(9_999)
        var weights = items.map { _ in Float(1 + rng.next() % 5) }
        weights[0] = length > 1 ? -2 : weights[0]
        let short = model.foldInShort(items: items, weights: weights)
        #expect(short != nil)
        let direct = model.foldInDirect(items: items, weights: weights)
        let scale = direct.map(abs).max() ?? 1
        let error = zip(short ?? [], direct).map { abs($0 - $1) }.max() ?? .infinity
        #expect(error <= 1e-3 * scale, "max |Δ| \(error) for |u|∞ \(scale)")
    }

    @Test func longHistoriesTakeTheDirectPath() {
        let model = CandidateGenerationTests.clusteredModel(items: 100)
        let items = (0..<Int32(ALSModel.woodburyLimit + 1)).map { $0 }
        #expect(model.foldInShort(items: items, weights: items.map { _ in 1 }) == nil)
        #expect(model.foldInShort(items: [], weights: []) == nil)
        #expect(model.foldIn(items: items, weights: items.map { _ in 1 }).contains { $0 != 0 })
    }
}
