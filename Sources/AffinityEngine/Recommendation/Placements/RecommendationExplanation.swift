package import AffinityCore

/// The experiment arm a response came from.
package struct ExperimentAssignment: Sendable, Encodable, Equatable {
    /// Experiment id from the rules file.
    package var id: String
    /// Variant id the shopper is bucketed into.
    package var variant: String

    package init(id: String, variant: String) {
        self.id = id
        self.variant = variant
    }
}

/// A candidate a rule kept out of the list (`removed` with `explain=true`).
package struct RemovedItem: Sendable, Encodable, Equatable {
    package var productID: String
    /// Rule path, e.g. `filters.exclude_categories`, `diversity.max_per_category`, `pins[0]`.
    package var rule: String

    package init(productID: String, rule: String) {
        self.productID = productID
        self.rule = rule
    }

    enum CodingKeys: String, CodingKey {
        case productID = "product_id"
        case rule
    }
}

/// Why one item is in a list: which sources scored it, the items behind it and the rules
/// that touched it.
package struct ItemExplanation: Sendable, Encodable, Equatable {
    /// Per-source contributions to the score (blend weight × normalised source score).
    package struct Sources: Sendable, Encodable, Equatable {
        package var cooccurrence: Float
        package var sequence: Float
        package var vectors: Float
        package var popularity: Float
        package var recency: Float
        package var content: Float

        package init(_ c: ScoredItem.Contributions) {
            cooccurrence = c.cooccurrence
            sequence = c.sequence
            vectors = c.vectors
            popularity = c.popularity
            recency = c.recency
            content = c.content
        }
    }

    /// A history or context item behind the recommendation ("because you viewed …").
    package struct Seed: Sendable, Encodable, Equatable {
        package var productID: String
        package var title: String?

        package init(productID: String, title: String?) {
            self.productID = productID
            self.title = title
        }

        enum CodingKeys: String, CodingKey {
            case productID = "product_id"
            case title
        }
    }

    package var sources: Sources
    package var seeds: [Seed]
    /// Rules that boosted, buried, pinned, diversified or filled the item, in order applied.
    package var rules: [RuleEffect]
    /// Where the item came from when not the main strategy, e.g. `fallback:trending`.
    package var source: String?

    package init(sources: Sources, seeds: [Seed], rules: [RuleEffect] = [], source: String? = nil) {
        self.sources = sources
        self.seeds = seeds
        self.rules = rules
        self.source = source
    }
}
