/// The import fast path for CSV rows: fields are split as byte ranges and only the used
/// columns become strings, with positions looked up once from the header.
///
/// It handles the plain rows files are made of: no quotes, no carriage returns, and
/// numbers of digits only. For any other row, or any row that would fail, it returns
/// `nil` and the caller uses ``EventCSV/event(_:)``, which reports the error; for the
/// rows it accepts, the event equals the one ``EventCSV/event(_:)`` builds.
package struct EventCSVFastPath {
    /// Field position of each of ``EventCSV/columns`` (`-1` when the header lacks it).
    private let positions: [Int]

    package init(_ csv: EventCSV) {
        positions = EventCSV.columns.map { csv.index[$0] ?? -1 }
    }

    package func event(_ line: ArraySlice<UInt8>) -> Event? {
        line.withUnsafeBufferPointer { event($0) }
    }

    private func event(_ bytes: UnsafeBufferPointer<UInt8>) -> Event? {
        var fields: [Range<Int>] = []
        fields.reserveCapacity(positions.count)
        var start = 0
        for index in 0..<bytes.count {
            switch bytes[index] {
            case UInt8(ascii: ","):
                fields.append(start..<index)
                start = index + 1
            case UInt8(ascii: "\""), 13: return nil
            default: break
            }
        }
        fields.append(start..<bytes.count)
        func range(_ column: Int) -> Range<Int>? {
            let position = positions[column]
            guard position >= 0, position < fields.count, !fields[position].isEmpty else { return nil }
            return fields[position]
        }
        func value(_ column: Int) -> String? {
            range(column).map { String(decoding: UnsafeBufferPointer(rebasing: bytes[$0]), as: UTF8.self) }
        }
        func integer(_ range: Range<Int>) -> Int64? {
            guard range.count <= 18 else { return nil }
            var value: Int64 = 0
            for byte in bytes[range] {
                let digit = byte &- UInt8(ascii: "0")
                guard digit < 10 else { return nil }
                value = value * 10 + Int64(digit)
            }
            return value
        }
        // Columns in the order of `EventCSV.columns`.
        let currency = value(9)
        var items: [EventItem] = []
        if let product = value(8) { items.append(EventItem(productID: product, currency: nil)) }
        if let list = range(7) {
            // `EventCSV` splits characters: a combining mark would join a separator.
            guard !bytes[list].contains(where: { $0 >= 0x80 }) else { return nil }
            var partStart = list.lowerBound
            for index in list.lowerBound...list.upperBound
            where index == list.upperBound || bytes[index] == UInt8(ascii: "|") {
                defer { partStart = index + 1 }
                guard index > partStart else { continue }  // `split` omits empty parts
                guard let item = item(bytes, partStart..<index, currency: currency, integer) else { return nil }
                items.append(item)
            }
        }
        var order: EventOrder?
        if let orderID = value(11) {
            var revenue: Int64?
            if let text = range(12) {
                guard let number = integer(text) else { return nil }
                revenue = number
            }
            order = EventOrder(orderID: orderID, revenueMinor: revenue, currency: currency)
        }
        return Event(
            eventID: value(0) ?? "", type: value(1) ?? "", occurredAt: value(2) ?? "", channel: value(3),
            userID: value(4), anonymousID: value(5), sessionID: value(6), items: items.isEmpty ? nil : items,
            query: value(10), order: order, recommendationID: value(13))
    }

    /// `product_id[:quantity[:price_minor]]`.
    private func item(
        _ bytes: UnsafeBufferPointer<UInt8>, _ part: Range<Int>, currency: String?,
        _ integer: (Range<Int>) -> Int64?
    ) -> EventItem? {
        var pieces: [Range<Int>] = []
        var start = part.lowerBound
        for index in part where bytes[index] == UInt8(ascii: ":") {
            pieces.append(start..<index)
            start = index + 1
        }
        pieces.append(start..<part.upperBound)
        var item = EventItem(
            productID: String(decoding: UnsafeBufferPointer(rebasing: bytes[pieces[0]]), as: UTF8.self))
        if pieces.count > 1, !pieces[1].isEmpty {
            guard let quantity = integer(pieces[1]) else { return nil }
            item.quantity = Int(quantity)
        }
        if pieces.count > 2, !pieces[2].isEmpty {
            guard let price = integer(pieces[2]) else { return nil }
            item.priceMinor = price
            item.currency = currency
        }
        return item
    }
}
