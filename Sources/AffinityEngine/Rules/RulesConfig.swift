import AffinityCore

/// The marketers' rules file (`affinity.yaml`) as loaded and validated: everything a
/// placement needs to turn a raw candidate list into the list a shopper sees.
///
/// Only ``RulesConfigLoader`` builds one from YAML, so a value in hand has passed every
/// check; serving code can trust it without re-validating.
public struct RulesConfig: Sendable, Equatable {
    /// Sales channels; pins and requests may only name these.
    public var channels: [Channel]
    /// Webhook source → HMAC secret, when the file sets them (the environment is preferred).
    public var webhookSecrets: [String: String]?
    /// Placement id (`home_hero`) → its rules.
    public var placements: [String: Placement]
    /// Experiment id → its traffic split.
    public var experiments: [String: Experiment]
    /// First 12 hex digits of the SHA-256 of the file's bytes: tells which rules produced a list.
    public var version: String
    /// When the file was loaded (Unix milliseconds); a hot reload bumps it.
    public var loadedAt: Int64

    public init(
        channels: [Channel], webhookSecrets: [String: String]? = nil, placements: [String: Placement] = [:],
        experiments: [String: Experiment] = [:], version: String = "", loadedAt: Int64 = 0
    ) {
        self.channels = channels
        self.webhookSecrets = webhookSecrets
        self.placements = placements
        self.experiments = experiments
        self.version = version
        self.loadedAt = loadedAt
    }

    /// The experiment running on `placement`, if any (at most one per placement).
    public func experiment(on placement: String) -> Experiment? {
        experiments.values.first { $0.placement == placement }
    }
}

/// One slot on a page or in a message, and how its list is built.
public struct Placement: Sendable, Equatable {
    /// One of ``RecommendationQuery/strategies``.
    public var strategy: String
    /// List length, 1…``RecommendationQuery/maxCount``.
    public var count: Int
    /// Per-placement blend; nil keeps the model configuration's blend for the strategy.
    public var blend: PlacementBlend?
    /// Hard constraints applied before scoring decides the order.
    public var filters: PlacementFilters
    /// Multipliers (> 1) for items that match a condition.
    public var boosts: [Adjustment]
    /// Multipliers (≤ 1) for items that match a condition.
    public var buries: [Adjustment]
    /// Products forced into positions, e.g. campaign heroes.
    public var pins: [Pin]
    /// Caps and MMR, so one category or brand cannot fill the list.
    public var diversity: Diversity?
    /// Strategies tried in order when the main one cannot fill the list.
    public var fallback: [String]

    public init(
        strategy: String, count: Int = 10, blend: PlacementBlend? = nil, filters: PlacementFilters = .init(),
        boosts: [Adjustment] = [], buries: [Adjustment] = [], pins: [Pin] = [], diversity: Diversity? = nil,
        fallback: [String] = []
    ) {
        self.strategy = strategy
        self.count = count
        self.blend = blend
        self.filters = filters
        self.boosts = boosts
        self.buries = buries
        self.pins = pins
        self.diversity = diversity
        self.fallback = fallback
    }

    /// This placement with an experiment variant's overrides applied (a field set in the
    /// variant replaces the placement's whole field; lists are not merged).
    public func applying(_ overrides: PlacementOverrides) -> Placement {
        var copy = self
        if let value = overrides.strategy { copy.strategy = value }
        if let value = overrides.count { copy.count = value }
        if let value = overrides.blend { copy.blend = value }
        if let value = overrides.filters { copy.filters = value }
        if let value = overrides.boosts { copy.boosts = value }
        if let value = overrides.buries { copy.buries = value }
        if let value = overrides.pins { copy.pins = value }
        if let value = overrides.diversity { copy.diversity = value }
        if let value = overrides.fallback { copy.fallback = value }
        return copy
    }
}

/// Blend weights as a marketer writes them: only the sources named are set, so a
/// placement can switch one source up without restating the others.
public struct PlacementBlend: Sendable, Equatable {
    /// See ``BlendWeights``; nil leaves the source off.
    public var cooccurrence: Float?
    public var sequence: Float?
    public var vectors: Float?
    public var popularity: Float?
    public var recency: Float?
    public var content: Float?

    public init(
        cooccurrence: Float? = nil, sequence: Float? = nil, vectors: Float? = nil, popularity: Float? = nil,
        recency: Float? = nil, content: Float? = nil
    ) {
        self.cooccurrence = cooccurrence
        self.sequence = sequence
        self.vectors = vectors
        self.popularity = popularity
        self.recency = recency
        self.content = content
    }

    /// The weights the core uses: unnamed sources are off (0), as in ``BlendWeights``.
    public var weights: BlendWeights {
        BlendWeights(
            cooccurrence: cooccurrence ?? 0, sequence: sequence ?? 0, vectors: vectors ?? 0,
            popularity: popularity ?? 0, recency: recency ?? 0, content: content ?? 0)
    }
}

/// Optional replacements for a placement's fields, as an experiment variant states them.
public struct PlacementOverrides: Sendable, Equatable {
    /// Replacement values; nil keeps the placement's own.
    public var strategy: String?
    public var count: Int?
    public var blend: PlacementBlend?
    public var filters: PlacementFilters?
    public var boosts: [Adjustment]?
    public var buries: [Adjustment]?
    public var pins: [Pin]?
    public var diversity: Diversity?
    public var fallback: [String]?

    public init(
        strategy: String? = nil, count: Int? = nil, blend: PlacementBlend? = nil, filters: PlacementFilters? = nil,
        boosts: [Adjustment]? = nil, buries: [Adjustment]? = nil, pins: [Pin]? = nil, diversity: Diversity? = nil,
        fallback: [String]? = nil
    ) {
        self.strategy = strategy
        self.count = count
        self.blend = blend
        self.filters = filters
        self.boosts = boosts
        self.buries = buries
        self.pins = pins
        self.diversity = diversity
        self.fallback = fallback
    }

    /// Whether the variant changes nothing (a control).
    public var isEmpty: Bool { self == PlacementOverrides() }
}
