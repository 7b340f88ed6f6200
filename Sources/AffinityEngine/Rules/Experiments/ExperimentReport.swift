/// What `GET /v1/admin/experiments/{id}` returns: per variant, what its lists were shown,
/// clicked and bought, with 95 % intervals and the lift against the control.
///
/// Counting rules (see README, "Hot reload, experiments and metrics"):
/// - an **impression** is a served list of the experiment (one per `recommendation_id`);
///   `rec_impression` events are deduplicated per list and reported separately as
///   `impression_events`, so a storefront that never sends them still gets a report;
/// - an event is **attributed** to a list when it echoes the list's `recommendation_id`
///   and occurred within the experiment's attribution window after the list was served
///   (up to ``ExperimentReport/clockSkewMillis`` earlier is tolerated for clock skew);
/// - `add_to_cart` and `purchase` events count only when at least one of their items
///   was in the list, and revenue sums `price_minor × quantity` of those items only, in
///   the item's (else the order's) currency;
/// - CTR is lists with at least one click / impressions, conversion is lists with at
///   least one attributed purchase / impressions (Wilson intervals); revenue per
///   impression is the mean revenue over all impressions (normal interval).
package struct ExperimentReport: Sendable, Encodable {
    /// Events this long before a list was served still count (client and server clocks differ).
    package static let clockSkewMillis: Int64 = 60_000

    package var experiment: String
    package var placement: String?
    package var control: String
    package var attributionWindowSeconds: Int64
    /// RFC 3339 time the report was computed.
    package var generatedAt: String
    /// Whether the experiment is in the active rules (false: only served lists remain).
    package var active: Bool
    package var variants: [VariantReport]
    /// How intervals and lifts are computed.
    package var method: String

    enum CodingKeys: String, CodingKey {
        case experiment, placement, control
        case attributionWindowSeconds = "attribution_window_seconds"
        case generatedAt = "generated_at"
        case active, variants, method
    }
}

/// One variant's numbers.
package struct VariantReport: Sendable, Encodable {
    package var variant: String
    package var impressions: Int
    /// Lists for which at least one `rec_impression` event arrived.
    package var impressionEvents: Int
    /// Attributed `rec_click` events.
    package var clicks: Int
    /// Lists with at least one attributed click (the CTR numerator).
    package var clickedLists: Int
    package var ctr: Estimate
    /// Attributed `add_to_cart` events with an item from the list.
    package var addToCarts: Int
    /// Attributed `purchase` events with an item from the list.
    package var purchases: Int
    /// Lists with at least one attributed purchase (the conversion numerator).
    package var convertedLists: Int
    package var conversion: Estimate
    /// Revenue per currency, sorted by currency code.
    package var revenue: [CurrencyRevenue]
    /// Relative lift against the control (nil for the control itself).
    package var lift: Lift?

    enum CodingKeys: String, CodingKey {
        case variant, impressions
        case impressionEvents = "impression_events"
        case clicks
        case clickedLists = "clicked_lists"
        case ctr
        case addToCarts = "add_to_carts"
        case purchases
        case convertedLists = "converted_lists"
        case conversion, revenue, lift
    }
}

/// Attributed revenue in one currency (minor units; never converted).
package struct CurrencyRevenue: Sendable, Encodable, Equatable {
    package var currency: String
    package var totalMinor: Int64
    /// Mean revenue over all the variant's impressions, in minor units.
    package var perImpression: Estimate

    enum CodingKeys: String, CodingKey {
        case currency
        case totalMinor = "total_minor"
        case perImpression = "per_impression"
    }
}

/// Relative lift `(treatment / control) − 1`; nil where the control rate is 0.
package struct Lift: Sendable, Encodable, Equatable {
    package var ctr: Estimate?
    package var conversion: Estimate?
}
