import AffinityCore
import AffinityStore

extension Engine {
    /// What one placement run produced under the state lock.
    struct PlacementOutcome: Sendable {
        var strategy: StrategyName
        var items: [RecommendedItem]
        var removed: [RemovedItem]
        var experiment: ExperimentAssignment?
    }

    /// Runs `query.placement` under `rules`: resolves the placement (404 `unknown_placement`
    /// naming the known ones), buckets the shopper into the placement's experiment (sticky:
    /// see ``ServingState/bucketKey(userID:anonymousID:)``), applies the variant's overrides,
    /// asks the core for a generous candidate list with the placement's strategy and blend,
    /// and runs ``PlacementRanker``. A served list is recorded for attribution unless `preview`.
    package func recommendPlacement(_ query: RecommendationQuery, rules: RulesConfig?, preview: Bool)
        async throws(AffinityError) -> RecommendationResponse
    {
        try requireReady()
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
        let channel = try resolveChannel(query.channel)
        var cartItems: [String] = []
        if let cartID = query.cartID { cartItems = try await cart(cartID).lines.map(\.productID) }
        let now = options.now()
        let experiment = rules.experiment(on: id)
        let outcome = try state.withLock { state throws(AffinityError) -> PlacementOutcome in
            var placement = base
            var assignment: ExperimentAssignment?
            if let experiment, let key = state.bucketKey(userID: query.userID, anonymousID: query.anonymousID) {
                let variant = experiment.variant(for: key)
                placement = placement.applying(variant.overrides)
                assignment = ExperimentAssignment(id: experiment.id, variant: variant.id)
            }
            if query.countIsExplicit { placement.count = query.count }
            return try runPlacement(placement, query: query, cart: cartItems, channel: channel, now: now, state: state)
                .with(assignment)
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
        return response
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

    /// The pipeline for one resolved placement; call under the state lock.
    private func runPlacement(
        _ placement: Placement, query: RecommendationQuery, cart: [String], channel: Channel?, now: Int64,
        state: ServingState
    ) throws(AffinityError) -> PlacementOutcome {
        var coreQuery = query
        coreQuery.strategy = placement.strategy
        coreQuery.count = min(max(placement.count * 4, 50), 400)
        coreQuery.itemIDs = query.itemIDs + cart.filter { !query.itemIDs.contains($0) }
        coreQuery.exclude = []
        let blend = placement.blend?.weights
        let request = try coreRequest(coreQuery, channel: channel, state: state, blend: blend, excludePurchased: false)
        let candidates = state.core.recommend(request)
        let shopper = state.shopper(userID: query.userID, anonymousID: query.anonymousID)
        func dense(_ ids: [String]) -> Set<Int32> { Set(ids.compactMap { state.products.id(of: $0) }) }
        let context = PlacementContext(
            channel: channel, now: now, cartItems: dense(cart), requestExclude: dense(query.exclude),
            contextItem: query.itemID.flatMap { state.products.id(of: $0) },
            purchases: shopper.map { state.core.purchaseTimes(of: $0) } ?? [:])
        let mask: [Bool]? = state.catalogCount > 0 ? state.servable(in: channel) : nil
        let ranker = PlacementRanker(
            placement: placement, context: context, product: { state.entry($0)?.product },
            denseID: { state.products.id(of: $0) },
            isServable: { item in mask.map { Int(item) < $0.count && $0[Int(item)] } ?? (item >= 0) })
        let list = ranker.rank(candidates) { strategy in
            var fallbackQuery = coreQuery
            fallbackQuery.strategy = strategy
            guard let request = try? coreRequest(fallbackQuery, channel: channel, state: state, excludePurchased: false)
            else { return [] }
            return state.core.recommend(request)
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
        let removed = list.removed.map { entry in
            RemovedItem(
                productID: entry.productID ?? entry.item.map { state.products.string(for: $0) } ?? "", rule: entry.rule)
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
