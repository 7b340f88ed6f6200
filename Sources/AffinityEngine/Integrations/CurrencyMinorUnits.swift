/// Segment and GA4 send money in major units (`19.99`); Affinity stores integer minor
/// units (`1999`). The factor is the currency's ISO 4217 minor-unit exponent: most
/// currencies have cents, some none (yen, won), a few thousandths (dinars).
package enum CurrencyMinorUnits {
    /// ISO 4217 currencies without minor units.
    static let zeroDecimals: Set<String> = [
        "BIF", "CLP", "DJF", "GNF", "ISK", "JPY", "KMF", "KRW", "PYG", "RWF", "UGX", "UYI", "VND", "VUV", "XAF",
        "XOF", "XPF",
    ]
    /// ISO 4217 currencies with thousandths.
    static let threeDecimals: Set<String> = ["BHD", "IQD", "JOD", "KWD", "LYD", "OMR", "TND"]
    /// Units of account with four decimals.
    static let fourDecimals: Set<String> = ["CLF", "UYW"]

    /// The minor-unit exponent of `currency` (any case); 2 when it is unknown or not given.
    package static func exponent(of currency: String?) -> Int {
        guard let code = currency?.uppercased() else { return 2 }
        if zeroDecimals.contains(code) { return 0 }
        if threeDecimals.contains(code) { return 3 }
        if fourDecimals.contains(code) { return 4 }
        return 2
    }

    /// `value` (major units) in minor units of `currency`, rounded half away from zero,
    /// or a 422 naming `field` when it is not a number or falls outside 0 …
    /// ``Event/maxPriceMinor`` (negative prices, and amounts no shop charges).
    package static func minor(_ value: JSONValue, currency: String?, field: String) throws(AffinityError) -> Int64 {
        guard let text = value.decimalText, let decimal = DecimalText.parse(text) else {
            throw .invalid(field, "\(field) must be a number (major units, e.g. 19.99)")
        }
        let places = exponent(of: currency)
        guard let minor = decimal.scaled(by: places), minor >= 0, minor <= Event.maxPriceMinor else {
            throw .invalid(
                field,
                "\(field) is \(text): amounts must be from 0 to \(Event.maxPriceMinor) minor units "
                    + "(\(places) decimals in \(currency?.uppercased() ?? "the default currency"))")
        }
        return minor
    }
}
