/// Reusable per-request buffers indexed by item id, so scoring a request allocates
/// nothing per candidate. Only entries listed in `touched` are non-zero in the
/// sparse sources, which makes resetting O(touched) rather than O(catalogue).
struct ScoreScratch {
    var sequence: [Float] = []
    var cooccurrence: [Float] = []
    var content: [Float] = []
    var recency: [Float] = []
    var vectors: [Float] = []
    var bestSeed: [Int32] = []
    var bestSeedScore: [Float] = []
    var marked: [Bool] = []
    var touched: [Int32] = []

    /// Grows to `n` items and clears what the previous request touched.
    mutating func reset(itemCount n: Int) {
        for t in touched {
            let i = Int(t)
            sequence[i] = 0; cooccurrence[i] = 0; content[i] = 0; recency[i] = 0
            bestSeed[i] = -1; bestSeedScore[i] = 0; marked[i] = false
        }
        touched.removeAll(keepingCapacity: true)
        if n > sequence.count {
            let extra = n - sequence.count
            sequence.append(contentsOf: repeatElement(0, count: extra))
            cooccurrence.append(contentsOf: repeatElement(0, count: extra))
            content.append(contentsOf: repeatElement(0, count: extra))
            recency.append(contentsOf: repeatElement(0, count: extra))
            vectors.append(contentsOf: repeatElement(0, count: extra))
            bestSeed.append(contentsOf: repeatElement(-1, count: extra))
            bestSeedScore.append(contentsOf: repeatElement(0, count: extra))
            marked.append(contentsOf: repeatElement(false, count: extra))
        }
    }

    /// Registers `item` as touched (once).
    @inline(__always)
    mutating func touch(_ item: Int32) {
        if !marked[Int(item)] { marked[Int(item)] = true; touched.append(item) }
    }
}
