extension VectorMath {
    /// The four dot products y0·v … y3·v in one pass, loading each chunk of `v` once.
    @inline(__always)
    static func dot4(
        _ y0: UnsafePointer<Float>, _ y1: UnsafePointer<Float>, _ y2: UnsafePointer<Float>,
        _ y3: UnsafePointer<Float>, _ v: UnsafePointer<Float>, _ n: Int
    ) -> SIMD4<Float> {
        var a0 = SIMD8<Float>(), a1 = SIMD8<Float>(), a2 = SIMD8<Float>(), a3 = SIMD8<Float>()
        var i = 0
        while i < n {
            let x = load(v, i)
            a0 += load(y0, i) * x
            a1 += load(y1, i) * x
            a2 += load(y2, i) * x
            a3 += load(y3, i) * x
            i += 8
        }
        return SIMD4(a0.sum(), a1.sum(), a2.sum(), a3.sum())
    }

    /// out += s[0]·y0 + … + s[3]·y3, loading and storing each chunk of `out` once.
    @inline(__always)
    static func axpy4(
        _ s: SIMD4<Float>, _ y0: UnsafePointer<Float>, _ y1: UnsafePointer<Float>, _ y2: UnsafePointer<Float>,
        _ y3: UnsafePointer<Float>, _ out: UnsafeMutablePointer<Float>, _ n: Int
    ) {
        let s0 = SIMD8<Float>(repeating: s[0]), s1 = SIMD8<Float>(repeating: s[1])
        let s2 = SIMD8<Float>(repeating: s[2]), s3 = SIMD8<Float>(repeating: s[3])
        let oc = UnsafePointer(out)
        var i = 0
        while i < n {
            let t = (load(oc, i) + s0 * load(y0, i)) + (s1 * load(y1, i) + (s2 * load(y2, i) + s3 * load(y3, i)))
            store(t, out, i)
            i += 8
        }
    }

    /// For one sparse row (entries `lo..<hi` of `cols`/`vals`) adds
    /// Σ coefficient(w, y·v)·y into `out`, four rows of Y at a time so `v` and `out`
    /// are streamed once per four items instead of once per item. This is the whole
    /// sparse part of an ALS CG step.
    @inline(__always)
    static func sparseRowProducts(
        y: UnsafePointer<Float>, cols: UnsafeBufferPointer<Int32>, vals: UnsafeBufferPointer<Float>,
        _ lo: Int, _ hi: Int, v: UnsafePointer<Float>, out: UnsafeMutablePointer<Float>, n: Int,
        coefficient: (SIMD4<Float>, SIMD4<Float>) -> SIMD4<Float>
    ) {
        var e = lo
        while e + 4 <= hi {
            let y0 = y + Int(cols[e]) * n, y1 = y + Int(cols[e + 1]) * n
            let y2 = y + Int(cols[e + 2]) * n, y3 = y + Int(cols[e + 3]) * n
            let d = dot4(y0, y1, y2, y3, v, n)
            let w = SIMD4(vals[e], vals[e + 1], vals[e + 2], vals[e + 3])
            axpy4(coefficient(w, d), y0, y1, y2, y3, out, n)
            e += 4
        }
        while e < hi {
            let yi = y + Int(cols[e]) * n
            let d = dot(yi, v, n)
            let c = coefficient(SIMD4(repeating: vals[e]), SIMD4(repeating: d))
            axpy(c[0], yi, out, n)
            e += 1
        }
    }
}
