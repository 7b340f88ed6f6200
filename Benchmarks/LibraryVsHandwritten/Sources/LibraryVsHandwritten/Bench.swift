import HeapModule
import RealModule

// Times the hand-written MaxHeap / Math (Handwritten.swift) against swift-collections'
// Heap and swift-numerics' RealModule on inputs shaped like the core's call sites, and
// checks that they agree. Every figure printed is measured by this run.
//
// Each case runs `rounds` timed batches of each implementation, interleaved (the order
// alternates every round, after `warmup` untimed rounds), and reports the median and the
// interquartile range of ns per operation over those batches: a shared machine's noise
// then hits both sides alike and shows in the IQR.

/// SplitMix64 (as Sources/AffinityCore/Utilities/SplitMix64.swift), for seeded inputs.
struct Rng {
    var state: UInt64
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
    /// Uniform in [0, 1).
    mutating func unit() -> Double { Double(next() >> 11) * 0x1p-53 }
    mutating func uniform(_ lo: Double, _ hi: Double) -> Double { lo + (hi - lo) * unit() }
    /// Log-uniform in [lo, hi].
    mutating func logUniform(_ lo: Double, _ hi: Double) -> Double { lo * Double.pow(hi / lo, unit()) }
}

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

@main
enum Bench {
    static let rounds = 41
    static let warmup = 5
    static let clock = ContinuousClock()

    static func nanoseconds(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1e9 + Double(d.components.attoseconds) * 1e-9
    }

    /// Times one batch; its checksum goes into `sink` so the work cannot be dropped.
    @inline(never)
    static func time(_ sink: inout Double, _ body: () -> Double) -> Double {
        let start = clock.now
        let r = body()
        let elapsed = clock.now - start
        sink += r
        return nanoseconds(elapsed)
    }

    static func run(
        _ name: String, opsPerBatch: Int, handwritten: () -> Double, library: () -> Double, sink: inout Double
    ) {
        var h: [Double] = [], l: [Double] = []
        for round in 0..<(warmup + rounds) {
            let a: Double, b: Double
            if round % 2 == 0 {
                a = time(&sink, handwritten)
                b = time(&sink, library)
            } else {
                b = time(&sink, library)
                a = time(&sink, handwritten)
            }
            if round >= warmup {
                h.append(a / Double(opsPerBatch))
                l.append(b / Double(opsPerBatch))
            }
        }
        let hs = Stats(h), ls = Stats(l)
        func cell(_ s: Stats) -> String {
            "\(fixed(s.median, 1)) (\(fixed(s.q1, 1))–\(fixed(s.q3, 1)))".padding(22)
        }
        let ratio = hs.median / ls.median
        let faster = ratio > 1 ? "library, \(fixed(ratio, 2))x" : "hand-written, \(fixed(1 / ratio, 2))x"
        print("\(name.padding(38)) \(cell(hs)) \(cell(ls)) \(faster)")
    }

    static func fixed(_ x: Double, _ digits: Int) -> String {
        let scale = Double.pow(10, digits)
        let r = (x * scale).rounded() / scale
        var s = "\(r)"
        if let dot = s.firstIndex(of: ".") {
            let have = s.distance(from: dot, to: s.endIndex) - 1
            if have < digits { s += String(repeating: "0", count: digits - have) }
        } else if digits > 0 {
            s += "." + String(repeating: "0", count: digits)
        }
        return s
    }

    /// |a − b| in units in the last place of max(|a|, |b|, `floor`): plain ulps for
    /// results away from 0, and for ln, whose results cross 0 at x = 1, the error in ulps of
    /// 1 there (an absolute ~2.2e-16), where a relative measure says nothing useful.
    static func ulps(_ a: Double, _ b: Double, floor: Double) -> Double {
        if a == b { return 0 }
        precondition(a.isFinite && b.isFinite)
        return (a - b).magnitude / max(a.magnitude, b.magnitude, floor).ulp
    }

    static func agreement(
        _ name: String, floor: Double = 0, _ inputs: [(Double, Double)], _ f: (Double, Double) -> (Double, Double)
    ) {
        var maxUlps = 0.0, equal = 0, floatDiffers = 0
        for (x, y) in inputs {
            let (a, b) = f(x, y)
            let d = ulps(a, b, floor: floor)
            maxUlps = max(maxUlps, d)
            if a == b { equal += 1 }
            if Float(a) != Float(b) { floatDiffers += 1 }
        }
        let unit = floor > 0 ? "ulp of max(|result|, \(floor))" : "ulp"
        print(
            "\(name.padding(38)) max \(fixed(maxUlps, 1)) \(unit); bit-identical \(equal); "
                + "different as Float \(floatDiffers)")
    }

    /// Runs everything outside `main`: closures formed in `main` are main-actor isolated,
    /// and Swift 6 checks the executor on each of their calls (about 30 ns each), which
    /// would swamp the cheap operations timed here.
    static func main() { measure() }

    static func measure() {
        var rng = Rng(state: 0xA1F1_2026)
        var sink = 0.0

        // Call-site shapes: ln of counts and 1 + ratios (LLR's x·ln x, IDF), exp2 of
        // −age/half-life and of DecayedScores' e ≤ 512, pow(frequency or distance, −exponent).
        let n = 4_096
        let lnInputs = (0..<n).map { _ in rng.logUniform(1, 1e6) }
        let exp2Inputs = (0..<n).map { _ in rng.uniform(-64, 64) }
        let powInputs = (0..<n).map { _ in (rng.logUniform(1, 1e5), rng.uniform(-1, 0)) }

        print("case (ns per operation)                median (IQR), hand-written  median (IQR), library  faster")
        run(
            "ln(x), x log-uniform in [1, 1e6]", opsPerBatch: n,
            handwritten: { lnInputs.reduce(0) { $0 + Math.ln($1) } },
            library: { lnInputs.reduce(0) { $0 + Double.log($1) } }, sink: &sink)
        run(
            "exp2(x), x uniform in [-64, 64]", opsPerBatch: n,
            handwritten: { exp2Inputs.reduce(0) { $0 + Math.exp2($1) } },
            library: { exp2Inputs.reduce(0) { $0 + Double.exp2($1) } }, sink: &sink)
        run(
            "pow(x, y), x in [1, 1e5], y in [-1, 0]", opsPerBatch: n,
            handwritten: { powInputs.reduce(0) { $0 + Math.pow($1.0, $1.1) } },
            library: { powInputs.reduce(0) { $0 + Double.pow($1.0, $1.1) } }, sink: &sink)

        // The vector probe: heap the rank keys of one score per cluster (√items clusters,
        // at most 512), then pop the best clusters until the 512-item budget is produced:
        // 2 pops at 100k items (316 clusters of ~316 items), 1 at 262k+ items (512 of 512+).
        // Scores are quantised to 1/64 so that ties (broken by the cluster index) occur.
        let arrays = 64
        func scoreSets(_ clusters: Int) -> [[Float]] {
            (0..<arrays).map { _ in (0..<clusters).map { _ in Float((rng.uniform(-4, 4) * 64).rounded() / 64) } }
        }
        let sets316 = scoreSets(316), sets512 = scoreSets(512)
        func keys(_ scores: [Float]) -> [UInt64] {
            (0..<scores.count).map { rankKey(score: scores[$0], item: Int32($0)) }
        }
        func handwrittenPops(_ sets: [[Float]], _ pops: Int) -> Double {
            var total: UInt64 = 0
            for scores in sets {
                var heap = MaxHeap(keys(scores))
                var popped = 0
                while popped < pops, let key = heap.pop() {
                    total &+= key >> 32 &+ UInt64(popped)
                    popped += 1
                }
            }
            return Double(total)
        }
        func libraryPops(_ sets: [[Float]], _ pops: Int) -> Double {
            var total: UInt64 = 0
            for scores in sets {
                var heap = Heap(keys(scores))
                var popped = 0
                while popped < pops, let key = heap.popMax() {
                    total &+= key >> 32 &+ UInt64(popped)
                    popped += 1
                }
            }
            return Double(total)
        }
        for (name, sets, pops) in [
            ("probe heap, 316 clusters, pop 2", sets316, 2), ("probe heap, 512 clusters, pop 1", sets512, 1),
            ("probe heap, 512 clusters, pop 8", sets512, 8), ("probe heap, 512 clusters, pop all", sets512, 512),
        ] {
            run(
                name, opsPerBatch: arrays, handwritten: { handwrittenPops(sets, pops) },
                library: { libraryPops(sets, pops) }, sink: &sink)
        }

        print()
        print("agreement, library vs hand-written, 100000 seeded inputs each (the core mostly keeps Float results)")
        let m = 100_000
        let lnSweep = (0..<m).map { _ in (rng.logUniform(1e-7, 1e7), 0.0) }
        let exp2Sweep = (0..<m).map { _ in (rng.uniform(-64, 64), 0.0) }
        let powSweep = (0..<m).map { _ in (rng.logUniform(1, 1e5), rng.uniform(-1, 0)) }
        agreement("ln(x), x log-uniform in [1e-7, 1e7]", floor: 1, lnSweep) { x, _ in (Math.ln(x), Double.log(x)) }
        agreement("exp2(x), x uniform in [-64, 64]", exp2Sweep) { x, _ in (Math.exp2(x), Double.exp2(x)) }
        agreement("pow(x, y), x in [1, 1e5], y in [-1, 0]", powSweep) { x, y in (Math.pow(x, y), Double.pow(x, y)) }
        var sameOrder = true
        for scores in sets316 + sets512 {
            var a = MaxHeap(keys(scores)), b = Heap(keys(scores))
            while true {
                let x = a.pop(), y = b.popMax()
                if x != y { sameOrder = false }
                if x == nil || y == nil { break }
            }
        }
        let verdict = sameOrder ? "yes" : "NO"
        print("probe heaps: Heap.popMax() pops the keys in MaxHeap.pop()'s order, ties included: \(verdict)")
        print("(checksum \(sink))")
    }
}

extension String {
    func padding(_ width: Int) -> String { count >= width ? self : self + String(repeating: " ", count: width - count) }
}
