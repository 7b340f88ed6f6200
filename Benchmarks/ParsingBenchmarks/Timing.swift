import AffinityCore
import AffinityEngine

// Timing helpers. Everything here is nonisolated: the timed loops never run in a closure
// formed in top-level code (main-actor isolated in Swift 6, which checks the executor on
// every call of such a closure and made timings 4–10× too slow in this repo before).

/// Seeded inputs: the core's own SplitMix64, with the two draws the inputs need.
typealias Rng = SplitMix64

extension SplitMix64 {
    init(state: UInt64) { self.init(seed: state) }
    /// Uniform in 0..<bound.
    mutating func below(_ bound: Int) -> Int { Int(next() % UInt64(bound)) }
    mutating func between(_ range: ClosedRange<Int64>) -> Int64 {
        range.lowerBound + Int64(next() % UInt64(range.upperBound - range.lowerBound + 1))
    }
}

/// Where results go so that the optimiser cannot drop the work that made them: stores to
/// globals, through a function that is never inlined. Both sides of a comparison pay the
/// same store.
nonisolated(unsafe) var sunkEvent: Event?
nonisolated(unsafe) var sunkString = ""
nonisolated(unsafe) var sunkInt: Int64 = 0

@inline(never) func blackhole(_ event: Event) { sunkEvent = event }
@inline(never) func blackhole(_ text: String) { sunkString = text }
@inline(never) func blackhole(_ value: Int64) { sunkInt &+= value }

struct Stats {
    var median: Double
    var q1: Double
    var q3: Double
    init(_ samples: [Double]) {
        let s = samples.sorted()
        func at(_ p: Double) -> Double {
            let x = p * Double(s.count - 1)
            let i = Int(x)
            return i + 1 < s.count ? s[i] + (s[i + 1] - s[i]) * (x - Double(i)) : s[i]
        }
        median = at(0.5)
        q1 = at(0.25)
        q3 = at(0.75)
    }
}

/// One timed variant: a batch over all the case's inputs, returning a checksum.
struct Variant {
    var label: String
    var batch: () -> Int
}

enum Timing {
    static let clock = ContinuousClock()
    static let warmup = 3
    static let rounds = 31

    nonisolated(unsafe) static var checksum = 0

    static func nanoseconds(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1e9 + Double(d.components.attoseconds) * 1e-9
    }

    @inline(never)
    static func time(_ body: () -> Int) -> Double {
        let start = clock.now
        let result = body()
        let elapsed = clock.now - start
        checksum &+= result
        return nanoseconds(elapsed)
    }

    /// Runs `fast` and every library variant in interleaved rounds (the order rotates each
    /// round, after `warmup` untimed rounds) and prints one row per library variant: the
    /// median and IQR of ns per item on each side, and library median ÷ fast median.
    static func compare(items: Int, fast: Variant, library: [Variant]) {
        let variants = [fast] + library
        var samples = Array(repeating: [Double](), count: variants.count)
        for round in 0..<(warmup + rounds) {
            for step in 0..<variants.count {
                let v = (step + round) % variants.count
                let ns = time(variants[v].batch)
                if round >= warmup { samples[v].append(ns / Double(items)) }
            }
        }
        let f = Stats(samples[0])
        for (offset, variant) in library.enumerated() {
            let l = Stats(samples[offset + 1])
            let ratio = l.median / f.median
            let verdict = ratio >= 1 ? "fast path, \(fixed(ratio, 2))x" : "library, \(fixed(1 / ratio, 2))x"
            print("\(variant.label.padded(Self.labelWidth)) \(cell(f)) \(cell(l)) \(verdict)")
        }
    }

    static let labelWidth = 44

    static func header() {
        print(
            "\("case (ns per item; fast path vs library)".padded(labelWidth)) \("fast path median (IQR)".padded(22)) "
                + "\("library median (IQR)".padded(22)) faster")
    }

    static func cell(_ s: Stats) -> String {
        let digits = s.median < 100 ? 1 : 0
        return "\(fixed(s.median, digits)) (\(fixed(s.q1, digits))–\(fixed(s.q3, digits)))".padded(22)
    }
}

func fixed(_ x: Double, _ digits: Int) -> String {
    var scale = 1.0
    for _ in 0..<digits { scale *= 10 }
    let r = (x * scale).rounded() / scale
    if digits == 0 { return String(Int64(r)) }
    var s = "\(r)"
    if let dot = s.firstIndex(of: ".") {
        let have = s.distance(from: dot, to: s.endIndex) - 1
        if have < digits { s += String(repeating: "0", count: digits - have) }
    } else {
        s += "." + String(repeating: "0", count: digits)
    }
    return s
}

extension String {
    func padded(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
