import AffinityCore

/// Says what a list left out and why (`explain=true`): it asks the core for the
/// strategy's candidates with no admission test and no exclusions, and names, for each
/// one that is not shown, the first reason it was kept out — excluded by the request,
/// in the cart, already purchased, not in the catalog, out of stock, unpublished in
/// the channel, no price in its currency, hidden from listings, or a placement filter.
/// Candidates that pass everything and are simply ranked below the cut are not removals.
/// Use under the engine's lock (it reads the serving state).
struct RemovalClassifier {
    /// A placement's request-side filters and facts.
    struct PlacementRules {
        var filters: PlacementFilters
        var context: PlacementContext
        var includeHidden: Bool
    }

    let state: ServingState
    let channel: Channel?
    /// Whether hidden products are removed (listing-style lists).
    let listingStyle: Bool
    /// Items the request's `exclude` named (plain requests).
    var requestExclude: Set<Int32> = []
    /// The shopper whose purchases a discovery list leaves out (plain requests).
    var purchased: Int32?
    /// Set for placements: their filters replace `requestExclude` and `purchased`.
    var placement: PlacementRules?

    init(
        state: ServingState, channel: Channel?, listingStyle: Bool, requestExclude: Set<Int32> = [],
        purchased: Int32? = nil, placement: PlacementRules? = nil
    ) {
        self.state = state
        self.channel = channel
        self.listingStyle = listingStyle
        self.requestExclude = requestExclude
        self.purchased = purchased
        self.placement = placement
    }

    /// Every candidate of `request`'s strategy among its `count` best (unfiltered) that
    /// is not in `shown`, with its reason; `known` (the ranker's own removals: diversity,
    /// pins) come first and are not repeated.
    func removals(
        of request: RecommendationRequest, shown: Set<Int32>, count: Int, known: [RemovedItem] = []
    ) -> [RemovedItem] {
        var open = request
        open.isAllowed = nil
        open.exclude = []
        open.excludePurchased = false
        open.count = count
        let purchases = purchased.map { Set(state.core.purchaseTimes(of: $0).keys) } ?? []
        var out = known
        var listed = Set(known.map(\.productID))
        for candidate in state.core.recommend(open) where !shown.contains(candidate.item) {
            guard let (reason, rule) = reason(candidate.item, purchases: purchases) else { continue }
            let id = state.products.string(for: candidate.item)
            guard listed.insert(id).inserted else { continue }
            out.append(RemovedItem(productID: id, reason: reason, rule: rule))
        }
        return out
    }

    /// The first reason `item` is kept out, with the rule path when a placement rule did it.
    func reason(_ item: Int32, purchases: Set<Int32>) -> (RemovalReason, String?)? {
        if let placement {
            if let rule = placement.filters.requestFailure(item, context: placement.context) {
                return (RemovalReason(rule: rule), rule)
            }
        } else {
            if requestExclude.contains(item) { return (.excludedByRequest, nil) }
            if purchases.contains(item) { return (.alreadyPurchased, nil) }
        }
        guard state.catalogCount > 0 else { return nil }
        guard let entry = state.entry(item) else { return (.notInCatalog, nil) }
        if let reason = entry.unservableReason(in: channel) { return (reason, nil) }
        let hiddenCount = placement.map { !$0.includeHidden } ?? listingStyle
        if hiddenCount, !entry.isListable(in: channel) { return (.hiddenFromListings, nil) }
        if let placement,
            let rule = placement.filters.catalogFailure(
                entry.product, createdAt: entry.createdAtMillis, channel: channel, now: placement.context.now)
        {
            return (RemovalReason(rule: rule), rule)
        }
        return nil
    }
}
