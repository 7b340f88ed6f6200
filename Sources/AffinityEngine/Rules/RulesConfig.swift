package import AffinityCore

/// The marketers' rules file (`affinity.yaml`) as loaded and validated: everything a
/// placement needs to turn a raw candidate list into the list a shopper sees.
///
/// Only ``RulesConfigLoader`` builds one from YAML, so a value in hand has passed every
/// check; serving code can trust it without re-validating.
package struct RulesConfig: Sendable, Equatable {
    /// Sales channels; pins and requests may only name these.
    package var channels: [Channel]
    /// Webhook source → HMAC secret, when the file sets them (the environment is preferred).
    package var webhookSecrets: [String: String]?
    /// Placement id (`home_hero`) → its rules.
    package var placements: [String: Placement]
    /// Experiment id → its traffic split.
    package var experiments: [String: Experiment]
    /// First 12 hex digits of the SHA-256 of the file's bytes: tells which rules produced a list.
    package var version: String
    /// When the file was loaded (Unix milliseconds); a hot reload bumps it.
    package var loadedAt: Int64
    /// The user-token signing secret, when the file sets it (the environment's
    /// `AFFINITY_USER_TOKEN_SECRET` is preferred).
    package var userTokenSecret: String?
    /// With a public key, `for_you` (and every strategy) for a `user_id` needs a valid
    /// `user_token` too, not only the history-revealing ones.
    package var requireUserToken = false
    /// Requests per second and burst per key, by scope.
    package var rateLimits = RateLimits()
    /// The file's text, with every `…secret…:` value replaced by `"***"` (the console
    /// shows each placement's section of it).
    package var redactedSource = ""

    package init(
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
    package func experiment(on placement: String) -> Experiment? {
        experiments.values.first { $0.placement == placement }
    }
}

/// One slot on a page or in a message, and how its list is built.
package struct Placement: Sendable, Equatable {
    /// One of ``StrategyName/served``.
    package var strategy: StrategyName
    /// List length, 1…``RecommendationQuery/maxCount``.
    package var count: Int
    /// Per-placement blend; nil keeps the model configuration's blend for the strategy.
    package var blend: PlacementBlend?
    /// Hard constraints applied before scoring decides the order.
    package var filters: PlacementFilters
    /// Multipliers (> 1) for items that match a condition.
    package var boosts: [Adjustment]
    /// Multipliers (≤ 1) for items that match a condition.
    package var buries: [Adjustment]
    /// Products forced into positions, e.g. campaign heroes.
    package var pins: [Pin]
    /// Caps and MMR, so one category or brand cannot fill the list.
    package var diversity: Diversity?
    /// Strategies tried in order when the main one cannot fill the list.
    package var fallback: [StrategyName]
    /// Channel and category scope of `trending` and `popular` (main or fallback).
    package var scope: PlacementScope

    package init(
        strategy: StrategyName, count: Int = 10, blend: PlacementBlend? = nil, filters: PlacementFilters = .init(),
        boosts: [Adjustment] = [], buries: [Adjustment] = [], pins: [Pin] = [], diversity: Diversity? = nil,
        fallback: [StrategyName] = [], scope: PlacementScope = .init()
    ) {
        self.scope = scope
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
    package func applying(_ overrides: PlacementOverrides) -> Placement {
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
        if let value = overrides.scope { copy.scope = value }
        return copy
    }
}

/// Blend weights as a marketer writes them: only the sources named are set, so a
/// placement can switch one source up without restating the others.
package struct PlacementBlend: Sendable, Equatable {
    /// See ``BlendWeights``; nil leaves the source off.
    package var cooccurrence: Float?
    package var sequence: Float?
    package var vectors: Float?
    package var popularity: Float?
    package var recency: Float?
    package var content: Float?

    package init(
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
    package var weights: BlendWeights {
        BlendWeights(
            cooccurrence: cooccurrence ?? 0, sequence: sequence ?? 0, vectors: vectors ?? 0,
            popularity: popularity ?? 0, recency: recency ?? 0, content: content ?? 0)
    }
}

/// Optional replacements for a placement's fields, as an experiment variant states them.
package struct PlacementOverrides: Sendable, Equatable {
    /// Replacement values; nil keeps the placement's own.
    package var strategy: StrategyName?
    package var count: Int?
    package var blend: PlacementBlend?
    package var filters: PlacementFilters?
    package var boosts: [Adjustment]?
    package var buries: [Adjustment]?
    package var pins: [Pin]?
    package var diversity: Diversity?
    package var fallback: [StrategyName]?
    package var scope: PlacementScope?

    package init(
        strategy: StrategyName? = nil, count: Int? = nil, blend: PlacementBlend? = nil,
        filters: PlacementFilters? = nil,
        boosts: [Adjustment]? = nil, buries: [Adjustment]? = nil, pins: [Pin]? = nil, diversity: Diversity? = nil,
        fallback: [StrategyName]? = nil, scope: PlacementScope? = nil
    ) {
        self.scope = scope
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
    package var isEmpty: Bool { self == PlacementOverrides() }
}
