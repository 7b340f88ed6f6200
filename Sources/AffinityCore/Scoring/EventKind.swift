/// The type of a shopper interaction.
///
/// A struct wrapping the raw name rather than a closed enum, so that
/// shop-specific kinds declared in configuration (e.g. `"wishlist"`) flow through
/// the same code paths as the built-in ones; their weight comes from
/// `ModelConfig.eventWeights` like any other kind.
public struct EventKind: RawRepresentable, Hashable, Sendable, Codable, ExpressibleByStringLiteral,
    CustomStringConvertible
{
    /// The name used in the API, the event log and the configuration file.
    public let rawValue: String

    /// Wraps any kind name; unknown names are valid and weighted by configuration.
    public init(rawValue: String) { self.rawValue = rawValue }

    /// Allows `"wishlist" as EventKind` for config-declared kinds.
    public init(stringLiteral value: String) { self.rawValue = value }

    /// Decodes from a bare string so the JSON/YAML form is just the name.
    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    /// Encodes as a bare string, mirroring `init(from:)`.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(rawValue)
    }

    /// The name, for logs.
    public var description: String { rawValue }

    /// A product detail page view: weak but plentiful interest.
    public static let productView: EventKind = "product_view"
    /// An item shown in a listing the shopper looked at: weakest interest.
    public static let listView: EventKind = "list_view"
    /// Items returned for a search the shopper ran.
    public static let search: EventKind = "search"
    /// Strong intent.
    public static let addToCart: EventKind = "add_to_cart"
    /// Withdrawn intent; weighted negatively.
    public static let removeFromCart: EventKind = "remove_from_cart"
    /// The strongest signal; also feeds basket co-occurrence and buy-again.
    public static let purchase: EventKind = "purchase"
    /// We showed the item; carries no interest by itself (weight 0 by default).
    public static let recImpression: EventKind = "rec_impression"
    /// The shopper clicked one of our recommendations.
    public static let recClick: EventKind = "rec_click"

    /// The built-in kinds, in funnel order.
    public static let builtIn: [EventKind] = [
        .listView, .search, .productView, .recImpression, .recClick, .addToCart, .removeFromCart, .purchase,
    ]

    /// Whether the kind counts as "viewing" the item for `recentlyViewed` and
    /// `othersAlsoViewed`.
    public var isView: Bool { self == .productView || self == .recClick }

    /// Whether the kind counts as buying the item (buy-again, basket co-occurrence,
    /// `excludePurchased`).
    public var isPurchase: Bool { self == .purchase }
}
