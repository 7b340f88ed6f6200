/// A recommendation list as it was served, kept so that later events that echo its
/// `recommendation_id` can be attributed to the placement and experiment variant.
package struct ServedListRecord: Sendable, Equatable {
    package var recommendationID: String
    package var placement: String?
    package var experiment: String?
    package var variant: String?
    /// The shopper key the list was made for (`u:<user_id>` or `a:<anonymous_id>`), if any.
    package var shopper: String?
    package var channel: String?
    package var productIDs: [String]
    /// Milliseconds since the Unix epoch.
    package var servedAt: Int64

    package init(
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
