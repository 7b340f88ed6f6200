/// SIMD kernels for the factor code. Factor rows are padded to a multiple of 8
/// floats (`paddedStride`), so every loop runs whole `SIMD8<Float>` lanes with no
/// scalar tail; padding lanes stay exactly zero through ALS and fold-in.
enum VectorMath {
    /// Rounds a factor count up to whole SIMD8 lanes.
    @inline(__always)
    static func paddedStride(_ factors: Int) -> Int { (factors + 7) & ~7 }

    @inline(__always)
    static func load(_ p: UnsafePointer<Float>, _ i: Int) -> SIMD8<Float> {
        UnsafeRawPointer(p + i).loadUnaligned(as: SIMD8<Float>.self)
    }

    @inline(__always)
    static func store(_ v: SIMD8<Float>, _ p: UnsafeMutablePointer<Float>, _ i: Int) {
        UnsafeMutableRawPointer(p + i).storeBytes(of: v, as: SIMD8<Float>.self)
    }

    /// Σ a[i]·b[i] over `n` (a multiple of 8) floats; four independent accumulators
    /// hide the add latency (no FMA on the baseline x86-64 target).
    @inline(__always)
    static func dot(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ n: Int) -> Float {
        var s0 = SIMD8<Float>(), s1 = SIMD8<Float>(), s2 = SIMD8<Float>(), s3 = SIMD8<Float>()
        var i = 0
        while i + 32 <= n {
            s0 += load(a, i) * load(b, i)
            s1 += load(a, i + 8) * load(b, i + 8)
            s2 += load(a, i + 16) * load(b, i + 16)
            s3 += load(a, i + 24) * load(b, i + 24)
            i += 32
        }
        while i < n {
            s0 += load(a, i) * load(b, i)
            i += 8
        }
        return ((s0 + s1) + (s2 + s3)).sum()
    }

    /// Σ a[i]·b[i] over the first `count` floats (any count): whole SIMD8 lanes, then
    /// a scalar tail.
    @inline(__always)
    static func dotPrefix(_ a: UnsafePointer<Float>, _ b: UnsafePointer<Float>, _ count: Int) -> Float {
        var s0 = SIMD8<Float>(), s1 = SIMD8<Float>()
        var i = 0
        while i + 16 <= count {
            s0 += load(a, i) * load(b, i)
            s1 += load(a, i + 8) * load(b, i + 8)
            i += 16
        }
        if i + 8 <= count {
            s0 += load(a, i) * load(b, i)
            i += 8
        }
        var t = (s0 + s1).sum()
        while i < count {
            t += a[i] * b[i]
            i += 1
        }
        return t
    }

    /// y += s·x over `n` (a multiple of 8) floats.
    @inline(__always)
    static func axpy(_ s: Float, _ x: UnsafePointer<Float>, _ y: UnsafeMutablePointer<Float>, _ n: Int) {
        let sv = SIMD8<Float>(repeating: s)
        let yc = UnsafePointer(y)
        var i = 0
        while i + 16 <= n {
            let a = load(yc, i) + sv * load(x, i)
            let b = load(yc, i + 8) + sv * load(x, i + 8)
            store(a, y, i)
            store(b, y, i + 8)
            i += 16
        }
        if i < n { store(load(yc, i) + sv * load(x, i), y, i) }
    }

    /// out = M·v for a symmetric `n`×`n` row-major M (n a multiple of 8), computed as
    /// Σ v[k]·M[k,:] in 16-lane output blocks held in registers, so the inner loop
    /// is a reduction-free multiply-add with one load per step.
    @inline(__always)
    static func symv(_ m: UnsafePointer<Float>, _ v: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ n: Int)
    {
        var j = 0
        while j + 32 <= n {
            var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
            var row = m + j
            for k in 0..<n {
                let vk = SIMD8<Float>(repeating: v[k])
                a0 += vk * load(row, 0)
                a1 += vk * load(row, 8)
                a2 += vk * load(row, 16)
                a3 += vk * load(row, 24)
                row += n
            }
            store(a0, out, j)
            store(a1, out, j + 8)
            store(a2, out, j + 16)
            store(a3, out, j + 24)
            j += 32
        }
        while j < n {
            var a0 = SIMD8<Float>()
            var row = m + j
            for k in 0..<n {
                a0 += SIMD8<Float>(repeating: v[k]) * load(row, 0)
                row += n
            }
            store(a0, out, j)
            j += 8
        }
    }

    /// Solves the symmetric positive-definite system A·x = b in place by Cholesky
    /// (A is overwritten); returns false if A is not positive definite.
    static func choleskySolve(_ a: UnsafeMutablePointer<Float>, _ b: UnsafeMutablePointer<Float>, _ n: Int) -> Bool {
        // Row-oriented Cholesky–Crout: each entry of L is A's entry minus the dot
        // product of two contiguous row prefixes, so the inner loops run in SIMD lanes.
        for j in 0..<n {
            let rj = UnsafePointer(a + j * n)
            let d = a[j * n + j] - dotPrefix(rj, rj, j)
            if !(d > 0) { return false }
            let l = d.squareRoot()
            a[j * n + j] = l
            let inv = 1 / l
            for i in (j + 1)..<max(j + 1, n) {
                a[i * n + j] = (a[i * n + j] - dotPrefix(UnsafePointer(a + i * n), rj, j)) * inv
            }
        }
        for i in 0..<n {  // L y = b
            b[i] = (b[i] - dotPrefix(UnsafePointer(a + i * n), UnsafePointer(b), i)) / a[i * n + i]
        }
        for i in stride(from: n - 1, through: 0, by: -1) {  // Lᵀ x = y
            var s = b[i]
            for k in (i + 1)..<max(i + 1, n) { s -= a[k * n + i] * b[k] }
            b[i] = s / a[i * n + i]
        }
        return true
    }
}
