/// A decimal number read digit by digit from its text (`-12.345`, `1e-2`), so that
/// converting major units to minor units is exact: in binary floating point 1.005 × 100
/// is 100.49999…, which would round a half-cent down.
struct DecimalText: Equatable {
    var negative: Bool
    /// The significant digits, without leading zeros ("" for zero).
    var digits: [UInt8]
    /// The value is `digits` × 10^`exponent`.
    var exponent: Int

    /// Reads `[-+]digits[.digits][e[-+]digits]` (JSON's number syntax, plus a leading `+`
    /// and a bare fraction such as `.5`); nil for anything else.
    static func parse(_ text: String) -> DecimalText? {
        var bytes = Array(text.utf8)[...]
        var negative = false
        if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
            negative = sign == UInt8(ascii: "-")
            bytes = bytes.dropFirst()
        }
        func isDigit(_ byte: UInt8) -> Bool { byte >= UInt8(ascii: "0") && byte <= UInt8(ascii: "9") }
        let whole = bytes.prefix(while: isDigit)
        bytes = bytes.dropFirst(whole.count)
        var fraction: ArraySlice<UInt8> = []
        if bytes.first == UInt8(ascii: ".") {
            bytes = bytes.dropFirst()
            fraction = bytes.prefix(while: isDigit)
            bytes = bytes.dropFirst(fraction.count)
        }
        guard !whole.isEmpty || !fraction.isEmpty else { return nil }
        var exponent = 0
        if let marker = bytes.first, marker == UInt8(ascii: "e") || marker == UInt8(ascii: "E") {
            bytes = bytes.dropFirst()
            var negativeExponent = false
            if let sign = bytes.first, sign == UInt8(ascii: "-") || sign == UInt8(ascii: "+") {
                negativeExponent = sign == UInt8(ascii: "-")
                bytes = bytes.dropFirst()
            }
            let written = bytes.prefix(while: isDigit)
            // Beyond 6 digits the exponent only says "far out of range" (or zero).
            guard !written.isEmpty, written.count <= 6 else { return nil }
            bytes = bytes.dropFirst(written.count)
            exponent = written.reduce(0) { $0 * 10 + Int($1 - UInt8(ascii: "0")) }
            if negativeExponent { exponent = -exponent }
        }
        guard bytes.isEmpty else { return nil }
        let all = Array(whole) + Array(fraction)
        let significant = all.drop { $0 == UInt8(ascii: "0") }.map { $0 - UInt8(ascii: "0") }
        return DecimalText(negative: negative, digits: Array(significant), exponent: exponent - fraction.count)
    }

    /// The value × 10^`places` as a whole number, rounded half away from zero (or nil
    /// when `exact` and digits would be lost); nil beyond Int64.
    func scaled(by places: Int, exact: Bool = false) -> Int64? {
        let shift = exponent + places
        var kept = digits
        var roundUp = false
        if shift < 0 {
            let dropped = min(-shift, kept.count)
            let cut = kept.count - dropped
            if exact, kept[cut...].contains(where: { $0 != 0 }) { return nil }
            // Only the first dropped digit decides: ≥ 5 is at least half a unit. (When
            // more digits are dropped than there are, the first dropped one is a zero.)
            roundUp = -shift <= kept.count && kept[cut] >= 5
            kept.removeLast(dropped)
        } else {
            guard kept.isEmpty || kept.count + shift <= 19 else { return nil }
            kept += repeatElement(0, count: kept.isEmpty ? 0 : shift)
        }
        var value: Int64 = 0
        for digit in kept {
            let (times, overflow) = value.multipliedReportingOverflow(by: 10)
            let (sum, overflow2) = times.addingReportingOverflow(Int64(digit))
            guard !overflow, !overflow2 else { return nil }
            value = sum
        }
        if roundUp {
            let (sum, overflow) = value.addingReportingOverflow(1)
            guard !overflow else { return nil }
            value = sum
        }
        return negative ? -value : value
    }
}
