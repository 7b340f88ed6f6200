/// The answer for one event.
public struct IngestResult: Sendable, Equatable, Encodable {
    public enum Status: String, Sendable, Encodable {
        case accepted, duplicate, rejected
    }

    /// Line number in a bulk upload (1-based), absent for JSON requests.
    public var line: Int?
    public var eventID: String?
    public var status: Status
    public var error: ErrorBody?

    /// The API's error object.
    public struct ErrorBody: Sendable, Equatable, Encodable {
        public var code: String
        public var message: String
        public var field: String?
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
public struct IngestSummary: Sendable, Encodable {
    public var accepted = 0
    public var duplicates = 0
    public var rejected = 0
    public var results: [IngestResult] = []

    public init() {}

    mutating func add(_ result: IngestResult) {
        switch result.status {
        case .accepted: accepted += 1
        case .duplicate: duplicates += 1
        case .rejected: rejected += 1
        }
        results.append(result)
    }
}
