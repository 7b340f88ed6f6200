import Testing

@testable import AffinityEngine

/// Major units to minor units, exactly: by the currency's ISO 4217 exponent, rounding
/// half away from zero on the decimal digits as written (not on a binary double).
@Suite("Currency minor units")
struct CurrencyMinorUnitsTests {
    func minor(_ value: JSONValue, _ currency: String? = "USD") throws(AffinityError) -> Int64 {
        try CurrencyMinorUnits.minor(value, currency: currency, field: "price")
    }

    @Test("the exponent is the currency's: 2 by default, 0 for yen and won, 3 for dinars")
    func exponents() {
        #expect(CurrencyMinorUnits.exponent(of: "EUR") == 2)
        #expect(CurrencyMinorUnits.exponent(of: nil) == 2)
        #expect(CurrencyMinorUnits.exponent(of: "XYZ") == 2)
        #expect(CurrencyMinorUnits.exponent(of: "jpy") == 0)
        #expect(CurrencyMinorUnits.exponent(of: "KRW") == 0)
        #expect(CurrencyMinorUnits.exponent(of: "KWD") == 3)
        #expect(CurrencyMinorUnits.exponent(of: "BHD") == 3)
        #expect(CurrencyMinorUnits.exponent(of: "TND") == 3)
    }

    @Test("decimal prices convert exactly, where a double would not")
    func exact() throws {
        #expect(try minor(.number(19.99)) == 1999)
        #expect(try minor(.number(18.99)) == 1899)
        // 1.005 × 100 is 100.49999… in binary; the price as written is a half-cent.
        #expect(try minor(.number(1.005)) == 101)
        #expect(try minor(.number(1.004)) == 100)
        #expect(try minor(.number(0.125)) == 13)
        #expect(try minor(.number(19)) == 1900)
        #expect(try minor(.number(0)) == 0)
        #expect(try minor(.number(1e2)) == 10_000)
        #expect(try minor(.number(0.00001)) == 0)
    }

    @Test("numeric strings are read as written")
    func strings() throws {
        #expect(try minor(.string("19.99")) == 1999)
        #expect(try minor(.string(" 27.50 ")) == 2750)
        #expect(try minor(.string("2.5e1")) == 2500)
        #expect(try minor(.string(".5")) == 50)
    }

    @Test("zero- and three-decimal currencies round to their own unit")
    func otherExponents() throws {
        #expect(try minor(.number(1234.5), "JPY") == 1235)
        #expect(try minor(.number(1234.4), "KRW") == 1234)
        #expect(try minor(.number(1.2345), "KWD") == 1235)
        #expect(try minor(.number(12.5), "OMR") == 12_500)
    }

    @Test("negative, oversized and non-numeric amounts are rejected naming the field")
    func rejected() throws {
        for value: JSONValue in [.number(-0.01), .number(1e13), .string("1e999999"), .number(1e300)] {
            let error = AffinityError.caught { () throws(AffinityError) in try minor(value) }
            #expect(error?.field == "price")
            #expect(error?.message.contains("from 0 to 1000000000000 minor units") == true)
        }
        for value: JSONValue in [.string("19,99"), .string("abc"), .bool(true), .null, .string("")] {
            let error = AffinityError.caught { () throws(AffinityError) in try minor(value) }
            #expect(error?.message == "price must be a number (major units, e.g. 19.99)")
        }
        // The largest accepted price, in a currency without decimals.
        #expect((try? minor(.number(1e12), "JPY")) == 1_000_000_000_000)
    }

    @Test("the decimal reader rounds half away from zero and reports overflow")
    func decimalText() {
        #expect(DecimalText.parse("-0.5")?.scaled(by: 0) == -1)
        #expect(DecimalText.parse("-0.4")?.scaled(by: 0) == 0)
        #expect(DecimalText.parse("0.0005")?.scaled(by: 2) == 0)
        #expect(DecimalText.parse("0.005")?.scaled(by: 2) == 1)
        #expect(DecimalText.parse("9223372036854775807")?.scaled(by: 0) == Int64.max)
        #expect(DecimalText.parse("9223372036854775808")?.scaled(by: 0) == nil)
        #expect(DecimalText.parse("1.5")?.scaled(by: 0, exact: true) == nil)
        #expect(DecimalText.parse("3.0")?.scaled(by: 0, exact: true) == 3)
        for bad in ["", "-", ".", "1e", "1e+", "0x10", "1 2", "١٢"] {
            #expect(DecimalText.parse(bad) == nil, "\(bad)")
        }
    }
}
