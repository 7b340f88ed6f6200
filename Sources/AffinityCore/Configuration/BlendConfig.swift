/// Default blend weights for each strategy that blends several sources.
public struct BlendConfig: Sendable, Equatable, Codable {
    /// Personalised home-page list.
    public var forYou = BlendWeights(
        cooccurrence: 1, sequence: 0.8, vectors: 1, popularity: 0.5, recency: 0, content: 0.05)
    /// Personalised list for a shopper returning after a break (no recent session):
    /// "what comes next" is stale, current popularity and long-term taste matter more.
    /// The effective for-you blend moves from `forYou` to this one as the gap since the
    /// shopper's last event grows (`HistoryConfig.sessionHalfLifeSeconds`).
    public var forYouReturning = BlendWeights(
        cooccurrence: 0.5, sequence: 0.2, vectors: 0.5, popularity: 1.5, recency: 0, content: 0.05)
    /// "Similar items" on a product page.
    public var similarItems = BlendWeights(cooccurrence: 1, sequence: 0.5, vectors: 0.5, popularity: 0.02, content: 0.3)
    /// Cart / checkout add-ons.
    public var frequentlyBoughtTogether = BlendWeights(cooccurrence: 1, sequence: 0.5, vectors: 0.1, popularity: 0.02)
    /// Re-ordering a caller-supplied candidate list.
    public var rerank = BlendWeights(
        cooccurrence: 1, sequence: 0.8, vectors: 1, popularity: 0.5, recency: 0.1, content: 0.05)
    /// Whether training also re-tunes `forYou` / `forYouReturning` on a holdout cut
    /// from the shop's own history (`BlendTuner`): the defaults were tuned on one
    /// dataset, and which source predicts best differs a lot between shops.
    public var autoTune = true
    /// Most shoppers whose last interaction is held out per tuning run (cost bound).
    public var autoTuneMaxShoppers = 2_000
    /// The tuned defaults.
    public init() {}
    enum CodingKeys: String, CodingKey {
        case forYou = "for_you", forYouReturning = "for_you_returning", similarItems = "similar_items"
        case frequentlyBoughtTogether = "frequently_bought_together", rerank
        case autoTune = "auto_tune", autoTuneMaxShoppers = "auto_tune_max_shoppers"
    }
    /// Missing strategies keep their defaults; a listed strategy states all its sources.
    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self), d = Self()
        forYou = try c.value(.forYou, or: d.forYou)
        forYouReturning = try c.value(.forYouReturning, or: d.forYouReturning)
        similarItems = try c.value(.similarItems, or: d.similarItems)
        frequentlyBoughtTogether = try c.value(.frequentlyBoughtTogether, or: d.frequentlyBoughtTogether)
        rerank = try c.value(.rerank, or: d.rerank)
        autoTune = try c.value(.autoTune, or: d.autoTune)
        autoTuneMaxShoppers = try c.value(.autoTuneMaxShoppers, or: d.autoTuneMaxShoppers)
    }
}
