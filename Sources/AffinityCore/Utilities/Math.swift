import RealModule

/// The elementary functions the core uses, from swift-numerics (the platform's libm:
/// correctly rounded or within an ulp), under the names the call sites read best with.
/// Benchmarks/library-vs-handwritten.sh times them against the series this file held
/// before and shows that they give the same `Float` results on call-site-shaped inputs.
enum Math {
    /// Natural logarithm; `-infinity` for 0 and `nan` for negatives.
    @inline(__always)
    static func ln(_ x: Double) -> Double { .log(x) }

    /// Base-2 logarithm (the NDCG discount, as the reference scorer's `math.log2`).
    @inline(__always)
    static func log2(_ x: Double) -> Double { .log2(x) }

    /// 2 raised to `x`.
    @inline(__always)
    static func exp2(_ x: Double) -> Double { .exp2(x) }

    /// `x` to the power `y` for `x > 0` (0 for `x <= 0` unless `y == 0`).
    @inline(__always)
    static func pow(_ x: Double, _ y: Double) -> Double {
        if y == 0 { return 1 }
        return x <= 0 ? 0 : .pow(x, y)
    }
}
