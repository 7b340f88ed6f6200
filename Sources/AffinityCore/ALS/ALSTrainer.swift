import Dispatch

/// Trains implicit-feedback ALS (Hu, Koren & Volinsky 2008) with the conjugate-
/// gradient row solver of Takács et al., as in `implicit`'s `cg` implementation.
///
/// Confidence is c = 1 + alpha·w for each stored weight w and preference 1; missing
/// entries have confidence 1 and preference 0, handled implicitly through YᵀY
/// (computed once per half-sweep). Each row takes `cgSteps` CG steps warm-started
/// from the previous solution, which is why few steps suffice.
///
/// Runs on the calling thread by default; `ALSConfig.threads = 2` splits each
/// half-sweep over two threads (more are not used: the service shares its cores
/// with request handling). The engine trains in the background and swaps the
/// resulting `ALSModel` in.
public struct ALSTrainer: Sendable {
    /// Hyper-parameters.
    public var config: ALSConfig

    /// Creates a trainer with the given hyper-parameters.
    public init(config: ALSConfig = ALSConfig()) { self.config = config }

    /// Trains on a user×item matrix (e.g. `ScoringCore.trainingMatrix()`) and returns
    /// the item-side snapshot. Deterministic for a given `config.seed`.
    ///
    /// `progress`, when given, is called on the training thread with the number of
    /// finished iterations and `config.iterations`: once with 0 before the first
    /// iteration, then after each one. It does not change the result. `shouldStop` is
    /// asked before each iteration; when it answers true the remaining iterations are
    /// skipped and the (partly trained) model is returned, for a caller that is shutting
    /// down and will discard it.
    public func train(
        _ matrix: InteractionMatrix, progress: ((_ iteration: Int, _ total: Int) -> Void)? = nil,
        shouldStop: (() -> Bool)? = nil
    ) -> ALSModel {
        let f = max(1, config.factors)
        let n = VectorMath.paddedStride(f)
        let users = matrix.rows, items = matrix.columns
        var rng = SplitMix64(seed: config.seed)
        var x = [Float](repeating: 0, count: users * n)
        var y = [Float](repeating: 0, count: items * n)
        for u in 0..<users { for k in 0..<f { x[u * n + k] = rng.nextUnitFloat() * 0.01 } }
        for i in 0..<items { for k in 0..<f { y[i * n + k] = rng.nextUnitFloat() * 0.01 } }
        let byItem = matrix.transposed()
        let iterations = config.iterations
        progress?(0, iterations)
        for iteration in 0..<iterations {
            if shouldStop?() == true { break }
            sweep(solving: &x, fixed: y, rows: matrix, n: n, f: f)
            sweep(solving: &y, fixed: x, rows: byItem, n: n, f: f)
            progress?(iteration + 1, iterations)
        }
        return ALSModel(
            factors: f, itemCount: items, regularization: config.regularization, alpha: config.alpha,
            itemFactors: y)
    }

    /// One half-sweep: updates every row of `target` given the fixed side, on one or
    /// two threads (rows split into halves of equal non-zero count; each thread writes
    /// disjoint rows and only reads shared data).
    private func sweep(solving target: inout [Float], fixed: [Float], rows m: InteractionMatrix, n: Int, f: Int) {
        let gram = ALSModel.gramian(fixed, count: m.columns, stride: n, factors: f, lambda: config.regularization)
        let threads = min(2, max(1, config.threads))
        var split = m.rows
        if threads == 2 && m.rows > 64 {
            split = 0
            while split < m.rows && m.rowStart[split] < m.nonZeroCount / 2 { split += 1 }
        }
        let parts = split == m.rows ? [0..<m.rows] : [0..<split, split..<m.rows]
        gram.withUnsafeBufferPointer { gb in
            fixed.withUnsafeBufferPointer { yb in
                m.rowStart.withUnsafeBufferPointer { starts in
                    m.columnIndex.withUnsafeBufferPointer { cols in
                        m.values.withUnsafeBufferPointer { vals in
                            target.withUnsafeMutableBufferPointer { xb in
                                let ctx = SweepContext(
                                    gram: gb.baseAddress!, fixed: yb.baseAddress!, starts: starts, cols: cols,
                                    vals: vals,
                                    target: xb.baseAddress!, n: n, alpha: config.alpha, steps: max(1, config.cgSteps))
                                if parts.count == 1 {
                                    ctx.solve(parts[0])
                                } else {
                                    DispatchQueue.concurrentPerform(iterations: parts.count) { ctx.solve(parts[$0]) }
                                }
                            }
                        }
                    }
                }
            }
        }
    }
}

/// Raw views of one half-sweep's inputs, shared by the sweep's threads. Sound
/// because the buffers outlive the sweep, shared inputs are read-only and each
/// thread writes only its own rows of `target`.
private struct SweepContext: @unchecked Sendable {
    let gram: UnsafePointer<Float>
    let fixed: UnsafePointer<Float>
    let starts: UnsafeBufferPointer<Int>
    let cols: UnsafeBufferPointer<Int32>
    let vals: UnsafeBufferPointer<Float>
    let target: UnsafeMutablePointer<Float>
    let n: Int
    let alpha: Float
    let steps: Int

    /// CG-solves rows `range` of `target` in place (warm start from their values).
    func solve(_ range: Range<Int>) {
        let n = n, g = gram, y = fixed, cols = cols, vals = vals
        let alphaV = SIMD4<Float>(repeating: alpha)
        let scratch = UnsafeMutablePointer<Float>.allocate(capacity: 3 * n)
        defer { scratch.deallocate() }
        scratch.initialize(repeating: 0, count: 3 * n)
        let r = scratch, p = r + n, ap = r + 2 * n
        for u in range {
            let lo = starts[u], hi = starts[u + 1]
            let xu = target + u * n
            // r = b - A x, with b = Σ c·y and A = G + Σ (c-1) y yᵀ
            VectorMath.symv(g, xu, r, n)
            for k in 0..<n { r[k] = -r[k] }
            VectorMath.sparseRowProducts(y: y, cols: cols, vals: vals, lo, hi, v: xu, out: r, n: n) { w, d in
                let c1 = alphaV * w
                return (c1 + 1) - c1 * d
            }
            var rsold = VectorMath.dot(r, r, n)
            if rsold < 1e-20 { continue }
            p.update(from: r, count: n)
            for _ in 0..<steps {
                VectorMath.symv(g, p, ap, n)
                VectorMath.sparseRowProducts(y: y, cols: cols, vals: vals, lo, hi, v: p, out: ap, n: n) { w, d in
                    alphaV * w * d
                }
                let pap = VectorMath.dot(p, ap, n)
                if pap <= 0 { break }
                let a = rsold / pap
                VectorMath.axpy(a, p, xu, n)
                VectorMath.axpy(-a, ap, r, n)
                let rsnew = VectorMath.dot(r, r, n)
                if rsnew < 1e-20 { break }
                let beta = rsnew / rsold
                for k in 0..<n { p[k] = r[k] + beta * p[k] }
                rsold = rsnew
            }
        }
    }
}
