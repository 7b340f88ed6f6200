/// A recommendation list as it was served, kept so that later events that echo its
/// `recommendation_id` can be attributed to the placement and experiment variant.
public struct ServedListRecord: Sendable, Equatable {
    public var recommendationID: String
    public var placement: String?
    public var experiment: String?
    public var variant: String?
    /// The shopper key the list was made for (`u:<user_id>` or `a:<anonymous_id>`), if any.
    public var shopper: String?
    public var channel: String?
    public var productIDs: [String]
    /// Milliseconds since the Unix epoch.
    public var servedAt: Int64

    public init(
        recommendationID: String, placement: String?, experiment: String?, variant: String?, shopper: String?,
        channel: String?, productIDs: [String], servedAt: Int64
    ) {
        self.recommendationID = recommendationID
        self.placement = placement
        self.experiment = experiment
        self.variant = variant
        self.shopper = shopper
        self.channel = channel
        self.productIDs = productIDs
        self.servedAt = servedAt
    }
}
