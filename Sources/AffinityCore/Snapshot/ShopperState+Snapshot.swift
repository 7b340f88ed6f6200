extension ShopperState {
    /// Flag bits of a history entry in a snapshot.
    private static let viewBit: UInt8 = 1, purchaseBit: UInt8 = 2

    /// Writes every shopper slot as flat columns (one per field, all shoppers
    /// concatenated) so millions of entries are copied in bulk rather than shopper by
    /// shopper. Empty (merged-away or never-seen) slots are kept by position because
    /// the slot count is the training matrix's row count. Dictionary entries are
    /// written in ascending item order so equal state gives equal bytes.
    static func write(_ shoppers: [ShopperState?], to w: inout SnapshotWriter) {
        var ids: [Int32] = [], historyCounts: [Int32] = [], purchaseCounts: [Int32] = [], weightCounts: [Int32] = []
        var hItem: [Int32] = [], hWeight: [Float] = [], hTime: [Int64] = [], hFlags: [UInt8] = []
        var pItem: [Int32] = [], pCount: [Int32] = [], pLast: [Int64] = []
        var wItem: [Int32] = [], wValue: [Float] = []
        var historyTotal = 0, purchaseTotal = 0, weightTotal = 0
        for case let st? in shoppers {
            historyTotal += st.history.count; purchaseTotal += st.purchases.count; weightTotal += st.weights.count
        }
        hItem.reserveCapacity(historyTotal); hWeight.reserveCapacity(historyTotal)
        hTime.reserveCapacity(historyTotal); hFlags.reserveCapacity(historyTotal)
        pItem.reserveCapacity(purchaseTotal); pCount.reserveCapacity(purchaseTotal);
        pLast.reserveCapacity(purchaseTotal)
        wItem.reserveCapacity(weightTotal); wValue.reserveCapacity(weightTotal)
        for (s, st) in shoppers.enumerated() {
            guard let st else { continue }
            ids.append(Int32(s))
            historyCounts.append(Int32(st.history.count))
            for e in st.history {
                hItem.append(e.item); hWeight.append(e.weight); hTime.append(e.timestamp)
                hFlags.append((e.isView ? viewBit : 0) | (e.isPurchase ? purchaseBit : 0))
            }
            purchaseCounts.append(Int32(st.purchases.count))
            for (item, p) in st.purchases.sorted(by: { $0.key < $1.key }) {
                pItem.append(item); pCount.append(p.count); pLast.append(p.last)
            }
            weightCounts.append(Int32(st.weights.count))
            for (item, v) in st.weights.sorted(by: { $0.key < $1.key }) { wItem.append(item); wValue.append(v) }
        }
        w.count(shoppers.count)
        w.array(ids)
        w.array(historyCounts); w.array(hItem); w.array(hWeight); w.array(hTime); w.array(hFlags)
        w.array(purchaseCounts); w.array(pItem); w.array(pCount); w.array(pLast)
        w.array(weightCounts); w.array(wItem); w.array(wValue)
    }

    /// Splits `column` into consecutive runs of `counts[i]` entries, failing if the
    /// counts do not add up exactly.
    private static func runs(_ counts: [Int32], total: Int, _ what: String) throws(ScoringCoreSnapshotError) -> [Range<
        Int
    >] {
        var out: [Range<Int>] = []
        out.reserveCapacity(counts.count)
        var at = 0
        for c in counts {
            let n = Int(c)
            guard n >= 0, n <= total - at else { throw .corrupt("\(what) counts exceed their column") }
            out.append(at..<(at + n))
            at += n
        }
        guard at == total else { throw .corrupt("\(what) column has \(total - at) unassigned entries") }
        return out
    }

    /// Reads what `write(_:to:)` wrote. Item ids must be known items, times
    /// plausible (see `SnapshotReader.plausible`) and slot ids ascending; the slot
    /// count may not exceed the last shopper id + 1 or `slotLimit` (alias endpoints),
    /// which bounds the allocation a corrupt count could otherwise request.
    static func read(
        from r: inout SnapshotReader, itemCount: Int, slotLimit: Int, latest: Int64
    ) throws(ScoringCoreSnapshotError) -> [ShopperState?] {
        let rawSlots = try r.u64("shopper slot count")
        let ids = try r.array(Int32.self, "shopper ids")
        let limit = max(slotLimit, ids.last.map { Int($0) + 1 } ?? 0)
        guard rawSlots <= UInt64(limit) else { throw .corrupt("shopper slot count \(rawSlots) exceeds \(limit)") }
        let slots = Int(rawSlots)
        let historyCounts = try r.array(Int32.self, count: ids.count, "history counts")
        let hItem = try r.array(Int32.self, "history items")
        let hWeight = try r.floats(count: hItem.count, "history weights")
        let hTime = try r.array(Int64.self, count: hItem.count, "history timestamps")
        let hFlags = try r.array(UInt8.self, count: hItem.count, "history flags")
        let purchaseCounts = try r.array(Int32.self, count: ids.count, "purchase counts")
        let pItem = try r.array(Int32.self, "purchased items")
        let pCount = try r.array(Int32.self, count: pItem.count, "purchase quantities")
        let pLast = try r.array(Int64.self, count: pItem.count, "purchase times")
        let weightCounts = try r.array(Int32.self, count: ids.count, "weight counts")
        let wItem = try r.array(Int32.self, "weighted items")
        let wValue = try r.floats(count: wItem.count, "interaction weights")
        let hRuns = try runs(historyCounts, total: hItem.count, "history")
        let pRuns = try runs(purchaseCounts, total: pItem.count, "purchase")
        let wRuns = try runs(weightCounts, total: wItem.count, "weight")
        func validItem(_ i: Int32) -> Bool { i >= 0 && Int(i) < itemCount }

        var shoppers = [ShopperState?](repeating: nil, count: slots)
        var previous = -1
        for (n, id) in ids.enumerated() {
            let s = Int(id)
            guard s > previous, s < slots else { throw .corrupt("shopper id \(id) out of order or range") }
            previous = s
            var st = ShopperState()
            st.history.reserveCapacity(hRuns[n].count)
            for e in hRuns[n] {
                guard validItem(hItem[e]), hFlags[e] <= viewBit | purchaseBit,
                    SnapshotReader.plausible(hTime[e], latest: latest)
                else {
                    throw .corrupt("history entry of shopper \(id) is invalid")
                }
                st.history.append(
                    HistoryEntry(
                        item: hItem[e], weight: hWeight[e], timestamp: hTime[e],
                        isView: hFlags[e] & viewBit != 0, isPurchase: hFlags[e] & purchaseBit != 0))
            }
            st.purchases.reserveCapacity(pRuns[n].count)
            for e in pRuns[n] {
                guard validItem(pItem[e]), SnapshotReader.plausible(pLast[e], latest: latest) else {
                    throw .corrupt("purchase of shopper \(id) is invalid")
                }
                st.purchases[pItem[e]] = (count: pCount[e], last: pLast[e])
            }
            st.weights.reserveCapacity(wRuns[n].count)
            for e in wRuns[n] {
                guard validItem(wItem[e]) else { throw .corrupt("weight of shopper \(id) names an unknown item") }
                st.weights[wItem[e]] = wValue[e]
            }
            guard st.purchases.count == pRuns[n].count, st.weights.count == wRuns[n].count else {
                throw .corrupt("shopper \(id) repeats an item")
            }
            shoppers[s] = st
        }
        return shoppers
    }
}
