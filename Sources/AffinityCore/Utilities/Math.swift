/// Elementary functions without Foundation/libm, so the core depends on the
/// standard library only. Accuracy is ~1e-15 relative, far beyond what ranking needs.
enum Math {
    static let ln2 = 0.693_147_180_559_945_309_417_232_121_458

    /// Natural logarithm; returns `-infinity` for 0 and `nan` for negatives.
    static func ln(_ x: Double) -> Double {
        if x.isNaN || x < 0 { return .nan }
        if x == 0 { return -.infinity }
        if x.isInfinite { return x }
        // x = m * 2^e with m in [1, 2); ln m = 2 atanh((m-1)/(m+1)), z <= 1/3.
        let e = Double(x.exponent)
        let m = x.significand
        let z = (m - 1) / (m + 1)
        let z2 = z * z
        var term = z
        var sum = 0.0
        var k = 1.0
        while k < 60 {
            sum += term / k
            term *= z2
            k += 2
            if term < 1e-18 * sum { break }
        }
        return 2 * sum + e * ln2
    }

    /// 2 raised to `x`.
    static func exp2(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x > 1023 { return .infinity }
        if x < -1074 { return 0 }
        let n = x.rounded(.down)
        let f = (x - n) * ln2  // in [0, ln 2)
        var term = 1.0
        var sum = 1.0
        var k = 1.0
        while k < 30 {
            term *= f / k
            sum += term
            if term < 1e-17 { break }
            k += 1
        }
        return sum * Double(sign: .plus, exponent: Int(n), significand: 1)
    }

    /// `x` to the power `y` for `x > 0` (0 for `x <= 0` unless `y == 0`).
    static func pow(_ x: Double, _ y: Double) -> Double {
        if y == 0 { return 1 }
        if y == 1 { return x }
        if x <= 0 { return 0 }
        return exp2(y * ln(x) / ln2)
    }
}
