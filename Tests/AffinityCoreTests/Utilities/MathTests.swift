import Testing

@testable import AffinityCore

@Suite struct MathTests {
    /// Distance in units in the last place between two finite doubles of the same sign.
    static func ulps(_ a: Double, _ b: Double) -> UInt64 {
        if a == b { return 0 }
        guard a.sign == b.sign, a.isFinite, b.isFinite else { return .max }
        let x = a.magnitude.bitPattern, y = b.magnitude.bitPattern
        return x > y ? x - y : y - x
    }

    /// Each function within an ulp of the correctly rounded value, on inputs shaped like
    /// the core's call sites (reference values: Python's `decimal` at 60 digits, rounded
    /// to the nearest double). Benchmarks/library-vs-handwritten.sh measures how far the
    /// hand-written series these replaced were from them.
    static let lnCases: [(x: Double, expected: Double)] = [
        (1e-7, -16.11809565095832), (0.3, -1.2039728043259361), (0.999, -0.0010005003335835344),
        (1.001, 0.0009995003330834232), (3, 1.0986122886681098), (10, 2.302585092994046),
        (1234.5, 7.118421308785234), (1e6, 13.815510557964274), (0x1p-30, -20.79441541679836),
    ]
    static let exp2Cases: [(x: Double, expected: Double)] = [
        (-0.5, 0.7071067811865476), (-3.7, 0.07694652583405726), (10, 1024), (0.001, 1.0006933874625807),
        (-25, 2.9802322387695312e-08), (511.9, 1.2509927142825074e+154), (-600.25, 2.0264929756137305e-181),
        (1.0 / 3, 1.2599210498948732),
    ]
    static let powCases: [(x: Double, y: Double, expected: Double)] = [
        (9, 0.5, 3), (2, -0.35, 0.7845840978967508), (20, -0.35, 0.35046084319304355),
        (137, -0.5, 0.0854357657716761), (1e5, -0.73, 0.000223872113856834), (3, -1, 0.3333333333333333),
    ]

    @Test(arguments: lnCases)
    func lnIsCorrectlyRounded(x: Double, expected: Double) {
        #expect(Self.ulps(Math.ln(x), expected) <= 1, "ln(\(x)) = \(Math.ln(x))")
    }

    @Test(arguments: exp2Cases)
    func exp2IsCorrectlyRounded(x: Double, expected: Double) {
        #expect(Self.ulps(Math.exp2(x), expected) <= 1, "exp2(\(x)) = \(Math.exp2(x))")
    }

    @Test(arguments: powCases)
    func powIsCorrectlyRounded(x: Double, y: Double, expected: Double) {
        #expect(Self.ulps(Math.pow(x, y), expected) <= 1, "pow(\(x), \(y)) = \(Math.pow(x, y))")
    }

    @Test func edgeCases() {
        #expect(Math.ln(1) == 0 && Math.ln(0) == -.infinity && Math.ln(.infinity) == .infinity)
        #expect(Math.ln(-1).isNaN && Math.ln(.nan).isNaN)
        #expect(Math.exp2(0) == 1 && Math.exp2(-1) == 0.5 && Math.exp2(-1100) == 0 && Math.exp2(1100) == .infinity)
        #expect(Math.log2(2) == 1 && Math.log2(1024) == 10)
        #expect(Math.log2(3) == 1.584962500721156 && Math.log2(11) == 3.4594316186372973)
        // pow keeps the contract of the series it replaced: 0 for x <= 0 unless y == 0.
        #expect(Math.pow(0, 2) == 0 && Math.pow(-2, 0.5) == 0 && Math.pow(0, 0) == 1 && Math.pow(-3, 0) == 1)
        #expect(Math.pow(7.25, 1) == 7.25 && Math.pow(5, -0.0) == 1)
    }

    @Test func crc32MatchesTheStandardCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
    }

    @Test func logLikelihoodRatioMatchesHandComputedValues() {
        // Perfect association 1,0,0,1: every entropy term is 2·ln 2 → G² = 2·(2ln2 + 2ln2 − 2ln2) = 4 ln 2.
        #expect(abs(LogLikelihoodRatio.score(k11: 1, k12: 0, k21: 0, k22: 1) - 4 * Math.ln(2)) < 1e-12)
        // Scales linearly with the counts for the same proportions: 10,0,0,10 → 40 ln 2.
        #expect(abs(LogLikelihoodRatio.score(k11: 10, k12: 0, k21: 0, k22: 10) - 40 * Math.ln(2)) < 1e-11)
        // Independence (table proportional to the product of its margins) scores 0.
        #expect(abs(LogLikelihoodRatio.score(k11: 2, k12: 8, k21: 8, k22: 32)) < 1e-10)
        // (5, 1995, 0, 100000) computed independently with the entropy formula in Python.
        #expect(abs(LogLikelihoodRatio.score(k11: 5, k12: 1995, k21: 0, k22: 100_000) - 39.330_521_655_734_63) < 1e-8)
    }
}
