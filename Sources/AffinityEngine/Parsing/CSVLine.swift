import Foundation

/// Splits one RFC 4180 CSV record (quotes, doubled quotes, commas inside quotes).
/// Records spanning lines are not supported: event and catalog files keep one per line.
enum CSVLine {
    static func fields(_ line: some Collection<UInt8>) -> [String] {
        var fields: [String] = []
        var field: [UInt8] = []
        var quoted = false
        var iterator = line.makeIterator()
        var pendingQuote = false
        while let byte = iterator.next() {
            if quoted {
                if pendingQuote {
                    pendingQuote = false
                    if byte == 34 {
                        field.append(34)
                        continue
                    }
                    quoted = false
                } else if byte == 34 {
                    pendingQuote = true
                    continue
                } else {
                    field.append(byte)
                    continue
                }
            }
            switch byte {
            case 44:
                fields.append(String(decoding: field, as: UTF8.self))
                field.removeAll(keepingCapacity: true)
            case 34 where field.isEmpty: quoted = true
            case 13: break
            default: field.append(byte)
            }
        }
        fields.append(String(decoding: field, as: UTF8.self))
        return fields
    }

    /// Quotes a field when it needs it.
    static func escape(_ value: String) -> String {
        guard value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return value }
        return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
