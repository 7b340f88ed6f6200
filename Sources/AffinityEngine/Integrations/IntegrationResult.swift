/// The answer for one call of a Segment or GA4 request, in input order: which Affinity
/// event it became (`event_id`, `type`) and what became of that, or why nothing did.
package struct IntegrationResult: Sendable, Equatable, Encodable {
    package enum Status: String, Sendable, Encodable {
        case accepted, duplicate, ignored, rejected
        /// The shopper was erased: the event is not stored, now or on any replay.
        case erased
    }

    /// Position of the call in the request (`batch[i]`, `events[i]`), from 0.
    package var index: Int
    package var messageID: String?
    package var name: String?
    package var eventID: String?
    /// The Affinity event type the call was mapped to.
    package var type: String?
    package var status: Status
    /// Why an ignored call was ignored.
    package var reason: String?
    package var error: IngestResult.ErrorBody?

    enum CodingKeys: String, CodingKey {
        case index
        case messageID = "message_id"
        case name
        case eventID = "event_id"
        case type, status, reason, error
    }
}

/// Totals and per-call results of a Segment or GA4 request.
package struct IntegrationSummary: Sendable, Encodable {
    package var accepted = 0
    package var duplicates = 0
    package var ignored = 0
    package var rejected = 0
    /// Events of erased shoppers, not stored (shown only when there are some).
    package var erased = 0
    package var results: [IntegrationResult] = []

    package init() {}

    enum CodingKeys: String, CodingKey {
        case accepted, duplicates, ignored, rejected, erased, results
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(accepted, forKey: .accepted)
        try c.encode(duplicates, forKey: .duplicates)
        try c.encode(ignored, forKey: .ignored)
        try c.encode(rejected, forKey: .rejected)
        if erased > 0 { try c.encode(erased, forKey: .erased) }
        try c.encode(results, forKey: .results)
    }

    mutating func add(_ result: IntegrationResult) {
        switch result.status {
        case .accepted: accepted += 1
        case .duplicate: duplicates += 1
        case .ignored: ignored += 1
        case .rejected: rejected += 1
        case .erased: erased += 1
        }
        results.append(result)
    }
}
