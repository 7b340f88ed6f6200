import AffinityCore

/// A placement's catalog filters evaluated for every product in one channel: what the
/// engine hands the core as its admission test, so the core's top-K is taken over the
/// matching products only and a restrictive filter still fills its list.
struct FilterMask {
    var filters: PlacementFilters
    var channel: Channel?
    /// Whether hidden products pass (placements whose strategy is not listing-style).
    var includeHidden: Bool
    /// The minute `new_within` was evaluated at (nil when the filters have no time part).
    var minute: Int64?
    var mask: [Bool]
}

extension ServingState {
    /// Masks kept at once; the least recently built is dropped first.
    static let maxFilterMasks = 32

    /// The admission mask for `filters` in `channel`: servable there (or listable, unless
    /// `includeHidden`) and passing every catalog filter. Built once in O(catalog) and
    /// then kept current per catalog write (`updateFilterMasks`); a mask with `new_within`
    /// is rebuilt when the minute changes.
    func filterMask(_ filters: PlacementFilters, channel: Channel?, includeHidden: Bool, now: Int64) -> [Bool] {
        let minute = filters.newWithinDays == nil ? nil : now / 60_000
        if let index = filterMasks.firstIndex(where: {
            $0.filters == filters && $0.channel == channel && $0.includeHidden == includeHidden
        }) {
            if filterMasks[index].minute == minute { return filterMasks[index].mask }
            filterMasks.remove(at: index)
        }
        let base = channelMask(channel, includeHidden: includeHidden)
        var mask = [Bool](repeating: false, count: base.count)
        for id in base.indices where base[id] {
            mask[id] = passes(filters, Int32(id), channel: channel, now: now)
        }
        if filterMasks.count >= Self.maxFilterMasks { filterMasks.removeFirst() }
        filterMasks.append(
            FilterMask(filters: filters, channel: channel, includeHidden: includeHidden, minute: minute, mask: mask))
        return mask
    }

    /// Re-evaluates product `id` in every cached mask (after it was upserted or removed).
    func updateFilterMasks(_ id: Int32) {
        for index in filterMasks.indices {
            let m = filterMasks[index]
            let base = channelMask(m.channel, includeHidden: m.includeHidden)
            let allowed = Int(id) < base.count && base[Int(id)]
            let now = (m.minute ?? 0) * 60_000
            let value = allowed && passes(m.filters, id, channel: m.channel, now: now)
            var mask = filterMasks[index].mask
            filterMasks[index].mask = []  // avoid copy-on-write
            if mask.count <= Int(id) { mask.append(contentsOf: repeatElement(false, count: Int(id) + 1 - mask.count)) }
            mask[Int(id)] = value
            filterMasks[index].mask = mask
        }
    }

    private func passes(_ filters: PlacementFilters, _ id: Int32, channel: Channel?, now: Int64) -> Bool {
        let entry = entry(id)
        return filters.catalogFailure(entry?.product, createdAt: entry?.createdAtMillis, channel: channel, now: now)
            == nil
    }
}

extension ServingState {
    /// The channel mask a plain request of `strategy` uses: listable for listing-style
    /// strategies, servable for the shopper's own history.
    func admission(for strategy: StrategyName, in channel: Channel?) -> [Bool] {
        channelMask(channel, includeHidden: !strategy.isListingStyle)
    }

    /// Servable in `channel`, and listed there unless `includeHidden`.
    func channelMask(_ channel: Channel?, includeHidden: Bool) -> [Bool] {
        includeHidden ? servable(in: channel) : listable(in: channel)
    }
}

extension StrategyName {
    /// Whether lists of this strategy are listings, which leave out products hidden
    /// from listings (`listings[].visible: false`). The shopper's own history
    /// (`recently_viewed`, `buy_again`) is not: they found those products already.
    package var isListingStyle: Bool {
        switch self {
        case .recentlyViewed, .buyAgain: false
        default: true
        }
    }

    /// Whether the list shows the shopper's own history (what they viewed or bought), so
    /// a public key needs the user's token to ask for it.
    package var revealsHistory: Bool { !isListingStyle }
}
