import Synchronization

/// A trained, immutable implicit-ALS snapshot: item factors plus what is needed to
/// fold users in at request time.
///
/// User factors are deliberately not kept: a user vector is solved from the
/// shopper's *current* recent history on each request (`foldIn`), so anonymous
/// visitors are personalised after one event and nobody's profile is stale between
/// trainings. Immutable and `Sendable`, so the engine can swap snapshots atomically
/// and share one across request threads.
public final class ALSModel: Sendable {
    /// Latent dimensions.
    public let factors: Int
    /// Floats per item row (factors rounded up to 8; padding lanes are zero).
    public let stride: Int
    /// Items covered; ids `>= itemCount` are unknown to the model.
    public let itemCount: Int
    /// Regularisation used in training (reused by fold-in).
    public let regularization: Float
    /// Confidence slope used in training (reused by fold-in).
    public let alpha: Float
    /// Item factors, row-major `itemCount × stride`.
    public let itemFactors: [Float]
    /// YᵀY + λI (`stride × stride`), precomputed once so fold-in is O(n·f² + f³).
    let gram: [Float]
    /// |y_i| per item: bounds an item's score (Cauchy–Schwarz) before paying for its
    /// dot product.
    let itemNorms: [Float]
    /// (YᵀY + λI)⁻¹, for fold-in of short histories by the Woodbury identity (nil if
    /// the inversion failed, which positive λ rules out).
    let gramInverse: [Float]?
    /// The coarse quantiser over `itemFactors`, built once on first demand.
    private let coarseIndex = Mutex<VectorIndex?>(nil)

    /// Wraps trained factors; `itemFactors.count` must equal `itemCount * stride`.
    public init(factors: Int, itemCount: Int, regularization: Float, alpha: Float, itemFactors: [Float]) {
        let stride = VectorMath.paddedStride(factors)
        precondition(itemFactors.count == itemCount * stride, "item factor size mismatch")
        self.factors = factors
        self.stride = stride
        self.itemCount = itemCount
        self.regularization = regularization
        self.alpha = alpha
        self.itemFactors = itemFactors
        let gram = ALSModel.gramian(
            itemFactors, count: itemCount, stride: stride, factors: factors, lambda: regularization)
        self.gram = gram
        self.gramInverse = ALSModel.inverse(gram, stride)
        self.itemNorms = itemFactors.withUnsafeBufferPointer { y in
            (0..<itemCount).map { i in
                VectorMath.dot(y.baseAddress! + i * stride, y.baseAddress! + i * stride, stride).squareRoot()
            }
        }
    }

    /// YᵀY + λI over the real (unpadded) dimensions; padded diagonal is 1 so the
    /// matrix stays positive definite while padded lanes solve to 0.
    static func gramian(_ y: [Float], count: Int, stride: Int, factors: Int, lambda: Float) -> [Float] {
        var g = [Float](repeating: 0, count: stride * stride)
        y.withUnsafeBufferPointer { yb in
            g.withUnsafeMutableBufferPointer { gb in
                let y = yb.baseAddress!, gp = gb.baseAddress!
                var i = 0
                while i + 4 <= count {  // four rows per pass over G: G is loaded/stored once per 4 rows
                    let r0 = y + i * stride, r1 = r0 + stride, r2 = r1 + stride, r3 = r2 + stride
                    for k in 0..<factors {
                        VectorMath.axpy4(SIMD4(r0[k], r1[k], r2[k], r3[k]), r0, r1, r2, r3, gp + k * stride, stride)
                    }
                    i += 4
                }
                while i < count {
                    let row = y + i * stride
                    for k in 0..<factors where row[k] != 0 { VectorMath.axpy(row[k], row, gp + k * stride, stride) }
                    i += 1
                }
                for k in 0..<stride { gb[k * stride + k] += k < factors ? lambda : 1 }
            }
        }
        return g
    }

    /// Solves the shopper's vector from their interactions — the exact least-squares
    /// user step of ALS with confidence c = 1 + alpha·weight. Items unknown to the
    /// model and non-positive weights are ignored; with no usable item the result is
    /// the zero vector (scores 0, so other sources decide). Returns `stride` floats.
    public func foldIn(items: [Int32], weights: [Float]) -> [Float] {
        foldInShort(items: items, weights: weights) ?? foldInDirect(items: items, weights: weights)
    }

    /// `foldIn` by building A = G + Σ (c−1) y yᵀ and solving it (any history length).
    func foldInDirect(items: [Int32], weights: [Float]) -> [Float] {
        let n = stride
        var a = gram
        var b = [Float](repeating: 0, count: n)
        var used = 0
        itemFactors.withUnsafeBufferPointer { yb in
            a.withUnsafeMutableBufferPointer { ab in
                b.withUnsafeMutableBufferPointer { bb in
                    for (idx, item) in items.enumerated() {
                        let w = idx < weights.count ? weights[idx] : 1
                        guard item >= 0, Int(item) < itemCount, w > 0 else { continue }
                        let y = yb.baseAddress! + Int(item) * n
                        let c = 1 + alpha * w
                        // Only the lower triangle (row k, columns 0...k) feeds the Cholesky solve.
                        for k in 0..<factors where y[k] != 0 {
                            VectorMath.axpy((c - 1) * y[k], y, ab.baseAddress! + k * n, min(n, (k + 8) & ~7))
                        }
                        VectorMath.axpy(c, y, bb.baseAddress!, n)
                        used += 1
                    }
                    if used == 0 || !VectorMath.choleskySolve(ab.baseAddress!, bb.baseAddress!, n) {
                        bb.update(repeating: 0)
                    }
                }
            }
        }
        return b
    }

    /// Writes `vector · y_i` for every item into `scores[0..<min(itemCount, scores.count)]`.
    public func scoreAll(user vector: [Float], into scores: inout [Float]) {
        precondition(vector.count == stride)
        let n = stride, m = min(itemCount, scores.count)
        vector.withUnsafeBufferPointer { u in
            itemFactors.withUnsafeBufferPointer { yb in
                scores.withUnsafeMutableBufferPointer { sb in
                    for i in 0..<m {
                        sb[i] = VectorMath.dot(u.baseAddress!, yb.baseAddress! + i * n, n)
                    }
                }
            }
        }
    }

    /// Catalogues up to this many items are scored exhaustively by default (exact,
    /// and as fast as probing at that size), so they need no coarse quantiser.
    public static let exhaustiveScoringLimit = 4_096

    /// Builds the coarse quantiser that lets blended strategies score only the
    /// likeliest items (about 1 s at 100k items, f = 64; nothing for models of at most
    /// `exhaustiveScoringLimit` items). `ScoringCore.install(model:)` builds it on
    /// demand otherwise, so call this right after training, outside any lock that
    /// requests wait on, to keep that time off the request path. Idempotent.
    public func prepareCandidateIndex() {
        if itemCount > Self.exhaustiveScoringLimit { _ = candidateIndex() }
    }

    /// The coarse quantiser, built on first use (thread-safe; built once).
    func candidateIndex() -> VectorIndex {
        coarseIndex.withLock { cached in
            if let index = cached { return index }
            let index = VectorIndex(model: self)
            cached = index
            return index
        }
    }

    /// The factor row of a known item (nil if unknown), for item-to-item similarity.
    public func vector(of item: Int32) -> ArraySlice<Float>? {
        guard item >= 0, Int(item) < itemCount else { return nil }
        return itemFactors[Int(item) * stride..<(Int(item) + 1) * stride]
    }
}
