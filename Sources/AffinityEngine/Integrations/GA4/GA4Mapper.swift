import Crypto
import Foundation

/// Maps one GA4 recommended e-commerce event onto an Affinity event. Names Affinity has
/// no use for are ignored with the reason, never an error for the request.
package enum GA4Mapper {
    /// What an event's params carry.
    enum Shape {
        /// `params.items[]`.
        case items
        /// `params.search_term`.
        case search
        /// `params.items[]` plus `transaction_id`, `value`, `currency`.
        case purchase
        /// Nothing: the event only links `client_id` to `user_id`.
        case link
    }

    static let events: [String: (type: String, shape: Shape)] = [
        "view_item": ("product_view", .items), "select_item": ("product_view", .items),
        "view_item_list": ("list_view", .items), "view_cart": ("list_view", .items),
        "add_to_cart": ("add_to_cart", .items), "remove_from_cart": ("remove_from_cart", .items),
        "search": ("search", .search), "view_search_results": ("search", .search),
        "purchase": ("purchase", .purchase), "login": ("identify", .link), "sign_up": ("identify", .link),
        // The items about to be bought: stored and counted as a list view of them.
        "begin_checkout": ("list_view", .items),
    ]

    /// Names that are deliberately not mapped, with the reason given back.
    static let unmapped: [String: String] = [:]

    /// Event `index` of `body` mapped; `channel` (the URL's `channel` parameter), when
    /// given, is the event's channel, else `web` for a `client_id`, `app` for an
    /// `app_instance_id`.
    package static func map(_ value: JSONValue, index: Int, body: GA4Body, now: Int64, channel: String? = nil)
        -> IntegrationMapping
    {
        let name = value["name"]?.string
        do throws(AffinityError) {
            return IntegrationMapping(
                name: name, try outcome(value, index: index, body: body, now: now, channel: channel))
        } catch {
            return IntegrationMapping(name: name, .rejected(error))
        }
    }

    static func outcome(_ value: JSONValue, index: Int, body: GA4Body, now: Int64, channel: String?)
        throws(AffinityError) -> IntegrationMapping.Outcome
    {
        guard case .object = value else { throw .invalid("events[\(index)]", "an event must be a JSON object") }
        guard let name = value["name"]?.string else {
            throw AffinityError(.invalid, code: "missing_field", message: "name is required", field: "name")
        }
        guard let (type, shape) = events[name] else {
            return .ignored(unmapped[name] ?? "no Affinity mapping for GA4 event '\(name)'")
        }
        let params = value["params"] ?? .object([:])
        guard case .object = params else { throw .invalid("params", "params must be an object") }
        var micros = try GA4Body.micros(value["timestamp_micros"], field: "timestamp_micros")
        if micros == nil { micros = try GA4Body.micros(params["timestamp_micros"], field: "params.timestamp_micros") }
        let time = micros ?? body.timestampMicros ?? now * 1000
        // GA4 deduplicates purchases by transaction_id: so does Affinity, whatever the time.
        let transaction = shape == .purchase ? params["transaction_id"]?.id : nil
        var event = Event(
            eventID: transaction.map(purchaseEventID)
                ?? eventID(body: body, micros: time, index: index, name: name, params: params), type: type,
            occurredAt: RFC3339.string(milliseconds: time / 1000),
            channel: channel ?? (body.clientID == nil ? nil : body.isApp ? "app" : "web"), userID: body.userID,
            anonymousID: body.clientID, sessionID: params["session_id"]?.id,
            recommendationID: params["recommendation_id"]?.id)
        if let personalization = body.personalization { event.consent = Consent(personalization: personalization) }
        let currency = params["currency"]?.string
        switch shape {
        case .link:
            guard body.userID != nil, body.clientID != nil else {
                return .ignored("\(name) without both client_id and user_id links nothing")
            }
        case .search:
            event.query = params["search_term"]?.string
        case .items, .purchase:
            event.items = try ProductFields.ga4.items(params["items"], field: "params.items", currency: currency)
            if type == "list_view", event.items?.isEmpty != false { return .ignored("\(name) lists no items") }
        }
        // A selection from a list Affinity served is a click on the recommendation.
        if name == "select_item",
            event.recommendationID != nil || event.items?.contains(where: \.hasRecommendation) == true
        {
            event.type = "rec_click"
        }
        if shape == .purchase, let id = params["transaction_id"]?.id {
            var order = EventOrder(orderID: id, currency: currency)
            if let value = params["value"], !value.isNull {
                order.revenueMinor = try CurrencyMinorUnits.minor(value, currency: currency, field: "params.value")
            }
            event.order = order
        }
        return .event(event)
    }

    /// GA4 sends no message id, so the `event_id` is derived from what identifies the
    /// event — `ga4:` and the first 32 hex digits of SHA-256 over the client, user, time,
    /// position in the body, name and params (canonical JSON) — and a replayed body is a
    /// duplicate. (Without `timestamp_micros` the time is the arrival time, so a resend
    /// counts again, as it would in GA4.)
    /// A purchase's `event_id`: `ga4:purchase:` and the first 32 hex digits of SHA-256 of
    /// its `transaction_id`, so a resent purchase is never a second one (GA4 itself
    /// deduplicates purchases by `transaction_id`).
    static func purchaseEventID(_ transaction: String) -> String {
        "ga4:purchase:" + String(Hex.string(SHA256.hash(data: Array(transaction.utf8))).prefix(32))
    }

    static func eventID(body: GA4Body, micros: Int64, index: Int, name: String, params: JSONValue) -> String {
        let identity: JSONValue = .array([
            body.clientID.map(JSONValue.string) ?? .null, body.userID.map(JSONValue.string) ?? .null,
            .string(String(micros)), .number(Double(index)), .string(name), params,
        ])
        let bytes = (try? EventCanonicalForm.encoder.encode(identity)) ?? Data()
        return "ga4:" + String(Hex.string(SHA256.hash(data: bytes)).prefix(32))
    }
}

extension EventItem {
    fileprivate var hasRecommendation: Bool { recommendationID != nil }
}
