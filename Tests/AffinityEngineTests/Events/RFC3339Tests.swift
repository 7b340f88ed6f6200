import AffinityEngine
import Testing

@Suite("RFC 3339")
struct RFC3339Tests {
    @Test("UTC with Z, z, t and a space separator")
    func utc() {
        let expected: Int64 = 1_795_774_530_000  // 2026-11-27T10:15:30Z
        #expect(RFC3339.milliseconds("2026-11-27T10:15:30Z") == expected)
        #expect(RFC3339.milliseconds("2026-11-27t10:15:30z") == expected)
        #expect(RFC3339.milliseconds("2026-11-27 10:15:30Z") == expected)
        #expect(RFC3339.milliseconds("1970-01-01T00:00:00Z") == 0)
    }

    @Test("offsets are converted to UTC")
    func offsets() {
        let utc = RFC3339.milliseconds("2026-11-27T10:15:30Z")
        #expect(RFC3339.milliseconds("2026-11-27T11:15:30+01:00") == utc)
        #expect(RFC3339.milliseconds("2026-11-27T05:45:30-04:30") == utc)
        #expect(RFC3339.milliseconds("2026-11-28T00:15:30+14:00") == utc)
        #expect(RFC3339.milliseconds("2026-11-27T10:15:30+00:00") == utc)
        #expect(RFC3339.milliseconds("2026-11-27T10:15:30-00:00") == utc)
    }

    @Test("fractions of 1, 3 and 6 digits; digits beyond milliseconds are truncated")
    func fractions() {
        let base: Int64 = 1_795_774_530_000
        #expect(RFC3339.milliseconds("2026-11-27T10:15:30.1Z") == base + 100)
        #expect(RFC3339.milliseconds("2026-11-27T10:15:30.12Z") == base + 120)
        #expect(RFC3339.milliseconds("2026-11-27T10:15:30.123Z") == base + 123)
        #expect(RFC3339.milliseconds("2026-11-27T10:15:30.123999Z") == base + 123)
        #expect(RFC3339.milliseconds("2026-11-27T11:15:30.5+01:00") == base + 500)
    }

    @Test("February 29 exists only in leap years")
    func leapYears() {
        #expect(RFC3339.milliseconds("2024-02-29T00:00:00Z") != nil)
        #expect(RFC3339.milliseconds("2000-02-29T00:00:00Z") != nil)
        #expect(RFC3339.milliseconds("2025-02-29T00:00:00Z") == nil)
        #expect(RFC3339.milliseconds("1900-02-29T00:00:00Z") == nil)
        #expect(
            RFC3339.milliseconds("2024-03-01T00:00:00Z")! - RFC3339.milliseconds("2024-02-28T00:00:00Z")!
                == 2 * 86_400_000)
    }

    @Test(
        "garbage and out-of-range values are rejected",
        arguments: [
            "", "garbage", "2026-11-27", "2026-11-27T10:15:30", "2026-11-27T10:15Z", "2026-13-01T00:00:00Z",
            "2026-00-10T00:00:00Z", "2026-04-31T00:00:00Z", "2026-11-00T00:00:00Z", "2026-11-27T24:00:00Z",
            "2026-11-27T10:60:00Z", "2026-11-27T10:15:30.Z", "2026-11-27T10:15:30+1:00", "2026-11-27T10:15:30+01",
            "2026-11-27T10:15:30+25:00", "2026-11-27T10:15:30Zjunk", "2026-11-27T10:15:30 Z", "26-11-27T10:15:30Z",
            "2026/11/27T10:15:30Z", "2026-11-27X10:15:30Z", "２０２６-11-27T10:15:30Z",
        ])
    func rejected(_ text: String) {
        #expect(RFC3339.milliseconds(text) == nil)
    }

    @Test("string(milliseconds:) writes the canonical UTC form")
    func format() {
        #expect(RFC3339.string(milliseconds: 0) == "1970-01-01T00:00:00.000Z")
        #expect(RFC3339.string(milliseconds: 1_795_774_530_123) == "2026-11-27T10:15:30.123Z")
        #expect(RFC3339.string(milliseconds: -1) == "1969-12-31T23:59:59.999Z")
        #expect(RFC3339.string(milliseconds: -86_400_000) == "1969-12-31T00:00:00.000Z")
        #expect(RFC3339.string(milliseconds: 951_782_400_000) == "2000-02-29T00:00:00.000Z")
    }

    @Test(
        "string and milliseconds round-trip, including before the epoch",
        arguments: [
            Int64(0), 1, 999, 1000, -1, -999, -1000, -1001, 1_795_774_530_123, -2_208_988_800_000, 951_782_400_000,
            253_402_300_799_999, -62_135_596_800_000,
        ])
    func roundTrip(_ millis: Int64) {
        let text = RFC3339.string(milliseconds: millis)
        #expect(RFC3339.milliseconds(text) == millis, "\(text)")
    }

    @Test("negative epoch parses")
    func negativeEpoch() {
        #expect(RFC3339.milliseconds("1969-12-31T23:59:59.500Z") == -500)
        #expect(RFC3339.milliseconds("1900-01-01T00:00:00Z") == -2_208_988_800_000)
    }
}
