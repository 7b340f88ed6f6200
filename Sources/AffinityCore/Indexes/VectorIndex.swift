import HeapModule

/// An inverted-file (IVF) coarse quantiser over an ALS model's item factors, so the
/// vector source scores a few thousand likely items per request instead of the whole
/// catalogue.
///
/// Items are grouped by k-means (√n clusters, at most `maximumClusters`), trained on
/// a seeded sample and then applied to every item. A query ranks the centroids by
/// `u · c` (the mean score of each cluster's items) and visits whole clusters, best
/// first, until `budget` items have been produced. Built once per installed model
/// (off the request path) and immutable afterwards, hence `Sendable`.
final class VectorIndex: Sendable {
    /// Floats per centroid row (the model's padded stride).
    let stride: Int
    /// Number of clusters.
    let clusterCount: Int
    /// Cluster means, row-major `clusterCount × stride`.
    let centroids: [Float]
    /// `members[offsets[c]..<offsets[c + 1]]` are cluster `c`'s items.
    let offsets: [Int]
    /// Item ids grouped by cluster.
    let members: [Int32]
    /// The factor rows of `members`, in the same order (`members.count × stride`), so a
    /// probe streams contiguous memory instead of gathering rows all over the model.
    let rows: [Float]

    /// Most clusters built (bounds install time and the per-query centroid pass).
    static let maximumClusters = 512

    /// Clusters `model`'s item factors; `iterations` Lloyd steps on at most
    /// `sample` items (seeded, so the same model always gives the same index).
    init(model: ALSModel, iterations: Int = 6, sample: Int = 24_576, seed: UInt64 = 0x1F_1DE5) {
        let n = model.itemCount, s = model.stride
        stride = s
        let k = max(1, min(Self.maximumClusters, Int(Double(n).squareRoot().rounded()), n))
        clusterCount = k
        var rng = SplitMix64(seed: seed)
        var ids = (0..<n).map { Int32($0) }
        ids.shuffle(using: &rng)
        let trainIds = Array(ids.prefix(max(k, min(n, sample))))
        var c = [Float](repeating: 0, count: k * s)
        model.itemFactors.withUnsafeBufferPointer { y in
            for j in 0..<k {
                for d in 0..<s { c[j * s + d] = y[Int(trainIds[j]) * s + d] }
            }
        }
        var assignment = [Int32](repeating: 0, count: trainIds.count)
        for _ in 0..<max(0, iterations) {
            Self.assign(trainIds, model: model, centroids: c, count: k, into: &assignment)
            c = Self.means(trainIds, assignment, model: model, previous: c, count: k)
        }
        var all = [Int32](repeating: 0, count: n)
        let everything = (0..<n).map { Int32($0) }
        Self.assign(everything, model: model, centroids: c, count: k, into: &all)
        var offsets = [Int](repeating: 0, count: k + 1)
        for a in all { offsets[Int(a) + 1] += 1 }
        for j in 0..<k { offsets[j + 1] += offsets[j] }
        var fill = offsets
        var members = [Int32](repeating: 0, count: n)
        for (i, a) in all.enumerated() {
            members[fill[Int(a)]] = Int32(i)
            fill[Int(a)] += 1
        }
        var rows = [Float](repeating: 0, count: n * s)
        model.itemFactors.withUnsafeBufferPointer { y in
            for (e, item) in members.enumerated() {
                for d in 0..<s { rows[e * s + d] = y[Int(item) * s + d] }
            }
        }
        centroids = c
        self.offsets = offsets
        self.members = members
        self.rows = rows
    }

    /// Nearest centroid (Euclidean, i.e. the largest `y·c − |c|²/2`) for each item.
    private static func assign(
        _ items: [Int32], model: ALSModel, centroids: [Float], count k: Int, into out: inout [Int32]
    ) {
        let s = model.stride
        var halfNorms = [Float](repeating: 0, count: k)
        centroids.withUnsafeBufferPointer { cb in
            for j in 0..<k { halfNorms[j] = 0.5 * VectorMath.dot(cb.baseAddress! + j * s, cb.baseAddress! + j * s, s) }
        }
        model.itemFactors.withUnsafeBufferPointer { yb in
            centroids.withUnsafeBufferPointer { cb in
                let y = yb.baseAddress!, c = cb.baseAddress!
                for (idx, item) in items.enumerated() {
                    let v = y + Int(item) * s
                    var best: Float = -.infinity, arg = 0, j = 0
                    while j + 4 <= k {
                        let d = VectorMath.dot4(c + j * s, c + (j + 1) * s, c + (j + 2) * s, c + (j + 3) * s, v, s)
                        for l in 0..<4 where d[l] - halfNorms[j + l] > best {
                            best = d[l] - halfNorms[j + l]; arg = j + l
                        }
                        j += 4
                    }
                    while j < k {
                        let d = VectorMath.dot(c + j * s, v, s) - halfNorms[j]
                        if d > best { best = d; arg = j }
                        j += 1
                    }
                    out[idx] = Int32(arg)
                }
            }
        }
    }

    /// Cluster means; an emptied cluster keeps its previous centroid.
    private static func means(
        _ items: [Int32], _ assignment: [Int32], model: ALSModel, previous: [Float], count k: Int
    ) -> [Float] {
        let s = model.stride
        var sums = [Float](repeating: 0, count: k * s)
        var counts = [Int](repeating: 0, count: k)
        model.itemFactors.withUnsafeBufferPointer { yb in
            sums.withUnsafeMutableBufferPointer { sb in
                for (idx, item) in items.enumerated() {
                    let j = Int(assignment[idx])
                    counts[j] += 1
                    VectorMath.axpy(1, yb.baseAddress! + Int(item) * s, sb.baseAddress! + j * s, s)
                }
            }
        }
        for j in 0..<k {
            if counts[j] == 0 {
                for d in 0..<s { sums[j * s + d] = previous[j * s + d] }
            } else {
                let inv = 1 / Float(counts[j])
                for d in 0..<s { sums[j * s + d] *= inv }
            }
        }
        return sums
    }

    /// Calls `body(item, user · y_item)` for the items of the best clusters for `user`
    /// (a `stride`-float vector), best cluster first, until at least `budget` items
    /// were produced or every cluster was visited.
    func probe(user: [Float], budget: Int, _ body: (Int32, Float) -> Void) {
        precondition(user.count == stride)
        var scores = [Float](repeating: 0, count: clusterCount)
        var produced = 0
        user.withUnsafeBufferPointer { ub in
            let u = ub.baseAddress!
            centroids.withUnsafeBufferPointer { cb in
                for j in 0..<clusterCount {
                    scores[j] = VectorMath.dot(cb.baseAddress! + j * stride, u, stride)
                }
            }
            rows.withUnsafeBufferPointer { rb in
                let y = rb.baseAddress!
                func visit(_ j: Int) {
                    var e = offsets[j]
                    let end = offsets[j + 1]
                    while e + 4 <= end {
                        let p = y + e * stride
                        let d = VectorMath.dot4(p, p + stride, p + 2 * stride, p + 3 * stride, u, stride)
                        for l in 0..<4 { body(members[e + l], d[l]) }
                        e += 4
                    }
                    while e < end {
                        body(members[e], VectorMath.dot(y + e * stride, u, stride))
                        e += 1
                    }
                    produced += end - offsets[j]
                }
                // Best cluster first (ties: lower index, as the rank keys are unique and
                // order so), popped from a heap built in O(clusters): a query needs only
                // its first few clusters in order.
                var heap = Heap((0..<clusterCount).map { TopK.rankKey(score: scores[$0], item: Int32($0)) })
                while produced < budget, let key = heap.popMax() { visit(Int(TopK.unpack(key).item)) }
            }
        }
    }
}
