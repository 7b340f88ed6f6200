import AffinityEngine

// Seeded, realistic inputs: the same events as NDJSON lines (written as Python's
// json.dumps writes them, like Benchmarks/import-throughput.sh) and as CSV rows, and RFC
// 3339 timestamps in the forms senders use (Z, offsets, with and without milliseconds).

struct EventInputs {
    /// All lines in one buffer, sliced as `LineReader.nextLine()` hands them to the importer.
    var jsonLines: [ArraySlice<UInt8>] = []
    var csvHeader = "event_id,type,occurred_at,channel,user_id,session_id,items,currency,order_id,revenue_minor"
    var csvRows: [ArraySlice<UInt8>] = []
    var kinds: [String: Int] = [:]
    var itemCounts: [Int: Int] = [:]
    var jsonBytes = 0
    var csvBytes = 0
}

/// Start and end of the instants drawn for events (2026-01-01 … 2026-11-30, UTC).
let eventSpan: ClosedRange<Int64> = 1_767_225_600_000...1_796_083_200_000

let offsetsMinutes = [60, 120, -300, 330, -480, -210, 540]

/// `ms` written with the UTC offset `offset` (minutes; `nil` for `Z`), with or without
/// the milliseconds. Built from `RFC3339.string(milliseconds:)` of the local time; the
/// agreement checks hold every form against Foundation's parsers.
func timestamp(_ ms: Int64, offset: Int?, fraction: Bool) -> String {
    var text = RFC3339.string(milliseconds: ms + Int64(offset ?? 0) * 60_000)
    text.removeLast()  // "Z"
    if !fraction { text.removeLast(4) }  // ".mmm"
    guard let offset else { return text + "Z" }
    let magnitude = abs(offset)
    let hh = magnitude / 60, mm = magnitude % 60
    return text + (offset < 0 ? "-" : "+") + (hh < 10 ? "0" : "") + "\(hh):" + (mm < 10 ? "0" : "") + "\(mm)"
}

/// The six forms in turn: Z, .mmmZ, +hh:mm, .mmm+hh:mm, -hh:mm, .mmm-hh:mm.
func timestampForm(_ index: Int, _ ms: Int64, _ rng: inout Rng) -> String {
    let form = index % 6
    let fraction = form % 2 == 1
    if form < 2 { return timestamp(ms, offset: nil, fraction: fraction) }
    var offset = offsetsMinutes[rng.below(offsetsMinutes.count)]
    if (form < 4) != (offset > 0) { offset = -offset }
    return timestamp(ms, offset: offset, fraction: fraction)
}

func makeEventInputs(count: Int, seed: UInt64) -> EventInputs {
    var rng = Rng(state: seed)
    var inputs = EventInputs()
    var json: [UInt8] = [], csv: [UInt8] = []
    var jsonEnds: [Int] = [], csvEnds: [Int] = []
    let channels = ["web", "ios", "android", "web"]
    for i in 0..<count {
        let draw = rng.below(10)
        let type = draw < 8 ? "product_view" : draw == 8 ? "add_to_cart" : "purchase"
        let itemCount = type == "product_view" ? 1 : type == "add_to_cart" ? 1 + rng.below(2) : 1 + rng.below(3)
        inputs.kinds[type, default: 0] += 1
        inputs.itemCounts[itemCount, default: 0] += 1
        let user = rng.below(50_000)
        let occurredAt = timestampForm(i, rng.between(eventSpan), &rng)
        let channel = channels[rng.below(channels.count)]
        var items: [(product: String, quantity: Int, price: Int64)] = []
        for _ in 0..<itemCount {
            items.append(("P\(rng.below(20_000))", 1 + rng.below(3), 199 + Int64(rng.below(20_000))))
        }
        let revenue = items.reduce(Int64(0)) { $0 + Int64($1.quantity) * $1.price }

        var line =
            "{\"event_id\": \"e\(i)\", \"type\": \"\(type)\", \"occurred_at\": \"\(occurredAt)\", "
            + "\"channel\": \"\(channel)\", \"user_id\": \"u\(user)\", \"session_id\": \"s\(user)-\(i / 20)\", "
        var row = "e\(i),\(type),\(occurredAt),\(channel),u\(user),s\(user)-\(i / 20),"
        if type == "product_view" {
            line += "\"items\": [{\"product_id\": \"\(items[0].product)\"}]}"
            row += "\(items[0].product),,,"
        } else {
            line +=
                "\"items\": ["
                + items.map {
                    "{\"product_id\": \"\($0.product)\", \"quantity\": \($0.quantity), \"price_minor\": \($0.price), "
                        + "\"currency\": \"EUR\"}"
                }.joined(separator: ", ") + "]"
            row += items.map { "\($0.product):\($0.quantity):\($0.price)" }.joined(separator: "|") + ",EUR,"
            if type == "purchase" {
                line += ", \"order\": {\"order_id\": \"o\(i)\", \"revenue_minor\": \(revenue), \"currency\": \"EUR\"}"
                row += "o\(i),\(revenue)"
            } else {
                row += ","
            }
            line += "}"
        }
        json.append(contentsOf: line.utf8)
        jsonEnds.append(json.count)
        json.append(10)
        csv.append(contentsOf: row.utf8)
        csvEnds.append(csv.count)
        csv.append(10)
    }
    var start = 0
    for end in jsonEnds {
        inputs.jsonLines.append(json[start..<end])
        start = end + 1
    }
    start = 0
    for end in csvEnds {
        inputs.csvRows.append(csv[start..<end])
        start = end + 1
    }
    inputs.jsonBytes = inputs.jsonLines.reduce(0) { $0 + $1.count }
    inputs.csvBytes = inputs.csvRows.reduce(0) { $0 + $1.count }
    return inputs
}
