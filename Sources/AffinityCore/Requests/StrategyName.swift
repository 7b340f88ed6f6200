/// A strategy's name, as the API, the rules file and the CLI spell it. ``Strategy`` carries
/// the dense ids a strategy needs; this is what callers choose before ids are resolved,
/// so every layer can switch over it exhaustively instead of matching strings.
public enum StrategyName: String, Sendable, Hashable, CaseIterable, Codable {
    case forYou = "for_you"
    case similarItems = "similar_items"
    case frequentlyBoughtTogether = "frequently_bought_together"
    case othersAlsoViewed = "others_also_viewed"
    case trending
    case recentlyViewed = "recently_viewed"
    case buyAgain = "buy_again"
    case rerank
    case popular
    /// ALS vectors only: offline evaluation and diagnostics, not served by the API.
    case vectors
    /// Co-occurrence only: offline evaluation and diagnostics, not served by the API.
    case cooccurrence

    /// The strategies the recommendation API and placements serve, in documentation order.
    public static let served: [StrategyName] = [
        .forYou, .similarItems, .frequentlyBoughtTogether, .othersAlsoViewed, .trending, .recentlyViewed,
        .buyAgain, .rerank, .popular,
    ]

    /// ``served`` as a comma-separated list, for error messages.
    public static var servedList: String { served.map(\.rawValue).joined(separator: ", ") }
}

extension Strategy {
    /// The name of this strategy.
    public var name: StrategyName {
        switch self {
        case .forYou: .forYou
        case .similarItems: .similarItems
        case .frequentlyBoughtTogether: .frequentlyBoughtTogether
        case .othersAlsoViewed: .othersAlsoViewed
        case .trending: .trending
        case .recentlyViewed: .recentlyViewed
        case .buyAgain: .buyAgain
        case .rerank: .rerank
        case .popular: .popular
        case .vectors: .vectors
        case .cooccurrence: .cooccurrence
        }
    }
}
