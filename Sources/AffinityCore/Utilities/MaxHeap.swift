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
