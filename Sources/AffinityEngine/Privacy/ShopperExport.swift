import AffinityStore

/// What `GET /v1/users/{user_id}/export` answers besides the events (which are streamed):
/// the identity links, consent, carts, orders and any erasure.
package struct ShopperExportHead: Sendable, Encodable {
    package var userID: String
    /// The stored consent to personalisation (nil: never set; events may carry their own).
    package var personalization: Bool?
    package var anonymousIDs: [String]
    package var carts: [Cart]
    package var orders: [Order]
    package var erasure: ErasureStatus?

    enum CodingKeys: String, CodingKey {
        case userID = "user_id"
        case consent
        case anonymousIDs = "anonymous_ids"
        case carts, orders, erasure
    }

    enum ConsentKeys: String, CodingKey { case personalization }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(userID, forKey: .userID)
        var consent = c.nestedContainer(keyedBy: ConsentKeys.self, forKey: .consent)
        try consent.encode(personalization, forKey: .personalization)
        try c.encode(anonymousIDs, forKey: .anonymousIDs)
        try c.encode(carts, forKey: .carts)
        try c.encode(orders, forKey: .orders)
        try c.encode(erasure, forKey: .erasure)
    }
}

/// An erasure job as the API shows it.
package struct ErasureStatus: Sendable, Encodable, Equatable {
    package var userID: String
    package var jobID: String
    /// `erasing` (the store is erased; the in-memory indexes are being rebuilt from the
    /// log), `retraining` (rebuilt; the ALS model is being retrained without the user),
    /// `completed`.
    package var state: String
    package var requestedAt: String
    package var completedAt: String?
    package var eventsDeleted: Int
    package var anonymousIDs: Int

    enum CodingKeys: String, CodingKey {
        case userID = "user_id"
        case jobID = "job_id"
        case state
        case requestedAt = "requested_at"
        case completedAt = "completed_at"
        case eventsDeleted = "events_deleted"
        case anonymousIDs = "anonymous_ids_erased"
    }

    init(_ record: ErasureRecord) {
        userID = record.userID
        jobID = record.jobID
        state = record.state
        requestedAt = RFC3339.string(milliseconds: record.requestedAt)
        completedAt = record.completedAt.map(RFC3339.string(milliseconds:))
        eventsDeleted = record.eventsDeleted
        anonymousIDs = record.anonymousIDs
    }
}
