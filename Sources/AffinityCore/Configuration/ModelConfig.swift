/// All tunable parameters of the scoring core, mirrored one-to-one by
/// `Models/default.yaml`.
///
/// Every field has a default chosen on a validation split (see the YAML comments),
/// and decoding tolerates any subset of keys, so a deployment file only states what
/// it changes. Plain values only: the engine owns clocks and scheduling.
public struct ModelConfig: Sendable, Equatable, Codable {
    /// Interest carried by each event kind (keyed by `EventKind.rawValue`). Kinds
    /// missing here weigh `defaultEventWeight`; negative weights withdraw interest.
    public var eventWeights: [String: Float] = [
        "list_view": 0.25, "search": 0.25, "product_view": 1, "rec_impression": 0, "rec_click": 1,
        "add_to_cart": 3, "remove_from_cart": -2, "purchase": 5,
    ]
    /// Weight of kinds not listed in `eventWeights` (config-declared kinds).
    public var defaultEventWeight: Float = 1
    /// The shopper's recent history used for seeding and fold-in (events kept).
    public var history = HistoryConfig()
    /// Time decay of popularity and trending.
    public var popularity = PopularityConfig()
    /// Co-occurrence indexes.
    public var cooccurrence = CooccurrenceConfig()
    /// Implicit ALS.
    public var als = ALSConfig()
    /// Attribute vectors for cold items.
    public var content = ContentConfig()
    /// Blend weights per strategy.
    public var blend = BlendConfig()
    /// Retraining schedule (interpreted by the engine).
    public var training = TrainingConfig()

    /// The tuned defaults.
    public init() {}

    /// The weight of an event kind, `defaultEventWeight` if unlisted.
    public func weight(for kind: EventKind) -> Float {
        eventWeights[kind.rawValue] ?? defaultEventWeight
    }

    enum CodingKeys: String, CodingKey {
        case eventWeights = "event_weights", defaultEventWeight = "default_event_weight"
        case history, popularity, cooccurrence, als, content, blend, training
    }

    /// Any subset of keys; `event_weights` entries override the default table per kind.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        let d = ModelConfig()
        if let w = try c.decodeIfPresent([String: Float].self, forKey: .eventWeights) {
            eventWeights.merge(w) { $1 }
        }
        defaultEventWeight = try c.decodeIfPresent(Float.self, forKey: .defaultEventWeight) ?? d.defaultEventWeight
        history = try c.decodeIfPresent(HistoryConfig.self, forKey: .history) ?? d.history
        popularity = try c.decodeIfPresent(PopularityConfig.self, forKey: .popularity) ?? d.popularity
        cooccurrence = try c.decodeIfPresent(CooccurrenceConfig.self, forKey: .cooccurrence) ?? d.cooccurrence
        als = try c.decodeIfPresent(ALSConfig.self, forKey: .als) ?? d.als
        content = try c.decodeIfPresent(ContentConfig.self, forKey: .content) ?? d.content
        blend = try c.decodeIfPresent(BlendConfig.self, forKey: .blend) ?? d.blend
        training = try c.decodeIfPresent(TrainingConfig.self, forKey: .training) ?? d.training
    }
}
