/// One validated event as the store keeps it.
///
/// The engine validates and canonicalises the wire event before it becomes a record,
/// so the store never interprets `payload`: it only needs the columns that replay and
/// statistics read without decoding JSON.
package struct EventRecord: Sendable, Equatable {
    /// Position in the log; `0` until the store assigns one at commit.
    package var sequence: Int64
    /// The idempotency key supplied by the sender.
    package var eventID: String
    package var type: String
    /// Milliseconds since the Unix epoch.
    package var occurredAt: Int64
    package var channel: String?
    package var userID: String?
    package var anonymousID: String?
    package var sessionID: String?
    /// Product ids of the event's items, in order (kept as a column so replay does not
    /// decode the payload).
    package var productIDs: [String]
    /// Whether the shopper allowed personalisation (events with `false` are stored for
    /// analytics but never applied to the recommendation model).
    package var personalization: Bool
    /// Canonical JSON of the whole event (sorted keys), as accepted.
    package var payload: String
    /// Hash of `payload`; equal hashes on the same `event_id` make a replay a no-op.
    package var payloadHash: Int64
    /// The lines experiment reports attribute to served lists, indexed by the store in
    /// the same transaction as the event (empty for events that echo no list). Written
    /// only; `events(after:limit:)` does not return them.
    package var attributions: [AttributionLine]

    package init(
        sequence: Int64 = 0, eventID: String, type: String, occurredAt: Int64,
        channel: String?, userID: String?, anonymousID: String?, sessionID: String?,
        productIDs: [String], personalization: Bool, payload: String, payloadHash: Int64,
        attributions: [AttributionLine] = []
    ) {
        self.attributions = attributions
        self.sequence = sequence
        self.eventID = eventID
        self.type = type
        self.occurredAt = occurredAt
        self.channel = channel
        self.userID = userID
        self.anonymousID = anonymousID
        self.sessionID = sessionID
        self.productIDs = productIDs
        self.personalization = personalization
        self.payload = payload
        self.payloadHash = payloadHash
    }
}

/// What happened to one record handed to ``EventStore/append(_:)``.
package enum AppendOutcome: Sendable, Equatable {
    /// Newly committed at this log position.
    case accepted(sequence: Int64)
    /// The same `event_id` with the same payload was already stored: a no-op.
    case duplicate
    /// The same `event_id` was stored with a different payload; nothing was written.
    case conflict
    /// Not written because another record of the same atomic batch was a conflict.
    case rolledBack
    /// Not written: the event belongs to an erased shopper (its user or anonymous id, or
    /// its event id, is tombstoned), so replaying or re-importing it changes nothing.
    case erased
}

/// Records that are committed together: an atomic batch is all-or-nothing (a conflict
/// in it rolls the whole batch back), a non-atomic one commits every line it can.
package struct AppendBatch: Sendable {
    package var records: [EventRecord]
    package var atomic: Bool

    package init(records: [EventRecord], atomic: Bool) {
        self.records = records
        self.atomic = atomic
    }
}
