/// Default blend weights for each strategy that blends several sources.
public struct BlendConfig: Sendable, Equatable, Codable {
    /// Personalised home-page list.
    public var forYou = BlendWeights(cooccurrence: 0.3, sequence: 1, vectors: 0.3, popularity: 0.05, recency: 0, content: 0.05)
    /// "Similar items" on a product page.
    public var similarItems = BlendWeights(cooccurrence: 1, sequence: 0.5, vectors: 0.5, popularity: 0.02, content: 0.3)
    /// Cart / checkout add-ons.
    public var frequentlyBoughtTogether = BlendWeights(cooccurrence: 1, sequence: 0.5, vectors: 0.1, popularity: 0.02)
    /// Re-ordering a caller-supplied candidate list.
    public var rerank = BlendWeights(cooccurrence: 0.3, sequence: 1, vectors: 0.3, popularity: 0.05, recency: 0.1, content: 0.05)
    public init() {}
    enum CodingKeys: String, CodingKey {
        case forYou = "for_you", similarItems = "similar_items"
        case frequentlyBoughtTogether = "frequently_bought_together", rerank
    }
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self), d = Self()
        forYou = try c.value(.forYou, or: d.forYou)
        similarItems = try c.value(.similarItems, or: d.similarItems)
        frequentlyBoughtTogether = try c.value(.frequentlyBoughtTogether, or: d.frequentlyBoughtTogether)
        rerank = try c.value(.rerank, or: d.rerank)
    }
}
