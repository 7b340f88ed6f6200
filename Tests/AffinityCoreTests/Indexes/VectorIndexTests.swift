import Testing

@testable import AffinityCore

@Suite struct VectorIndexTests {
    /// What `probe` must produce: whole clusters by descending `user · centroid`, ties to
    /// the lower cluster index, until `budget` items were produced.
    static func expectedItems(_ index: VectorIndex, user: [Float], budget: Int) -> [Int32] {
        let scores = index.centroids.withUnsafeBufferPointer { c in
            user.withUnsafeBufferPointer { u in
                (0..<index.clusterCount).map {
                    VectorMath.dot(c.baseAddress! + $0 * index.stride, u.baseAddress!, index.stride)
                }
            }
        }
        let order = (0..<index.clusterCount).sorted { scores[$0] > scores[$1] || (scores[$0] == scores[$1] && $0 < $1) }
        var items: [Int32] = []
        for j in order where items.count < budget {
            items += index.members[index.offsets[j]..<index.offsets[j + 1]]
        }
        return items
    }

    static func probedItems(_ index: VectorIndex, user: [Float], budget: Int) -> [Int32] {
        var items: [Int32] = []
        index.probe(user: user, budget: budget) { item, _ in items.append(item) }
        return items
    }

    @Test(arguments: [1, 300, 10_000])
    func visitsWholeClustersBestFirst(budget: Int) {
        let model = CandidateGenerationTests.clusteredModel(items: 3_000)
        let index = VectorIndex(model: model)
        for q in 0..<20 {
            let liked = (0..<5).map { Int32(($0 * 977 + q * 131) % 3_000) }
            let u = model.foldIn(items: liked, weights: [Float](repeating: 3, count: liked.count))
            let items = Self.probedItems(index, user: u, budget: budget)
            #expect(items == Self.expectedItems(index, user: u, budget: budget), "query \(q)")
        }
    }

    /// A zero user scores every centroid 0 (or −0, which ranks as 0): all clusters tie, so
    /// they are visited in index order, i.e. the members array in order.
    @Test(arguments: [1, 300, 10_000])
    func tiedClustersGoInIndexOrder(budget: Int) {
        let model = CandidateGenerationTests.clusteredModel(items: 3_000)
        let index = VectorIndex(model: model)
        let zero = [Float](repeating: 0, count: index.stride)
        let items = Self.probedItems(index, user: zero, budget: budget)
        #expect(items == Self.expectedItems(index, user: zero, budget: budget))
        #expect(items == Array(index.members.prefix(items.count)))
        #expect(items.count >= min(budget, 3_000))
    }
}
