import AffinityCore

/// The experiment arm a response came from.
public struct ExperimentAssignment: Sendable, Encodable, Equatable {
    /// Experiment id from the rules file.
    public var id: String
    /// Variant id the shopper is bucketed into.
    public var variant: String

    public init(id: String, variant: String) {
        self.id = id
        self.variant = variant
    }
}

/// A candidate a rule kept out of the list (`removed` with `explain=true`).
public struct RemovedItem: Sendable, Encodable, Equatable {
    public var productID: String
    /// Rule path, e.g. `filters.exclude_categories`, `diversity.max_per_category`, `pins[0]`.
    public var rule: String

    public init(productID: String, rule: String) {
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
public struct ItemExplanation: Sendable, Encodable, Equatable {
    /// Per-source contributions to the score (blend weight × normalised source score).
    public struct Sources: Sendable, Encodable, Equatable {
        public var cooccurrence: Float
        public var sequence: Float
        public var vectors: Float
        public var popularity: Float
        public var recency: Float
        public var content: Float

        public init(_ c: ScoredItem.Contributions) {
            cooccurrence = c.cooccurrence
            sequence = c.sequence
            vectors = c.vectors
            popularity = c.popularity
            recency = c.recency
            content = c.content
        }
    }

    /// A history or context item behind the recommendation ("because you viewed …").
    public struct Seed: Sendable, Encodable, Equatable {
        public var productID: String
        public var title: String?

        public init(productID: String, title: String?) {
            self.productID = productID
            self.title = title
        }

        enum CodingKeys: String, CodingKey {
            case productID = "product_id"
            case title
        }
    }

    public var sources: Sources
    public var seeds: [Seed]
    /// Rules that boosted, buried, pinned, diversified or filled the item, in order applied.
    public var rules: [RuleEffect]
    /// Where the item came from when not the main strategy, e.g. `fallback:trending`.
    public var source: String?

    public init(sources: Sources, seeds: [Seed], rules: [RuleEffect] = [], source: String? = nil) {
        self.sources = sources
        self.seeds = seeds
        self.rules = rules
        self.source = source
    }
}
