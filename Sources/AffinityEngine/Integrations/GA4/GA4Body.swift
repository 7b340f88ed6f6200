/// A GA4 Measurement Protocol body: `{"client_id" | "app_instance_id", "user_id"?,
/// "timestamp_micros"?, "consent"?, "non_personalized_ads"?, "events": [{"name",
/// "params"}]}`. The members outside `events` describe every event, so a body that
/// gets them wrong is refused as a whole (422); each event is then mapped on its own.
package struct GA4Body: Sendable, Equatable {
    /// Events per request. GA4 itself takes 25; more are accepted up to the limit of
    /// `POST /v1/events`.
    package static let maxEvents = 1000

    /// The web stream's browser id (`client_id`) or the app stream's install id
    /// (`app_instance_id`): Affinity's anonymous id either way.
    package var clientID: String?
    /// Whether ``clientID`` came from `app_instance_id`.
    package var isApp = false
    package var userID: String?
    package var timestampMicros: Int64?
    /// False when the body refuses personalisation (`consent.ad_personalization:
    /// "DENIED"` or `non_personalized_ads: true`), else nil.
    package var personalization: Bool?
    package var events: [JSONValue]

    package static func parse(_ body: JSONValue) throws(AffinityError) -> GA4Body {
        guard case .object = body else { throw .invalid("body", "the body must be a GA4 Measurement Protocol object") }
        let web = body["client_id"]?.id
        let app = body["app_instance_id"]?.id
        let user = body["user_id"]?.id
        guard web != nil || app != nil || user != nil else {
            throw AffinityError(
                .invalid, code: "missing_field", message: "client_id (or app_instance_id, or user_id) is required",
                field: "client_id")
        }
        guard let events = body["events"]?.array else {
            throw AffinityError(
                .invalid, code: "missing_field", message: "events (an array) is required", field: "events")
        }
        guard events.count <= maxEvents else {
            throw AffinityError(
                .tooLarge, code: "too_many_events",
                message: "at most \(maxEvents) events per request (got \(events.count))")
        }
        guard !events.isEmpty else { throw .invalid("events", "no events given") }
        var parsed = GA4Body(clientID: web ?? app, isApp: web == nil && app != nil, userID: user, events: events)
        parsed.timestampMicros = try micros(body["timestamp_micros"], field: "timestamp_micros")
        let denied = body["consent"]?["ad_personalization"]?.string?.uppercased() == "DENIED"
        if denied || body["non_personalized_ads"]?.bool == true { parsed.personalization = false }
        return parsed
    }

    /// A `timestamp_micros` value (a number or a numeric string, as GA4 takes both), nil
    /// when absent.
    static func micros(_ value: JSONValue?, field: String) throws(AffinityError) -> Int64? {
        guard let value, !value.isNull else { return nil }
        guard let micros = value.wholeNumber, micros >= 0 else {
            throw .invalid(field, "\(field) must be a whole number of microseconds since 1970")
        }
        return micros
    }
}
