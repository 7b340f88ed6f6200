/// Dunning's log-likelihood ratio (G²) for a 2×2 contingency table, as used by
/// Mahout's item similarity: it scores how surprising a co-occurrence count is given
/// both items' frequencies, which suppresses pairs that co-occur only because both
/// items are popular.
public enum LogLikelihoodRatio {
    @inline(__always)
    private static func xLogX(_ x: Double) -> Double { x <= 0 ? 0 : x * Math.ln(x) }

    @inline(__always)
    private static func entropy(_ a: Double, _ b: Double) -> Double {
        xLogX(a + b) - xLogX(a) - xLogX(b)
    }

    @inline(__always)
    private static func entropy(_ a: Double, _ b: Double, _ c: Double, _ d: Double) -> Double {
        xLogX(a + b + c + d) - xLogX(a) - xLogX(b) - xLogX(c) - xLogX(d)
    }

    /// G² for the table `k11` (both), `k12` (A without B), `k21` (B without A),
    /// `k22` (neither). Counts may be fractional (weighted co-occurrence). Never negative.
    public static func score(k11: Double, k12: Double, k21: Double, k22: Double) -> Double {
        let row = entropy(k11 + k12, k21 + k22)
        let col = entropy(k11 + k21, k12 + k22)
        let mat = entropy(k11, k12, k21, k22)
        if row + col < mat { return 0 }  // rounding
        return 2 * (row + col - mat)
    }
}
