// The core's hand-written implementations, copied verbatim below this comment from
// AffinityCore at 6e0b67a (Sources/AffinityCore/Utilities/MaxHeap.swift and Math.swift),
// the last commit before swift-collections' Heap and swift-numerics' RealModule took their
// place; plus TopK.rankKey (Utilities/TopK.swift), which makes the keys the probe heaps.

/// A binary max-heap of integer keys, built in O(n) and popped in O(log n): for
/// consumers that need only the first few of many keys in descending order (the
/// vector probe's best clusters), where a full sort would do needless work.
struct MaxHeap {
    private var keys: [UInt64]

    /// Heapifies `keys` bottom-up.
    init(_ keys: [UInt64]) {
        self.keys = keys
        var i = keys.count / 2
        while i > 0 {
            i -= 1
            siftDown(i)
        }
    }

    var isEmpty: Bool { keys.isEmpty }

    /// Removes and returns the largest key (nil when empty).
    mutating func pop() -> UInt64? {
        guard let last = keys.popLast() else { return nil }
        guard !keys.isEmpty else { return last }
        let top = keys[0]
        keys[0] = last
        siftDown(0)
        return top
    }

    private mutating func siftDown(_ start: Int) {
        var i = start
        let n = keys.count
        while true {
            let l = 2 * i + 1, r = l + 1
            var m = i
            if l < n && keys[l] > keys[m] { m = l }
            if r < n && keys[r] > keys[m] { m = r }
            if m == i { return }
            keys.swapAt(i, m)
            i = m
        }
    }
}

/// Elementary functions without Foundation/libm, so the core depends on the
/// standard library only. Accuracy is ~1e-15 relative, far beyond what ranking needs.
enum Math {
    static let ln2 = 0.693_147_180_559_945_309_417_232_121_458

    /// Natural logarithm; returns `-infinity` for 0 and `nan` for negatives.
    static func ln(_ x: Double) -> Double {
        if x.isNaN || x < 0 { return .nan }
        if x == 0 { return -.infinity }
        if x.isInfinite { return x }
        // x = m * 2^e with m in [1, 2); ln m = 2 atanh((m-1)/(m+1)), z <= 1/3.
        let e = Double(x.exponent)
        let m = x.significand
        let z = (m - 1) / (m + 1)
        let z2 = z * z
        var term = z
        var sum = 0.0
        var k = 1.0
        while k < 60 {
            sum += term / k
            term *= z2
            k += 2
            if term < 1e-18 * sum { break }
        }
        return 2 * sum + e * ln2
    }

    /// 2 raised to `x`.
    static func exp2(_ x: Double) -> Double {
        if x.isNaN { return .nan }
        if x > 1023 { return .infinity }
        if x < -1074 { return 0 }
        let n = x.rounded(.down)
        let f = (x - n) * ln2  // in [0, ln 2)
        var term = 1.0
        var sum = 1.0
        var k = 1.0
        while k < 30 {
            term *= f / k
            sum += term
            if term < 1e-17 { break }
            k += 1
        }
        return sum * Double(sign: .plus, exponent: Int(n), significand: 1)
    }

    /// `x` to the power `y` for `x > 0` (0 for `x <= 0` unless `y == 0`).
    static func pow(_ x: Double, _ y: Double) -> Double {
        if y == 0 { return 1 }
        if y == 1 { return x }
        if x <= 0 { return 0 }
        return exp2(y * ln(x) / ln2)
    }
}

/// `TopK.rankKey` (Sources/AffinityCore/Utilities/TopK.swift): descending key order is
/// the ranking order, higher score first and, on equal scores, the smaller item first.
@inline(__always)
func rankKey(score: Float, item: Int32) -> UInt64 {
    let b = (score == 0 ? 0 : score).bitPattern  // -0 ranks as 0, as in `worse`
    let ordered = b & 0x8000_0000 != 0 ? ~b : b | 0x8000_0000  // float order as unsigned order
    return UInt64(ordered) << 32 | UInt64(~(UInt32(bitPattern: item) ^ 0x8000_0000))
}
