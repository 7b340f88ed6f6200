import AffinityCore
import AffinityStore

extension Engine {
    /// What one placement run produced under the state lock.
    struct PlacementOutcome: Sendable {
        var strategy: StrategyName
        var items: [RecommendedItem]
        var removed: [RemovedItem]
        var experiment: ExperimentAssignment?
        /// What the core scored for this list (main strategy, refills and fallbacks).
        var candidatesScored = 0
    }

    /// Runs `query.placement` under `rules`: resolves the placement (404 `unknown_placement`
    /// naming the known ones), buckets the shopper into the placement's experiment (sticky:
    /// see ``ServingState/bucketKey(userID:anonymousID:)``), applies the variant's overrides,
    /// asks the core for a generous candidate list with the placement's strategy and blend,
    /// and runs ``PlacementRanker``. A served list is recorded for attribution unless `preview`.
    ///
    /// With `replica` (an offline job's worker), the list is made on that copy of the
    /// state, without the engine's lock.
    package func recommendPlacement(
        _ query: RecommendationQuery, rules: RulesConfig?, preview: Bool, replica: ServingReplica? = nil
    ) async throws(AffinityError) -> RecommendationResponse {
        try requireReady()
        let started = ContinuousClock.now
        let id = query.placement ?? ""
        guard let rules, let base = rules.placements[id] else {
            let known = rules?.placements.keys.sorted() ?? []
            let message =
                known.isEmpty
                ? "no placement '\(id)': no rules file with placements is loaded"
                : "no placement '\(id)'; configured: \(known.joined(separator: ", "))"
            throw AffinityError(.notFound, code: "unknown_placement", message: message, field: "placement")
        }
        if query.countIsExplicit, !(1...RecommendationQuery.maxCount).contains(query.count) {
            throw .invalid("count", "count must be from 1 to \(RecommendationQuery.maxCount)")
        }
        let experimentOverrides = rules.experiment(on: id)?.variants.map(\.overrides) ?? []
        try authorize(
            query,
            strategies: [base.strategy] + base.fallback
                + experimentOverrides.flatMap { [$0.strategy].compactMap { $0 } }
                + experimentOverrides.flatMap { $0.fallback ?? [] }, rules: rules)
        let channel = try resolveChannel(query.channel)
        var cartItems: [String] = []
        if let cartID = query.cartID { cartItems = try await cart(cartID).lines.map(\.productID) }
        let now = options.now()
        let experiment = rules.experiment(on: id)
        let outcome: PlacementOutcome
        if let replica {
            outcome = try placementOutcome(
                base, experiment: experiment, query: query, cart: cartItems, channel: channel, now: now,
                state: replica.state)
        } else {
            outcome = try state.withLock { state throws(AffinityError) -> PlacementOutcome in
                try placementOutcome(
                    base, experiment: experiment, query: query, cart: cartItems, channel: channel, now: now,
                    state: state)
            }
        }
        var response = RecommendationResponse(
            recommendationID: Self.newRecommendationID(), strategy: outcome.strategy.rawValue, channel: channel?.id,
            items: outcome.items)
        response.placement = id
        response.configVersion = rules.version
        response.experiment = outcome.experiment
        response.removed = query.explain ? outcome.removed : nil
        response.preview = preview ? true : nil
        if !preview {
            servedLists.record(
                ServedListRecord(
                    recommendationID: response.recommendationID, placement: id, experiment: outcome.experiment?.id,
                    variant: outcome.experiment?.variant,
                    shopper: query.userID.map { "u:" + $0 } ?? query.anonymousID.map { "a:" + $0 },
                    channel: channel?.id, productIDs: outcome.items.map(\.productID), servedAt: now))
        }
        // A preview's placement ids come from the request body: one label for them all.
        metrics.recommended(
            strategy: outcome.strategy.rawValue, placement: preview ? "preview" : id,
            duration: ContinuousClock.now - started, candidates: outcome.candidatesScored)
        return response
    }

    /// Buckets the shopper into the placement's experiment, applies the variant, and runs
    /// the placement on `state` (under the lock, or on a worker's replica).
    private func placementOutcome(
        _ base: Placement, experiment: Experiment?, query: RecommendationQuery, cart: [String], channel: Channel?,
        now: Int64, state: ServingState
    ) throws(AffinityError) -> PlacementOutcome {
        var placement = base
        var assignment: ExperimentAssignment?
        if let experiment, let key = state.bucketKey(userID: query.userID, anonymousID: query.anonymousID) {
            let variant = experiment.variant(for: key)
            placement = placement.applying(variant.overrides)
            assignment = ExperimentAssignment(id: experiment.id, variant: variant.id)
        }
        if query.countIsExplicit { placement.count = query.count }
        let before = state.core.candidatesScored
        var outcome = try runPlacement(placement, query: query, cart: cart, channel: channel, now: now, state: state)
            .with(assignment)
        outcome.candidatesScored = state.core.candidatesScored &- before
        return outcome
    }

    /// Runs `placement` against `rulesYAML` (a candidate rules file) without activating it:
    /// the answer of ``recommendPlacement(_:rules:preview:)`` with `preview: true`, nothing
    /// recorded. Throws ``RulesConfigErrors`` (with lines) when the file is invalid.
    package func previewPlacement(rulesYAML: String, query: RecommendationQuery) async throws
        -> RecommendationResponse
    {
        let candidate = try RulesConfigLoader.parse(yaml: rulesYAML, file: "rules_yaml", now: options.now)
        return try await recommendPlacement(query, rules: candidate, preview: true)
    }

    /// Candidates the core is asked for at most while refilling a short list.
    static let maxPlacementCandidates = 5_000

    /// The pipeline for one resolved placement; call under the state lock.
    ///
    /// The placement's catalog filters (categories, brands, tags, attributes, price,
    /// stock, `new_within`), the channel's mask and the request's exclusions (cart,
    /// `exclude`, recent purchases) go into the core's admission test, so its top-K is
    /// taken over matching products only and a restrictive filter still fills the list.
    /// When diversity caps still leave it short, the core is asked again for four
    /// times as many candidates (up to ``maxPlacementCandidates``) until the list is
    /// full or the matching set is exhausted; only then do fallbacks fill what is missing.
    private func runPlacement(
        _ placement: Placement, query: RecommendationQuery, cart: [String], channel: Channel?, now: Int64,
        state: ServingState
    ) throws(AffinityError) -> PlacementOutcome {
        // explain=true names purchased removals: by a linked anonymous id with a public key,
        // not the linked user's.
        let shopper = state.shopper(
            userID: query.userID, anonymousID: query.anonymousID,
            followLinks: query.callerScope == .secret || !query.explain)
        func dense(_ ids: [String]) -> Set<Int32> { Set(ids.compactMap { state.products.id(of: $0) }) }
        let contextItem = query.itemID.flatMap { state.products.id(of: $0) }
        let context = PlacementContext(
            channel: channel, now: now, cartItems: dense(cart), requestExclude: dense(query.exclude),
            contextItem: contextItem, purchases: shopper.map { state.core.purchaseTimes(of: $0) } ?? [:])
        let filters = placement.filters
        let includeHidden = filters.includeHidden ?? !placement.strategy.isListingStyle
        var admission: [Bool]?
        if state.catalogCount > 0 {
            admission =
                filters.hasCatalogFilters || !filters.inStock
                ? state.filterMask(filters, channel: channel, includeHidden: includeHidden, now: now)
                : state.channelMask(channel, includeHidden: includeHidden)
        }
        let excluded = filters.requestExclusions(context)
        var coreQuery = query
        coreQuery.itemIDs = query.itemIDs + cart.filter { !query.itemIDs.contains($0) }
        coreQuery.exclude = []
        let scopeChannel: Channel?
        switch placement.scope.channel {
        case .request: scopeChannel = channel
        case .all: scopeChannel = nil
        case .named(let id): scopeChannel = options.channels.first { $0.id == id }
        }
        func request(_ strategy: StrategyName, count: Int, blend: BlendWeights?) throws(AffinityError)
            -> RecommendationRequest
        {
            var q = coreQuery
            q.strategy = strategy
            q.count = count
            q.category = nil
            if strategy == .trending || strategy == .popular {
                switch query.category.map(PlacementScope.CategoryScope.named) ?? placement.scope.category {
                case .all: break
                case .named(let name): q.category = name
                case .context: q.category = contextItem.flatMap { state.entry($0)?.product.categories.first }
                }
            }
            var r = try coreRequest(
                q, channel: channel, state: state, blend: blend, excludePurchased: false, admission: admission,
                lenientCategory: true)
            r.exclude.formUnion(excluded)
            if strategy == .trending || strategy == .popular {
                r.channel = scopeChannel.flatMap { state.channels.id(of: $0.id) }
            }
            return r
        }
        let mask = admission
        let ranker = PlacementRanker(
            placement: placement, context: context, product: { state.entry($0)?.product },
            denseID: { state.products.id(of: $0) },
            isServable: { item in mask.map { Int(item) < $0.count && $0[Int(item)] } ?? (item >= 0) },
            measure: { a, b, measure in state.core.similarity(a, b, by: measure) })
        let limit = max(state.core.itemCount, 1)
        var coreCount = min(max(placement.count * 4, 50), 400)
        var main = try request(placement.strategy, count: coreCount, blend: placement.blend?.weights)
        var list: RankedList
        while true {
            main.count = coreCount
            let candidates = state.core.recommend(main)
            let count = coreCount
            list = ranker.rank(candidates) { strategy in
                (try? request(strategy, count: count, blend: nil)).map { state.core.recommend($0) } ?? []
            }
            let capped = list.items.count < placement.count && candidates.count >= coreCount
            guard capped, coreCount < min(limit, Self.maxPlacementCandidates) else { break }
            coreCount = min(coreCount * 4, Self.maxPlacementCandidates)
        }
        let items = list.items.map { ranked in
            var item = enrich(ranked.scored, channel: channel, state: state)
            if query.explain {
                var explain = explanation(ranked.scored, state: state)
                explain.rules = ranked.rules
                explain.source = ranked.source
                item.explain = explain
            }
            return item
        }
        var removed = list.removed.map { entry in
            RemovedItem(
                productID: entry.productID ?? entry.item.map { state.products.string(for: $0) } ?? "",
                reason: RemovalReason(rule: entry.rule), rule: entry.rule)
        }
        if query.explain {
            let classifier = RemovalClassifier(
                state: state, channel: channel, listingStyle: placement.strategy.isListingStyle,
                placement: .init(filters: filters, context: context, includeHidden: includeHidden))
            removed = classifier.removals(
                of: main, shown: Set(list.items.map(\.scored.item)), count: coreCount, known: removed)
        }
        return PlacementOutcome(strategy: placement.strategy, items: items, removed: removed, experiment: nil)
    }
}

extension Engine.PlacementOutcome {
    /// The same outcome with its experiment assignment.
    func with(_ experiment: ExperimentAssignment?) -> Self {
        var copy = self
        copy.experiment = experiment
        return copy
    }
}
