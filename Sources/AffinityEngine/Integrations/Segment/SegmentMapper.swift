/// Maps one Segment call onto an Affinity event: `track` calls of the e-commerce spec
/// (v2, and the v1 names it aliases) by ``track(_:_:)``, `identify` and `alias` to an
/// `identify` event that only links the two ids. Everything else is ignored, with the
/// reason, never an error for the request.
package enum SegmentMapper {
    /// Prefixed to `messageId` to make the `event_id`, so a Segment id can never collide
    /// with an id a channel sends to `/v1/events` itself.
    package static let eventIDPrefix = "seg:"

    /// Where a call's time comes from, in order (Segment's corrected time first; without
    /// any, the arrival time).
    static let timeFields = ["timestamp", "originalTimestamp", "sentAt", "receivedAt"]

    /// `call` mapped; `channel` (the URL's `channel` parameter), when given, is every
    /// event's channel.
    package static func map(_ call: JSONValue, now: Int64, channel: String? = nil) -> IntegrationMapping {
        let messageID = call["messageId"]?.id
        do throws(AffinityError) {
            return IntegrationMapping(
                messageID: messageID, try outcome(call, messageID: messageID, now: now, channel: channel))
        } catch {
            return IntegrationMapping(messageID: messageID, .rejected(error))
        }
    }

    static func outcome(_ call: JSONValue, messageID: String?, now: Int64, channel: String?) throws(AffinityError)
        -> IntegrationMapping.Outcome
    {
        guard case .object = call else { throw .invalid("body", "a call must be a JSON object") }
        guard let type = call["type"]?.string else {
            throw AffinityError(.invalid, code: "missing_field", message: "type is required", field: "type")
        }
        if let reason = disabled(call["integrations"]) { return .ignored(reason) }
        var event: Event
        switch type.lowercased() {
        case "track":
            guard let name = call["event"]?.string else {
                throw AffinityError(
                    .invalid, code: "missing_field", message: "a track call needs event", field: "event")
            }
            switch try track(name, call["properties"]) {
            case .event(let mapped): event = mapped
            case let other: return other
            }
        case "identify", "alias":
            let user = call["userId"]?.id
            let anonymous = type.lowercased() == "alias" ? call["previousId"]?.id : call["anonymousId"]?.id
            guard let user, let anonymous else {
                return .ignored(
                    type.lowercased() == "alias"
                        ? "an alias without both previousId and userId links nothing"
                        : "an identify without both userId and anonymousId links nothing")
            }
            event = Event(eventID: "", type: "identify", occurredAt: "", userID: user, anonymousID: anonymous)
        case "page", "screen":
            return .ignored("\(type) calls name no product; send Product Viewed for product pages")
        default:
            return .ignored("\(type) calls are not mapped")
        }
        guard let messageID else {
            throw AffinityError(
                .invalid, code: "missing_field", message: "messageId is required (it is the idempotency key)",
                field: "messageId")
        }
        event.eventID = eventIDPrefix + messageID
        event.occurredAt = try time(call, now: now)
        if event.type != "identify" {
            event.userID = call["userId"]?.id
            event.anonymousID = call["anonymousId"]?.id
        }
        event.channel = channel ?? self.channel(call["context"]?["channel"]?.string)
        return .event(event)
    }

    /// Why `integrations` turns Affinity off for a call (`"Affinity": false`, or
    /// `"All": false` without `"Affinity": true`), else nil.
    static func disabled(_ integrations: JSONValue?) -> String? {
        guard let integrations else { return nil }
        if integrations["Affinity"]?.bool == false { return "integrations.Affinity is false" }
        if integrations["All"]?.bool == false, integrations["Affinity"]?.bool != true {
            return "integrations.All is false and integrations.Affinity is not true"
        }
        return nil
    }

    /// Affinity's channel for Segment's `context.channel`: `browser` is `web`, `mobile` is
    /// `app`; `server` (and anything else) says nothing about the storefront, so no channel.
    static func channel(_ segment: String?) -> String? {
        switch segment?.lowercased() {
        case "browser": "web"
        case "mobile": "app"
        default: nil
        }
    }

    /// The first of ``timeFields`` the call has, as RFC 3339; the arrival time when it has none.
    static func time(_ call: JSONValue, now: Int64) throws(AffinityError) -> String {
        for field in timeFields {
            guard let value = call[field], !value.isNull else { continue }
            guard let text = value.string, RFC3339.milliseconds(text) != nil else {
                throw .invalid(field, "\(field) must be an ISO 8601 timestamp such as 2026-11-27T10:15:30.000Z")
            }
            return text
        }
        return RFC3339.string(milliseconds: now)
    }
}
