/// One validated event as the store keeps it.
///
/// The engine validates and canonicalises the wire event before it becomes a record,
/// so the store never interprets `payload`: it only needs the columns that replay and
/// statistics read without decoding JSON.
public struct EventRecord: Sendable, Equatable {
    /// Position in the log; `0` until the store assigns one at commit.
    public var sequence: Int64
    /// The idempotency key supplied by the sender.
    public var eventID: String
    public var type: String
    /// Milliseconds since the Unix epoch.
    public var occurredAt: Int64
    public var channel: String?
    public var userID: String?
    public var anonymousID: String?
    public var sessionID: String?
    /// Product ids of the event's items, in order (kept as a column so replay does not
    /// decode the payload).
    public var productIDs: [String]
    /// Whether the shopper allowed personalisation (events with `false` are stored for
    /// analytics but never applied to the recommendation model).
    public var personalization: Bool
    /// Canonical JSON of the whole event (sorted keys), as accepted.
    public var payload: String
    /// Hash of `payload`; equal hashes on the same `event_id` make a replay a no-op.
    public var payloadHash: Int64

    public init(
        sequence: Int64 = 0, eventID: String, type: String, occurredAt: Int64,
        channel: String?, userID: String?, anonymousID: String?, sessionID: String?,
        productIDs: [String], personalization: Bool, payload: String, payloadHash: Int64
    ) {
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
public enum AppendOutcome: Sendable, Equatable {
    /// Newly committed at this log position.
    case accepted(sequence: Int64)
    /// The same `event_id` with the same payload was already stored: a no-op.
    case duplicate
    /// The same `event_id` was stored with a different payload; nothing was written.
    case conflict
    /// Not written because another record of the same atomic batch was a conflict.
    case rolledBack
}

/// Records that are committed together: an atomic batch is all-or-nothing (a conflict
/// in it rolls the whole batch back), a non-atomic one commits every line it can.
public struct AppendBatch: Sendable {
    public var records: [EventRecord]
    public var atomic: Bool

    public init(records: [EventRecord], atomic: Bool) {
        self.records = records
        self.atomic = atomic
    }
}
