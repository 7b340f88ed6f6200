import AffinityCore

extension PlacementRanker {
    /// A pin in force for this request, resolved to a servable product.
    struct ActivePin {
        var index: Int
        var pin: Pin
        var item: Int32
    }

    /// Pins active in the request's channel and at its time whose product can be shown
    /// there, ordered by position; an active pin whose product cannot be shown is recorded
    /// as removed under its own rule path (`pins[0]`). A product pinned twice keeps the first.
    func activePins(removed: inout [RemovedCandidate]) -> [ActivePin] {
        var pins: [ActivePin] = []
        for (index, pin) in placement.pins.enumerated()
        where pin.isActive(channel: context.channel?.id, now: context.now) {
            guard let item = denseID(pin.productID), isServable(item) else {
                removed.append(
                    RemovedCandidate(item: denseID(pin.productID), productID: pin.productID, rule: "pins[\(index)]"))
                continue
            }
            guard !pins.contains(where: { $0.item == item }) else { continue }
            pins.append(ActivePin(index: index, pin: pin, item: item))
        }
        return pins.sorted { ($0.pin.position, $0.index) < ($1.pin.position, $1.index) }
    }

    /// Inserts pinned products at their positions (1-based; past the end means last),
    /// shifting the others down. A pinned product keeps its candidate score when it had one.
    func place(_ pins: [ActivePin], into selected: [RankedItem], scores: [Int32: ScoredItem]) -> [RankedItem] {
        var items = selected
        for active in pins {
            let scored = scores[active.item] ?? ScoredItem(item: active.item, score: 0)
            let rule = RuleEffect(rule: "pins[\(active.index)]", effect: "pinned")
            items.insert(RankedItem(scored: scored, rules: [rule]), at: min(active.pin.position - 1, items.count))
        }
        return items
    }
}
