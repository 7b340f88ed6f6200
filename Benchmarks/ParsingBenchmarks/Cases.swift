import AffinityEngine
import Foundation

// The three fast paths against the library way, then whether their results agree.
// Every figure printed is measured by this run.

func runParsingBenchmarks() {
    let events = makeEventInputs(count: 2_000, seed: 0xAFF1_2026)
    var rng = Rng(state: 0x3339_2026)
    let instants = (0..<4_096).map { _ in rng.between(eventSpan) }
    let stamps = instants.enumerated().map { timestampForm($0.offset, $0.element, &rng) }

    describe(events, stamps)
    print()
    Timing.header()
    eventCases(events)
    timestampCases(stamps: stamps, instants: instants)
    print()
    eventAgreement(events)
    timestampAgreement()
    print("(checksum \(Timing.checksum &+ Int(truncatingIfNeeded: sunkInt)))")
}

func describe(_ events: EventInputs, _ stamps: [String]) {
    let n = events.jsonLines.count
    let kinds = events.kinds.sorted { $0.value > $1.value }.map { "\($0.value) \($0.key)" }.joined(separator: ", ")
    let items = events.itemCounts.sorted { $0.key < $1.key }.map { "\($0.value) with \($0.key)" }
        .joined(separator: ", ")
    print(
        "inputs (seeded): \(n) events as NDJSON lines (mean \(events.jsonBytes / n) bytes) "
            + "and as CSV rows (mean \(events.csvBytes / n) bytes)")
    print("  kinds: \(kinds); items per event: \(items); purchases carry an order")
    print(
        "  occurred_at and the timestamp cases: six forms in turn, "
            + "Z / .mmmZ / +hh:mm / .mmm+hh:mm / -hh:mm / .mmm-hh:mm")
    for (index, type) in ["product_view", "purchase"].enumerated() {
        let marker = "\"type\": \"\(type)\""
        guard let i = events.jsonLines.firstIndex(where: { String(decoding: $0, as: UTF8.self).contains(marker) })
        else { continue }
        print("  \(index == 0 ? "e.g." : "    ") \(String(decoding: events.jsonLines[i], as: UTF8.self))")
        print("       \(String(decoding: events.csvRows[i], as: UTF8.self))")
    }
    print("  CSV header: \(events.csvHeader)")
    print("  timestamps: \(stamps.count), e.g. \(stamps.prefix(6).joined(separator: "  "))")
    print(
        "fast path = the engine's code; library = this toolchain's Foundation (JSONDecoder and Date.ISO8601FormatStyle")
    print("  from swift-foundation, ISO8601DateFormatter from swift-corelibs-foundation):")
    print("  NDJSON: EventDecoding.decodeLine (EventJSONParser, JSONDecoder only for lines it declines) vs")
    print("          JSONDecoder().decode(Event.self, from: Data(line)) with one decoder reused, and vs")
    print("          EventDecoding.decode(Event.self, from: line), the engine's fallback (a new JSONDecoder per line)")
    print("  CSV:    EventCSVFastPath vs EventCSV.event(_:) (CSVLine.fields + strings)")
    print("  parse:  RFC3339.milliseconds vs ISO8601DateFormatter [.withInternetDateTime(, .withFractionalSeconds)]")
    print(
        "          (the fractional one when the text has a '.'), "
            + "and vs Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse;")
    print("          library results are converted to Int64 ms (rounded) inside the timed loop")
    print(
        "  format: RFC3339.string(milliseconds:) vs the same two, from Date(timeIntervalSince1970: Double(ms) / 1000)")
    print(
        "  \(Timing.rounds) timed rounds after \(Timing.warmup) warm-up rounds, "
            + "variants interleaved in rotating order; one round = all inputs once")
}

func eventCases(_ events: EventInputs) {
    let lines = events.jsonLines
    let decoder = JSONDecoder()
    Timing.compare(
        items: lines.count,
        fast: Variant(label: "decodeLine") {
            var sum = 0
            for line in lines {
                do {
                    let event = try EventDecoding.decodeLine(line)
                    sum &+= event.eventID.utf8.count
                    blackhole(event)
                } catch { fatalError("decodeLine rejected a benchmark line: \(error)") }
            }
            return sum
        },
        library: [
            Variant(label: "NDJSON line vs JSONDecoder, reused") {
                var sum = 0
                for line in lines {
                    do {
                        let event = try decoder.decode(Event.self, from: Data(line))
                        sum &+= event.eventID.utf8.count
                        blackhole(event)
                    } catch { fatalError("JSONDecoder rejected a benchmark line: \(error)") }
                }
                return sum
            },
            Variant(label: "NDJSON line vs EventDecoding.decode") {
                var sum = 0
                for line in lines {
                    do {
                        let event = try EventDecoding.decode(Event.self, from: line)
                        sum &+= event.eventID.utf8.count
                        blackhole(event)
                    } catch { fatalError("EventDecoding.decode rejected a benchmark line: \(error)") }
                }
                return sum
            },
        ])

    let rows = events.csvRows
    let general: EventCSV
    do { general = try EventCSV(header: Array(events.csvHeader.utf8)) } catch { fatalError("header: \(error)") }
    let fastCSV = EventCSVFastPath(general)
    Timing.compare(
        items: rows.count,
        fast: Variant(label: "EventCSVFastPath") {
            var sum = 0
            for row in rows {
                guard let event = fastCSV.event(row) else { fatalError("the CSV fast path declined a benchmark row") }
                sum &+= event.eventID.utf8.count
                blackhole(event)
            }
            return sum
        },
        library: [
            Variant(label: "CSV event row vs EventCSV.event") {
                var sum = 0
                for row in rows {
                    do {
                        let event = try general.event(row)
                        sum &+= event.eventID.utf8.count
                        blackhole(event)
                    } catch { fatalError("EventCSV rejected a benchmark row: \(error)") }
                }
                return sum
            }
        ])
}

/// Foundation's parsers and formatters as the library way would set them up, once.
struct FoundationTime {
    let plain: ISO8601DateFormatter
    let fractional: ISO8601DateFormatter
    let style = Date.ISO8601FormatStyle(includingFractionalSeconds: true)

    init() {
        plain = ISO8601DateFormatter()
        plain.formatOptions = [.withInternetDateTime]
        fractional = ISO8601DateFormatter()
        fractional.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        fractional.timeZone = TimeZone(identifier: "UTC")
    }

    static func millis(_ date: Date) -> Int64 { Int64((date.timeIntervalSince1970 * 1000).rounded()) }
    static func date(_ ms: Int64) -> Date { Date(timeIntervalSince1970: Double(ms) / 1000) }

    func formatterParse(_ text: String) -> Int64? {
        let formatter = text.utf8.contains(UInt8(ascii: ".")) ? fractional : plain
        return formatter.date(from: text).map(Self.millis)
    }

    func styleParse(_ text: String) -> Int64? {
        (try? style.parse(text)).map(Self.millis)
    }

    func formatterString(_ ms: Int64) -> String { fractional.string(from: Self.date(ms)) }
    func styleString(_ ms: Int64) -> String { style.format(Self.date(ms)) }
}

func timestampCases(stamps: [String], instants: [Int64]) {
    let foundation = FoundationTime()
    func parseBatch(_ parse: @escaping (String) -> Int64?) -> () -> Int {
        {
            var sum: Int64 = 0
            for text in stamps {
                guard let ms = parse(text) else { fatalError("could not parse \(text)") }
                sum &+= ms
            }
            blackhole(sum)
            return Int(truncatingIfNeeded: sum)
        }
    }
    Timing.compare(
        items: stamps.count,
        fast: Variant(label: "RFC3339.milliseconds", batch: parseBatch(RFC3339.milliseconds)),
        library: [
            Variant(label: "RFC 3339 parse vs ISO8601DateFormatter", batch: parseBatch(foundation.formatterParse)),
            Variant(label: "RFC 3339 parse vs ISO8601FormatStyle", batch: parseBatch(foundation.styleParse)),
        ])
    func formatBatch(_ format: @escaping (Int64) -> String) -> () -> Int {
        {
            var sum = 0
            for ms in instants {
                let text = format(ms)
                sum &+= text.utf8.count
                blackhole(text)
            }
            return sum
        }
    }
    Timing.compare(
        items: instants.count,
        fast: Variant(label: "RFC3339.string", batch: formatBatch { RFC3339.string(milliseconds: $0) }),
        library: [
            Variant(label: "RFC 3339 format vs ISO8601DateFormatter", batch: formatBatch(foundation.formatterString)),
            Variant(label: "RFC 3339 format vs ISO8601FormatStyle", batch: formatBatch(foundation.styleString)),
        ])
}

func eventAgreement(_ events: EventInputs) {
    let decoder = JSONDecoder()
    var sameJSON = 0, sameFallback = 0, sameCSV = 0, sameAcross = 0
    var firstDifference: String?
    let general: EventCSV
    do { general = try EventCSV(header: Array(events.csvHeader.utf8)) } catch { fatalError("header: \(error)") }
    let fastCSV = EventCSVFastPath(general)
    for (line, row) in zip(events.jsonLines, events.csvRows) {
        let fast = try? EventDecoding.decodeLine(line)
        let library = try? decoder.decode(Event.self, from: Data(line))
        let fallback = try? EventDecoding.decode(Event.self, from: line)
        let csvFast = fastCSV.event(row)
        let csvGeneral = try? general.event(row)
        if fast != nil, fast == library { sameJSON += 1 }
        if fast != nil, fast == fallback { sameFallback += 1 }
        if csvFast != nil, csvFast == csvGeneral { sameCSV += 1 }
        if fast != nil, fast == csvFast { sameAcross += 1 }
        if firstDifference == nil, fast == nil || fast != library || csvFast == nil || csvFast != csvGeneral {
            firstDifference = String(decoding: line, as: UTF8.self)
        }
    }
    let n = events.jsonLines.count
    print("agreement (Event is Equatable: every field compared)")
    print(
        "  NDJSON: decodeLine == JSONDecoder on \(sameJSON) of \(n) lines; "
            + "== EventDecoding.decode on \(sameFallback) of \(n)")
    print("  CSV:    EventCSVFastPath == EventCSV.event on \(sameCSV) of \(n) rows")
    print("  the NDJSON and CSV forms of the same event decode to equal Events: \(sameAcross) of \(n)")
    if let firstDifference { print("  first line that differs: \(firstDifference)") }
}

func timestampAgreement() {
    let foundation = FoundationTime()
    var rng = Rng(state: 0x5EED_3339)
    let m = 100_000
    // 1970-01-01 … 2099-12-31, millisecond resolution.
    let sweep = (0..<m).map { _ in rng.between(0...4_102_444_799_999) }
    var roundTrip = 0, parseFormatter = 0, parseStyle = 0, formatFormatter = 0, formatStyle = 0
    var formatterLost = 0, styleLost = 0
    var examples: [String] = []
    for (index, ms) in sweep.enumerated() {
        let text = timestampForm(index, ms, &rng)
        let exact = index % 2 == 1 ? ms : ms - ms % 1000  // even forms carry no milliseconds
        let hand = RFC3339.milliseconds(text)
        if hand == exact, RFC3339.milliseconds(RFC3339.string(milliseconds: ms)) == ms { roundTrip += 1 }
        if hand != nil, hand == foundation.formatterParse(text) { parseFormatter += 1 }
        if hand != nil, hand == foundation.styleParse(text) { parseStyle += 1 }
        let string = RFC3339.string(milliseconds: ms)
        let viaFormatter = foundation.formatterString(ms)
        let viaStyle = foundation.styleString(ms)
        if string == viaFormatter {
            formatFormatter += 1
        } else if RFC3339.milliseconds(viaFormatter) != ms {
            formatterLost += 1
        }
        if string == viaStyle {
            formatStyle += 1
        } else {
            if RFC3339.milliseconds(viaStyle) != ms { styleLost += 1 }
            if examples.count < 2 {
                examples.append("\(ms) ms: RFC3339.string \(string), ISO8601FormatStyle \(viaStyle)")
            }
        }
    }
    print("  RFC 3339, \(m) seeded instants in 1970…2099 (ms resolution), written in the six forms in turn:")
    print("    RFC3339.milliseconds gives the instant, and parses its own RFC3339.string back, on \(roundTrip) of \(m)")
    print(
        "    parse: equals ISO8601DateFormatter's on \(parseFormatter) of \(m); "
            + "ISO8601FormatStyle's on \(parseStyle) of \(m)")
    print(
        "    format (UTC, .mmmZ): equals ISO8601DateFormatter's on \(formatFormatter) of \(m) "
            + "(\(formatterLost) of its strings name another millisecond)")
    print(
        "                         equals ISO8601FormatStyle's on \(formatStyle) of \(m) "
            + "(\(styleLost) of its strings name another millisecond)")
    for example in examples { print("      e.g. \(example)") }

    // Why the formatter side needs two formatters.
    let forms = (0..<6_000).map { timestampForm($0, sweep[$0], &rng) }
    let whole = forms.enumerated().filter { $0.offset % 2 == 0 }.map(\.element)
    let fractions = forms.enumerated().filter { $0.offset % 2 == 1 }.map(\.element)
    let fractionalOnWhole = whole.filter { foundation.fractional.date(from: $0) != nil }.count
    let plainOnFractions = fractions.filter { foundation.plain.date(from: $0) != nil }.count
    print(
        "    ISO8601DateFormatter with .withFractionalSeconds parses \(fractionalOnWhole) of \(whole.count) "
            + "texts without a fraction; without it, \(plainOnFractions) of \(fractions.count) with one")

    // RFC 3339 §5.6 allows `t` and `z`, and (in a note) a space for `T`.
    var accepted: [String] = []
    for (name, from, to) in [("lower-case t", "T", "t"), ("lower-case z", "Z", "z"), ("space for T", "T", " ")] {
        let texts = sweep.prefix(1_000).map {
            RFC3339.string(milliseconds: $0).replacingOccurrences(of: from, with: to)
        }
        let hand = texts.filter { RFC3339.milliseconds($0) != nil }.count
        let formatter = texts.filter { foundation.formatterParse($0) != nil }.count
        let style = texts.filter { foundation.styleParse($0) != nil }.count
        accepted.append("\(name) \(hand) / \(formatter) / \(style)")
    }
    print("    accepted of 1000 each, RFC3339.milliseconds / ISO8601DateFormatter / ISO8601FormatStyle:")
    print("      \(accepted.joined(separator: "; "))")
}
