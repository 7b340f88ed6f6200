/// How much each evidence source contributes to a strategy's final score.
///
/// Every source is first scaled to [0, 1] by its maximum over the request's
/// candidates, so these weights are comparable across sources and shops and do not
/// need retuning when a catalogue grows. A weight of 0 switches the source off
/// (and skips its computation).
public struct BlendWeights: Sendable, Equatable, Codable {
    /// Symmetric item-item co-occurrence over the shopper's recency-weighted history.
    public var cooccurrence: Float
    /// Directional, distance-weighted co-occurrence: what shoppers do next after the
    /// shopper's most recent items.
    public var sequence: Float
    /// ALS latent-factor affinity (user vector folded in from recent history).
    public var vectors: Float
    /// Time-decayed popularity; also the tie-breaker and the fill when evidence is thin.
    public var popularity: Float
    /// The shopper's own recent interactions (re-engagement with seen items).
    public var recency: Float
    /// Attribute (category/brand/token) similarity, which reaches cold items.
    public var content: Float

    /// Creates weights; omitted sources are off.
    public init(
        cooccurrence: Float = 0, sequence: Float = 0, vectors: Float = 0, popularity: Float = 0,
        recency: Float = 0, content: Float = 0
    ) {
        self.cooccurrence = cooccurrence
        self.sequence = sequence
        self.vectors = vectors
        self.popularity = popularity
        self.recency = recency
        self.content = content
    }

    /// `(1 − t)·self + t·other`, per source.
    public func interpolated(to other: BlendWeights, _ t: Float) -> BlendWeights {
        func mix(_ a: Float, _ b: Float) -> Float { a + (b - a) * t }
        return BlendWeights(
            cooccurrence: mix(cooccurrence, other.cooccurrence), sequence: mix(sequence, other.sequence),
            vectors: mix(vectors, other.vectors), popularity: mix(popularity, other.popularity),
            recency: mix(recency, other.recency), content: mix(content, other.content))
    }

    enum CodingKeys: String, CodingKey {
        case cooccurrence, sequence, vectors, popularity, recency, content
    }

    /// Missing keys mean 0 (off), so a YAML override lists only what it uses.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        cooccurrence = try c.decodeIfPresent(Float.self, forKey: .cooccurrence) ?? 0
        sequence = try c.decodeIfPresent(Float.self, forKey: .sequence) ?? 0
        vectors = try c.decodeIfPresent(Float.self, forKey: .vectors) ?? 0
        popularity = try c.decodeIfPresent(Float.self, forKey: .popularity) ?? 0
        recency = try c.decodeIfPresent(Float.self, forKey: .recency) ?? 0
        content = try c.decodeIfPresent(Float.self, forKey: .content) ?? 0
    }
}
