/// RFC 3339 timestamps to and from Unix milliseconds, without Foundation's formatters
/// (which are slow and not `Sendable`): bulk imports parse one per event.
package enum RFC3339 {
    /// Parses `2026-11-27T10:15:30Z`, `2026-11-27T10:15:30.123+01:00` (`t`/space and `z`
    /// accepted; fractions beyond milliseconds truncated). Returns `nil` when invalid.
    package static func milliseconds(_ text: String) -> Int64? {
        var text = text
        return text.withUTF8(milliseconds(utf8:))
    }

    private static func milliseconds(utf8: UnsafeBufferPointer<UInt8>) -> Int64? {
        var index = 0
        func next() -> UInt8? {
            guard index < utf8.count else { return nil }
            index += 1
            return utf8[index - 1]
        }
        func number(_ digits: Int) -> Int? {
            var value = 0
            for _ in 0..<digits {
                guard let byte = next(), byte >= 48, byte <= 57 else { return nil }
                value = value * 10 + Int(byte - 48)
            }
            return value
        }
        func expect(_ allowed: UInt8) -> Bool { next() == allowed }
        guard let year = number(4), expect(45), let month = number(2), expect(45), let day = number(2),
            let separator = next(), separator == 84 || separator == 116 || separator == 32,
            let hour = number(2), expect(58), let minute = number(2), expect(58), let second = number(2)
        else { return nil }
        guard (1...12).contains(month), day >= 1, day <= daysIn(month: month, year: year), hour < 24,
            minute < 60, second < 61
        else { return nil }
        var millis = 0
        if index < utf8.count, utf8[index] == 46 {  // "."
            index += 1
            var digits = 0
            while index < utf8.count, utf8[index] >= 48, utf8[index] <= 57 {
                if digits < 3 { millis = millis * 10 + Int(utf8[index] - 48) }
                index += 1
                digits += 1
            }
            guard digits > 0 else { return nil }
            if digits < 3 { for _ in digits..<3 { millis *= 10 } }
        }
        var offsetMinutes = 0
        guard let zone = next() else { return nil }
        switch zone {
        case 90, 122: break  // Z z
        case 43, 45:  // + -
            guard let h = number(2), expect(58), let m = number(2), h < 24, m < 60 else { return nil }
            offsetMinutes = (h * 60 + m) * (zone == 45 ? -1 : 1)
        default: return nil
        }
        guard index == utf8.count else { return nil }
        let days = daysFromCivil(year: year, month: month, day: day)
        let seconds =
            Int64(days) * 86_400 + Int64(hour * 3600 + minute * 60 + min(second, 59))
            - Int64(offsetMinutes * 60)
        return seconds * 1000 + Int64(millis)
    }

    /// `2026-11-27T10:15:30.123Z`: the one form the store keeps, so that the same instant
    /// written two ways is the same payload.
    /// A bare date (`2027-01-01`, 00:00 UTC) or an RFC 3339 instant, in Unix milliseconds.
    package static func dateOrInstant(_ text: String) -> Int64? {
        milliseconds(text.count == 10 ? text + "T00:00:00Z" : text)
    }

    package static func string(milliseconds: Int64) -> String {
        let totalSeconds = milliseconds.floorDivided(by: 1000)
        let millis = Int(milliseconds - totalSeconds * 1000)
        let days = Int(totalSeconds.floorDivided(by: 86_400))
        let secondOfDay = Int(totalSeconds - Int64(days) * 86_400)
        let (year, month, day) = civilFromDays(days)
        if (0...9999).contains(year) {
            return String(unsafeUninitializedCapacity: 24) { text in
                func put(_ value: Int, _ width: Int, at offset: Int) {
                    var rest = value
                    for index in (offset..<offset + width).reversed() {
                        text[index] = UInt8(ascii: "0") &+ UInt8(truncatingIfNeeded: rest % 10)
                        rest /= 10
                    }
                }
                put(year, 4, at: 0)
                put(month, 2, at: 5)
                put(day, 2, at: 8)
                put(secondOfDay / 3600, 2, at: 11)
                put(secondOfDay / 60 % 60, 2, at: 14)
                put(secondOfDay % 60, 2, at: 17)
                put(millis, 3, at: 20)
                // - - T : : . Z
                (text[4], text[7], text[10], text[13], text[16], text[19], text[23]) = (45, 45, 84, 58, 58, 46, 90)
                return 24
            }
        }
        // Years outside 0...9999 (reachable through offsets) keep their historic form.
        func pad(_ value: Int, _ width: Int) -> String {
            let digits = String(value)
            return String(repeating: "0", count: max(0, width - digits.count)) + digits
        }
        return "\(pad(year, 4))-\(pad(month, 2))-\(pad(day, 2))T\(pad(secondOfDay / 3600, 2)):"
            + "\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(millis, 3))Z"
    }

    static func daysIn(month: Int, year: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    /// Howard Hinnant's days-from-civil: days since 1970-01-01 of a proleptic Gregorian date.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let doy = (153 * (month + (month > 2 ? -3 : 9)) + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ days: Int) -> (year: Int, month: Int, day: Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}

extension Int64 {
    fileprivate func floorDivided(by divisor: Int64) -> Int64 {
        let quotient = self / divisor
        return (self % divisor != 0 && (self < 0) != (divisor < 0)) ? quotient - 1 : quotient
    }
}
