extension KeyedDecodingContainer {
    /// `decodeIfPresent` with a fallback, to keep section decoders one line per key.
    @inline(__always)
    func value<T: Decodable>(_ key: Key, or fallback: T) throws -> T {
        try decodeIfPresent(T.self, forKey: key) ?? fallback
    }
}

/// The shopper's recent history: what personalisation looks at.
public struct HistoryConfig: Sendable, Equatable, Codable {
    /// Events kept per shopper (bounded memory; older events only live in ALS).
    public var window: Int = 50
    /// Recency half-life counted in events: the k-th most recent item weighs 2^(-k/h),
    /// so "what just happened" dominates without forgetting the longer profile.
    public var halfLifeEvents: Double = 2
    /// Floor on the recency weight, so older history still contributes a little.
    public var minWeight: Double = 0.02
    /// Session freshness half-life: with a gap g since the shopper's last event, the
    /// for-you blend is f·`for_you` + (1−f)·`for_you_returning`, f = 2^(−g/h).
    public var sessionHalfLifeSeconds: Double = 6 * 3_600
    /// The tuned defaults.
    public init() {}
    enum CodingKeys: String, CodingKey {
        case window, halfLifeEvents = "half_life_events", minWeight = "min_weight"
        case sessionHalfLifeSeconds = "session_half_life_seconds"
    }
    /// Missing keys keep their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self), d = Self()
        window = try c.value(.window, or: d.window)
        halfLifeEvents = try c.value(.halfLifeEvents, or: d.halfLifeEvents)
        minWeight = try c.value(.minWeight, or: d.minWeight)
        sessionHalfLifeSeconds = try c.value(.sessionHalfLifeSeconds, or: d.sessionHalfLifeSeconds)
    }
}

/// Time decay of popularity signals (seconds of event time, not wall time).
public struct PopularityConfig: Sendable, Equatable, Codable {
    /// Half-life of `popular` and of the popularity blend term.
    public var halfLifeSeconds: Double = 7 * 86_400
    /// Half-life of `trending`: short, so it reacts within a day.
    public var trendingHalfLifeSeconds: Double = 86_400
    /// The tuned defaults.
    public init() {}
    enum CodingKeys: String, CodingKey {
        case halfLifeSeconds = "half_life_seconds", trendingHalfLifeSeconds = "trending_half_life_seconds"
    }
    /// Missing keys keep their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self), d = Self()
        halfLifeSeconds = try c.value(.halfLifeSeconds, or: d.halfLifeSeconds)
        trendingHalfLifeSeconds = try c.value(.trendingHalfLifeSeconds, or: d.trendingHalfLifeSeconds)
    }
}

/// How co-occurrence is counted and normalised.
public struct CooccurrenceConfig: Sendable, Equatable, Codable {
    /// How many preceding history events pair with each new event.
    public var window: Int = 20
    /// Pair weight at distance d is 1/d^decay (0 = flat window).
    public var distanceDecay: Double = 0.35
    /// `"normalized"` (conditional probability / cosine) or `"llr"` (Dunning G²).
    public var measure: String = "normalized"
    /// Neighbours kept per item and index (bounded memory); the weakest are pruned.
    public var maxNeighbours: Int = 300
    /// Pairs with less accumulated weight are ignored at query time (noise floor).
    public var minCount: Float = 0
    /// Candidate popularity damping: scores are divided by frequency^exponent.
    public var popularityExponent: Double = 0.5
    /// How many of the most recent history items seed the directional (`sequence`) source.
    public var sequenceSeeds: Int = 20
    /// Catalogues above 4,096 items only: a neighbour whose contribution is below this
    /// fraction of the request's strongest one adds to items that are candidates
    /// anyway but does not make a new candidate (0: every neighbour does).
    public var candidateFloor: Float = 0.05
    /// The tuned defaults.
    public init() {}
    enum CodingKeys: String, CodingKey {
        case window, distanceDecay = "distance_decay", measure, maxNeighbours = "max_neighbours"
        case minCount = "min_count", popularityExponent = "popularity_exponent", sequenceSeeds = "sequence_seeds"
        case candidateFloor = "candidate_floor"
    }
    /// Missing keys keep their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self), d = Self()
        window = try c.value(.window, or: d.window)
        distanceDecay = try c.value(.distanceDecay, or: d.distanceDecay)
        measure = try c.value(.measure, or: d.measure)
        maxNeighbours = try c.value(.maxNeighbours, or: d.maxNeighbours)
        minCount = try c.value(.minCount, or: d.minCount)
        popularityExponent = try c.value(.popularityExponent, or: d.popularityExponent)
        sequenceSeeds = try c.value(.sequenceSeeds, or: d.sequenceSeeds)
        candidateFloor = try c.value(.candidateFloor, or: d.candidateFloor)
    }
}

/// Implicit ALS (Hu, Koren & Volinsky 2008) solved by conjugate gradient.
public struct ALSConfig: Sendable, Equatable, Codable {
    /// Latent dimensions.
    public var factors: Int = 64
    /// L2 penalty added to the diagonal of YᵀY.
    public var regularization: Float = 1
    /// Confidence slope: c = 1 + alpha · weight.
    public var alpha: Float = 1
    /// Alternating sweeps (users then items).
    public var iterations: Int = 15
    /// CG steps per row and sweep (3 as in `implicit`).
    public var cgSteps: Int = 3
    /// Seed of the factor initialisation, for reproducible models.
    public var seed: UInt64 = 42
    /// Training threads: 1 (default, leaves the other core to serving) or 2.
    public var threads: Int = 1
    /// The tuned defaults.
    public init() {}
    enum CodingKeys: String, CodingKey {
        case factors, regularization, alpha, iterations, cgSteps = "cg_steps", seed, threads
    }
    /// Missing keys keep their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self), d = Self()
        factors = try c.value(.factors, or: d.factors)
        regularization = try c.value(.regularization, or: d.regularization)
        alpha = try c.value(.alpha, or: d.alpha)
        iterations = try c.value(.iterations, or: d.iterations)
        cgSteps = try c.value(.cgSteps, or: d.cgSteps)
        seed = try c.value(.seed, or: d.seed)
        threads = try c.value(.threads, or: d.threads)
    }
}

/// Attribute (content) vectors: TF-IDF over category, brand and token features.
public struct ContentConfig: Sendable, Equatable, Codable {
    /// Longest posting list scanned per feature; very common features carry little
    /// information and would make a request O(catalogue).
    public var maxPostings: Int = 5_000
    /// Weight of a category feature (shared category is strong evidence).
    public var categoryWeight: Float = 1
    /// Weight of the brand feature.
    public var brandWeight: Float = 1
    /// Weight of each tag / title-word token (many per item, so lower).
    public var tokenWeight: Float = 0.5
    /// The tuned defaults.
    public init() {}
    enum CodingKeys: String, CodingKey {
        case maxPostings = "max_postings", categoryWeight = "category_weight"
        case brandWeight = "brand_weight", tokenWeight = "token_weight"
    }
    /// Missing keys keep their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self), d = Self()
        maxPostings = try c.value(.maxPostings, or: d.maxPostings)
        categoryWeight = try c.value(.categoryWeight, or: d.categoryWeight)
        brandWeight = try c.value(.brandWeight, or: d.brandWeight)
        tokenWeight = try c.value(.tokenWeight, or: d.tokenWeight)
    }
}

/// Retraining schedule; the engine reads these, the core never acts on them.
public struct TrainingConfig: Sendable, Equatable, Codable {
    /// Retrain at most this often.
    public var trainIntervalSeconds: Int = 3_600
    /// …and only if at least this many events arrived since the last model.
    public var trainMinNewEvents: Int = 1_000
    /// The tuned defaults.
    public init() {}
    enum CodingKeys: String, CodingKey {
        case trainIntervalSeconds = "train_interval_seconds", trainMinNewEvents = "train_min_new_events"
    }
    /// Missing keys keep their defaults.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self), d = Self()
        trainIntervalSeconds = try c.value(.trainIntervalSeconds, or: d.trainIntervalSeconds)
        trainMinNewEvents = try c.value(.trainMinNewEvents, or: d.trainMinNewEvents)
    }
}
