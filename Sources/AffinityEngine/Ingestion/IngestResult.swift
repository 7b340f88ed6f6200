/// The answer for one event.
package struct IngestResult: Sendable, Equatable, Encodable {
    package enum Status: String, Sendable, Encodable {
        case accepted, duplicate, rejected
        /// The shopper was erased: the event is not stored, now or on any replay.
        case erased
    }

    /// Line number in a bulk upload (1-based), absent for JSON requests.
    package var line: Int?
    package var eventID: String?
    package var status: Status
    package var error: ErrorBody?

    /// The API's error object.
    package struct ErrorBody: Sendable, Equatable, Encodable {
        package var code: String
        package var message: String
        package var field: String?
    }

    enum CodingKeys: String, CodingKey {
        case line
        case eventID = "event_id"
        case status, error
    }

    static func rejected(line: Int?, eventID: String?, _ error: AffinityError) -> IngestResult {
        IngestResult(
            line: line, eventID: eventID, status: .rejected,
            error: ErrorBody(code: error.code, message: error.message, field: error.field))
    }
}

/// Totals and per-event results of an ingestion call.
package struct IngestSummary: Sendable, Encodable {
    package var accepted = 0
    package var duplicates = 0
    package var rejected = 0
    /// Events of erased shoppers, not stored (shown only when there are some).
    package var erased = 0
    package var results: [IngestResult] = []

    package init() {}

    enum CodingKeys: String, CodingKey {
        case accepted, duplicates, rejected, erased, results
    }

    package func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(accepted, forKey: .accepted)
        try c.encode(duplicates, forKey: .duplicates)
        try c.encode(rejected, forKey: .rejected)
        if erased > 0 { try c.encode(erased, forKey: .erased) }
        try c.encode(results, forKey: .results)
    }

    mutating func add(_ result: IngestResult) {
        switch result.status {
        case .accepted: accepted += 1
        case .duplicate: duplicates += 1
        case .rejected: rejected += 1
        case .erased: erased += 1
        }
        results.append(result)
    }
}
