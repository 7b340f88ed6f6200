import AffinityCore

extension Engine {
    /// Runs one recommendation query against the current state. The list holds only
    /// products that may be shown in the asking channel (published, priced in its
    /// currency, sellable) whenever a catalog is loaded.
    ///
    /// A query naming a `placement` runs that placement's rules (see ``recommendPlacement(_:rules:preview:)``).
    public func recommend(_ query: RecommendationQuery) throws(AffinityError) -> RecommendationResponse {
        try requireReady()
        if query.placement != nil { return try recommendPlacement(query, rules: rules.active, preview: false) }
        guard RecommendationQuery.strategies.contains(query.strategy) else {
            throw .invalid(
                "strategy",
                "unknown strategy '\(query.strategy)'; use one of \(RecommendationQuery.strategies.joined(separator: ", "))"
            )
        }
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
        let items = try state.withLock { state throws(AffinityError) -> [RecommendedItem] in
            let request = try coreRequest(query, channel: channel, state: state)
            return state.core.recommend(request).map { scored in
                var item = enrich(scored, channel: channel, state: state)
                if query.explain { item.explain = explanation(scored, state: state) }
                return item
            }
        }
        var response = RecommendationResponse(
            recommendationID: Self.newRecommendationID(), strategy: query.strategy, channel: channel?.id, items: items)
        response.configVersion = rules.active?.version
        return response
    }

    /// The core's request for `query`; `blend` and `excludePurchased` override the
    /// strategy's defaults (placements set both).
    func coreRequest(
        _ query: RecommendationQuery, channel: Channel?, state: ServingState, blend: BlendWeights? = nil,
        excludePurchased: Bool? = nil
    ) throws(AffinityError) -> RecommendationRequest {
        func product(_ id: String?, field: String) throws(AffinityError) -> Int32 {
            guard let id else { throw .invalid(field, "strategy \(query.strategy) needs \(field)") }
            guard let dense = state.products.id(of: id) else {
                throw AffinityError(
                    .notFound, code: "unknown_product", message: "no product '\(id)' is known", field: field)
            }
            return dense
        }
        let strategy: Strategy
        switch query.strategy {
        case "for_you": strategy = .forYou
        case "similar_items": strategy = .similarItems(item: try product(query.itemID, field: "item_id"))
        case "others_also_viewed": strategy = .othersAlsoViewed(item: try product(query.itemID, field: "item_id"))
        case "frequently_bought_together":
            var seeds = query.itemIDs.compactMap { state.products.id(of: $0) }
            if let item = query.itemID { seeds.insert(try product(item, field: "item_id"), at: 0) }
            guard !seeds.isEmpty else {
                throw .invalid("item_id", "frequently_bought_together needs item_id or the cart's item_ids")
            }
            strategy = .frequentlyBoughtTogether(items: seeds)
        case "trending": strategy = .trending(category: nil)
        case "recently_viewed": strategy = .recentlyViewed
        case "buy_again": strategy = .buyAgain
        case "rerank":
            guard !query.candidates.isEmpty else {
                throw .invalid("candidates", "rerank needs the candidate product ids")
            }
            strategy = .rerank(candidates: query.candidates.compactMap { state.products.id(of: $0) })
        default: strategy = .popular
        }
        var isAllowed: (@Sendable (Int32) -> Bool)?
        if state.catalogCount > 0 {
            let mask = state.servable(in: channel)
            isAllowed = { item in Int(item) < mask.count && mask[Int(item)] }
        }
        let personal = ["for_you", "similar_items", "frequently_bought_together", "others_also_viewed", "rerank"]
        return RecommendationRequest(
            strategy: strategy, shopper: state.shopper(userID: query.userID, anonymousID: query.anonymousID),
            count: query.count, channel: channel.flatMap { state.channels.id(of: $0.id) },
            exclude: Set(query.exclude.compactMap { state.products.id(of: $0) }),
            excludePurchased: excludePurchased ?? personal.contains(query.strategy),
            contextItems: query.strategy == "for_you" ? query.itemIDs.compactMap { state.products.id(of: $0) } : [],
            blend: blend, now: options.now() / 1000, isAllowed: isAllowed)
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
        var generator = SystemRandomNumberGenerator()
        return "rec_" + SHA256.hex((0..<12).map { _ in UInt8.random(in: .min ... .max, using: &generator) })
    }
}
