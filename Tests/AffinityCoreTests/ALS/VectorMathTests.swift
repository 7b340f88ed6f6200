import Testing

@testable import AffinityCore

@Suite struct VectorMathTests {
    @Test(arguments: [0, 1, 7, 8, 9, 15, 16, 17, 31, 64])
    func dotPrefixMatchesAScalarSum(count: Int) {
        var rng = SplitMix64(seed: UInt64(count) + 1)
        let a = (0..<64).map { _ in rng.nextUnitFloat() - 0.5 }
        let b = (0..<64).map { _ in rng.nextUnitFloat() - 0.5 }
        var expected: Float = 0
        for i in 0..<count { expected += a[i] * b[i] }
        let got = a.withUnsafeBufferPointer { x in
            b.withUnsafeBufferPointer { y in VectorMath.dotPrefix(x.baseAddress!, y.baseAddress!, count) }
        }
        #expect(abs(got - expected) <= 1e-5)
    }

    /// Fold-in's solver: A = BᵀB + λI (what ALS builds) solved to a small residual.
    @Test(arguments: [8, 24, 64])
    func choleskySolvesSymmetricPositiveDefiniteSystems(n: Int) {
        var rng = SplitMix64(seed: UInt64(n))
        let rows = 3 * n
        let m = (0..<(rows * n)).map { _ in rng.nextUnitFloat() - 0.5 }
        var a = [Float](repeating: 0, count: n * n)
        for i in 0..<n {
            for j in 0..<n {
                var s: Float = i == j ? 1 : 0
                for r in 0..<rows { s += m[r * n + i] * m[r * n + j] }
                a[i * n + j] = s
            }
        }
        let x = (0..<n).map { _ in rng.nextUnitFloat() - 0.5 }
        var b = [Float](repeating: 0, count: n)
        for i in 0..<n { for j in 0..<n { b[i] += a[i * n + j] * x[j] } }
        var work = a
        var solution = b
        let ok = work.withUnsafeMutableBufferPointer { w in
            solution.withUnsafeMutableBufferPointer { s in VectorMath.choleskySolve(w.baseAddress!, s.baseAddress!, n) }
        }
        #expect(ok)
        let error = zip(solution, x).map { abs($0 - $1) }.max() ?? 0
        #expect(error < 1e-3, "max |x̂ − x| = \(error)")
    }

    @Test func choleskyRejectsAnIndefiniteMatrix() {
        var a: [Float] = [1, 2, 2, 1]  // eigenvalues 3 and −1
        var b: [Float] = [1, 1]
        let ok = a.withUnsafeMutableBufferPointer { w in
            b.withUnsafeMutableBufferPointer { s in VectorMath.choleskySolve(w.baseAddress!, s.baseAddress!, 2) }
        }
        #expect(!ok)
    }
}
