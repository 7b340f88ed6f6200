/// What kind of list to produce; each case maps to a blend of evidence sources.
public enum Strategy: Sendable, Equatable {
    /// Personalised list from the shopper's recent history (+ context items).
    case forYou
    /// Items like `item` (product page).
    case similarItems(item: Int32)
    /// Add-ons for a basket (cart / checkout).
    case frequentlyBoughtTogether(items: [Int32])
    /// Items viewed by shoppers who viewed `item`.
    case othersAlsoViewed(item: Int32)
    /// Short half-life popularity, optionally within a category; in the request's
    /// channel when it has one (the channel's own trending, not the global one).
    case trending(category: Int32?)
    /// The shopper's recently viewed items, newest first.
    case recentlyViewed
    /// Items the shopper bought before, most often/recently first.
    case buyAgain
    /// The given candidates, re-ordered by the for-you blend.
    case rerank(candidates: [Int32])
    /// Long half-life popularity (baseline and cold start), optionally within a
    /// category; in the request's channel when it has one.
    case popular(category: Int32?)
    /// ALS latent factors only (evaluation / diagnostics).
    case vectors
    /// Co-occurrence sources only (evaluation / diagnostics).
    case cooccurrence
}

/// A request for one recommendation list. Ids are the engine's dense ids.
public struct RecommendationRequest: Sendable {
    /// Which list.
    public var strategy: Strategy
    /// The shopper (any alias; resolved through `ScoringCore.canonical`), nil if anonymous.
    public var shopper: Int32?
    /// Maximum list length.
    public var count: Int
    /// Channel for channel-specific popularity and trending, if any.
    public var channel: Int32?
    /// Items that must not appear.
    public var exclude: Set<Int32>
    /// Also exclude everything the shopper has purchased.
    public var excludePurchased: Bool
    /// Extra seeds treated as the most recent history (e.g. cart items, current page).
    public var contextItems: [Int32]
    /// Overrides the strategy's configured blend.
    public var blend: BlendWeights?
    /// Request time (unix seconds), used for session freshness; nil means the
    /// shopper's own last event time (a live session).
    public var now: Int64?
    /// Serving-time filter (stock, channel availability). Applied before top-K so the
    /// list still fills; only called for items that could enter the list.
    public var isAllowed: (@Sendable (Int32) -> Bool)?

    /// Creates a request; only `strategy` is required.
    public init(
        strategy: Strategy, shopper: Int32? = nil, count: Int = 10, channel: Int32? = nil,
        exclude: Set<Int32> = [], excludePurchased: Bool = false, contextItems: [Int32] = [],
        blend: BlendWeights? = nil, now: Int64? = nil, isAllowed: (@Sendable (Int32) -> Bool)? = nil
    ) {
        self.now = now
        self.strategy = strategy
        self.shopper = shopper
        self.count = count
        self.channel = channel
        self.exclude = exclude
        self.excludePurchased = excludePurchased
        self.contextItems = contextItems
        self.blend = blend
        self.isAllowed = isAllowed
    }
}

/// One recommended item with the evidence behind its score.
public struct ScoredItem: Sendable, Equatable {
    /// Per-source contributions (blend weight × normalised source score); they sum to
    /// `score` up to the popularity tie-breaker.
    public struct Contributions: Sendable, Equatable {
        /// From symmetric co-occurrence with the history.
        public var cooccurrence: Float = 0
        /// From "what comes next" after the most recent items.
        public var sequence: Float = 0
        /// From ALS affinity.
        public var vectors: Float = 0
        /// From time-decayed popularity.
        public var popularity: Float = 0
        /// From the shopper's own recent interactions.
        public var recency: Float = 0
        /// From attribute similarity.
        public var content: Float = 0
        /// All zero.
        public init() {}
    }
    /// The item.
    public var item: Int32
    /// Final blended score (higher is better; comparable within one list only).
    public var score: Float
    /// Why it is here.
    public var contributions: Contributions
    /// The history/context item that contributed most co-occurrence evidence, if any.
    public var seed: Int32?

    /// Creates a scored item.
    public init(item: Int32, score: Float, contributions: Contributions = .init(), seed: Int32? = nil) {
        self.item = item
        self.score = score
        self.contributions = contributions
        self.seed = seed
    }
}
