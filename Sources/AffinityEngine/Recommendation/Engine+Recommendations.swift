import AffinityCore

extension Engine {
    /// Runs one recommendation query against the current state. The list holds only
    /// products that may be shown in the asking channel (published, priced in its
    /// currency, sellable) whenever a catalog is loaded.
    ///
    /// A query naming a `placement` runs that placement's rules (see ``recommendPlacement(_:rules:preview:)``).
    package func recommend(_ query: RecommendationQuery) async throws(AffinityError) -> RecommendationResponse {
        try requireReady()
        if query.placement != nil { return try await recommendPlacement(query, rules: rules.active, preview: false) }
        let started = ContinuousClock.now
        try authorize(query, strategies: [query.strategy], rules: rules.active)
        guard (1...RecommendationQuery.maxCount).contains(query.count) else {
            throw .invalid("count", "count must be from 1 to \(RecommendationQuery.maxCount)")
        }
        let channel = try query.channel.map { id throws(AffinityError) in
            guard let channel = options.channels.first(where: { $0.id == id }) else {
                throw AffinityError.invalid(
                    "channel",
                    "unknown channel '\(id)'; configured: \(options.channels.map(\.id).joined(separator: ", "))")
            }
            return channel
        }
        let (items, removed, candidates) = try state.withLock {
            state throws(AffinityError) -> ([RecommendedItem], [RemovedItem], Int) in
            let request = try coreRequest(query, channel: channel, state: state)
            let before = state.core.candidatesScored
            let scored = state.core.recommend(request)
            let candidates = state.core.candidatesScored &- before
            let items = scored.map { scored in
                var item = enrich(scored, channel: channel, state: state)
                if query.explain { item.explain = explanation(scored, state: state) }
                return item
            }
            guard query.explain else { return (items, [], candidates) }
            let classifier = RemovalClassifier(
                state: state, channel: channel, listingStyle: query.strategy.isListingStyle,
                requestExclude: request.exclude, purchased: request.excludePurchased ? request.shopper : nil)
            return (
                items, classifier.removals(of: request, shown: Set(scored.map(\.item)), count: request.count),
                candidates
            )
        }
        var response = RecommendationResponse(
            recommendationID: Self.newRecommendationID(), strategy: query.strategy.rawValue, channel: channel?.id,
            items: items)
        response.configVersion = rules.active?.version
        response.removed = query.explain ? removed : nil
        metrics.recommended(
            strategy: query.strategy.rawValue, placement: nil, duration: ContinuousClock.now - started,
            candidates: candidates)
        return response
    }

    /// The core's request for `query`; `blend` and `excludePurchased` override the
    /// strategy's defaults (placements set both). `admission` replaces the channel's
    /// mask (placements pass their filter mask); without it listing-style strategies
    /// use the listable mask (hidden products left out) and history lists the servable
    /// one. A `category` the catalog does not know is a 404 unless `lenientCategory`
    /// (placements: the list is then empty and the fallback fills it).
    func coreRequest(
        _ query: RecommendationQuery, channel: Channel?, state: ServingState, blend: BlendWeights? = nil,
        excludePurchased: Bool? = nil, admission: [Bool]? = nil, lenientCategory: Bool = false
    ) throws(AffinityError) -> RecommendationRequest {
        func product(_ id: String?, field: String) throws(AffinityError) -> Int32 {
            guard let id else { throw .invalid(field, "strategy \(query.strategy.rawValue) needs \(field)") }
            guard let dense = state.products.id(of: id) else {
                throw AffinityError(
                    .notFound, code: "unknown_product", message: "no product '\(id)' is known", field: field)
            }
            return dense
        }
        var category: Int32?
        if let name = query.category {
            guard query.strategy == .trending || query.strategy == .popular else {
                throw .invalid("category", "category scopes trending and popular, not \(query.strategy.rawValue)")
            }
            guard let id = state.categories.id(of: name) else {
                guard lenientCategory else {
                    throw AffinityError(
                        .notFound, code: "unknown_category", message: "no product is in category '\(name)'",
                        field: "category")
                }
                return RecommendationRequest(strategy: .popular(category: nil), count: 0)
            }
            category = id
        }
        let strategy: Strategy
        switch query.strategy {
        case .forYou: strategy = .forYou
        case .similarItems: strategy = .similarItems(item: try product(query.itemID, field: "item_id"))
        case .othersAlsoViewed: strategy = .othersAlsoViewed(item: try product(query.itemID, field: "item_id"))
        case .frequentlyBoughtTogether:
            var seeds = query.itemIDs.compactMap { state.products.id(of: $0) }
            if let item = query.itemID { seeds.insert(try product(item, field: "item_id"), at: 0) }
            guard !seeds.isEmpty else {
                throw .invalid("item_id", "frequently_bought_together needs item_id or the cart's item_ids")
            }
            strategy = .frequentlyBoughtTogether(items: seeds)
        case .trending: strategy = .trending(category: category)
        case .recentlyViewed: strategy = .recentlyViewed
        case .buyAgain: strategy = .buyAgain
        case .rerank:
            guard !query.candidates.isEmpty else {
                throw .invalid("candidates", "rerank needs the candidate product ids")
            }
            strategy = .rerank(candidates: query.candidates.compactMap { state.products.id(of: $0) })
        case .popular: strategy = .popular(category: category)
        case .vectors, .cooccurrence:
            throw .invalid(
                "strategy",
                "\(query.strategy.rawValue) is an evaluation strategy; the API serves \(StrategyName.servedList)")
        }
        var isAllowed: (@Sendable (Int32) -> Bool)?
        if let mask = admission ?? (state.catalogCount > 0 ? state.admission(for: query.strategy, in: channel) : nil) {
            isAllowed = { item in Int(item) < mask.count && mask[Int(item)] }
        }
        // Discovery lists leave out what the shopper bought; history and popularity lists do not.
        let discovery: Bool
        switch query.strategy {
        case .forYou, .similarItems, .frequentlyBoughtTogether, .othersAlsoViewed, .rerank, .vectors, .cooccurrence:
            discovery = true
        case .trending, .popular, .recentlyViewed, .buyAgain:
            discovery = false
        }
        // A public key asking for history by anonymous id alone gets the anonymous id's
        // own, never the profile of the user it is linked to (a shared device): that needs
        // the user's token, with the user_id.
        let followLinks = query.callerScope == .secret || !(query.strategy.revealsHistory || query.explain)
        return RecommendationRequest(
            strategy: strategy,
            shopper: state.shopper(userID: query.userID, anonymousID: query.anonymousID, followLinks: followLinks),
            count: query.count, channel: channel.flatMap { state.channels.id(of: $0.id) },
            exclude: Set(query.exclude.compactMap { state.products.id(of: $0) }),
            excludePurchased: excludePurchased ?? discovery,
            contextItems: query.strategy == .forYou ? query.itemIDs.compactMap { state.products.id(of: $0) } : [],
            blend: blend, now: options.now() / 1000, isAllowed: isAllowed)
    }

    /// With a public key, a list for a `user_id` that reveals the shopper's own history
    /// (`recently_viewed`, `buy_again`, as the strategy or a placement's fallback) needs
    /// the user's `user_token`: 403 `user_token_required` without one, 403
    /// `invalid_user_token` with a wrong one. `require_user_token: true` in the rules
    /// makes every list for a `user_id` need it. Anonymous ids need none (only the client
    /// that owns one knows it); the secret key reads everything.
    func authorize(_ query: RecommendationQuery, strategies: [StrategyName], rules: RulesConfig?)
        throws(AffinityError)
    {
        guard query.callerScope == .public, let user = query.userID else { return }
        // explain=true shows seeds ("because you viewed …") and purchased removals.
        let revealing = query.explain || strategies.contains(where: \.revealsHistory)
        guard revealing || rules?.requireUserToken == true else { return }
        try requireUserToken(query.userToken, for: user)
    }

    /// 403 `user_token_required` without a token, 403 `invalid_user_token` with one that
    /// is not `user`'s.
    package func requireUserToken(_ token: String?, for user: String) throws(AffinityError) {
        guard let token else {
            throw AffinityError(
                .forbidden, code: "user_token_required",
                message:
                    "this list reveals user '\(user)''s own history: send user_token, the hex HMAC-SHA256 of the "
                    + "user_id under the user-token secret, computed by your back end at login",
                field: "user_token")
        }
        guard userTokens.verify(token, for: user) else {
            throw AffinityError(
                .forbidden, code: "invalid_user_token", message: "user_token is not user '\(user)''s",
                field: "user_token")
        }
    }

    /// Sources and seed items of one scored item (`explain=true`).
    func explanation(_ scored: ScoredItem, state: ServingState) -> ItemExplanation {
        let seeds = scored.seed.map { seed in
            [ItemExplanation.Seed(productID: state.products.string(for: seed), title: state.entry(seed)?.product.title)]
        }
        return ItemExplanation(sources: .init(scored.contributions), seeds: seeds ?? [])
    }

    func enrich(_ scored: ScoredItem, channel: Channel?, state: ServingState) -> RecommendedItem {
        var item = RecommendedItem(productID: state.products.string(for: scored.item), score: scored.score)
        guard let entry = state.entry(scored.item) else { return item }
        let product = entry.product
        item.title = product.title
        item.imageURL = product.imageURL
        item.url = product.url
        item.available = product.stock.isSellable
        if let channel, let price = product.price(in: channel.id) {
            item.price = .init(amountMinor: price.amountMinor, currency: price.currency)
        }
        return item
    }

    /// `rec_` and 24 random hex digits.
    static func newRecommendationID() -> String {
        "rec_" + Hex.random(bytes: 12)
    }
}
