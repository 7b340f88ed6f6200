import Testing

@testable import AffinityCore

@Suite struct MathTests {
    @Test func elementaryFunctions() {
        #expect(abs(Math.ln(1)) < 1e-15)
        #expect(abs(Math.ln(10) - 2.302_585_092_994_046) < 1e-13)
        #expect(abs(Math.ln(1e-7) + 16.118_095_650_958_32) < 1e-12)
        #expect(abs(Math.exp2(10) - 1024) < 1e-10)
        #expect(abs(Math.exp2(-0.5) - 0.707_106_781_186_547_5) < 1e-14)
        #expect(abs(Math.pow(9, 0.5) - 3) < 1e-13)
        #expect(Math.pow(0, 2) == 0)
    }

    @Test func crc32MatchesTheStandardCheckValue() {
        #expect(CRC32.checksum(Array("123456789".utf8)) == 0xCBF4_3926)
        #expect(CRC32.checksum([UInt8]()) == 0)
    }

    @Test func logLikelihoodRatioMatchesHandComputedValues() {
        // Perfect association 1,0,0,1: every entropy term is 2·ln 2 → G² = 2·(2ln2 + 2ln2 − 2ln2) = 4 ln 2.
        #expect(abs(LogLikelihoodRatio.score(k11: 1, k12: 0, k21: 0, k22: 1) - 4 * Math.ln2) < 1e-12)
        // Scales linearly with the counts for the same proportions: 10,0,0,10 → 40 ln 2.
        #expect(abs(LogLikelihoodRatio.score(k11: 10, k12: 0, k21: 0, k22: 10) - 40 * Math.ln2) < 1e-11)
        // Independence (table proportional to the product of its margins) scores 0.
        #expect(abs(LogLikelihoodRatio.score(k11: 2, k12: 8, k21: 8, k22: 32)) < 1e-10)
        // (5, 1995, 0, 100000) computed independently with the entropy formula in Python.
        #expect(abs(LogLikelihoodRatio.score(k11: 5, k12: 1995, k21: 0, k22: 100_000) - 39.330_521_655_734_63) < 1e-8)
    }
}
