import CoreMetrics
import Foundation

extension Engine {
    /// Ingests a Segment HTTP Tracking API body (one call or a batch) call by call: each
    /// call gets its own result, and one that is ignored, invalid or conflicting never
    /// stops the others. 400 for a body that is not JSON, 413 beyond 1,000 calls.
    package func ingestSegment(_ body: some Collection<UInt8>, channel: String? = nil) async throws(AffinityError)
        -> IntegrationSummary
    {
        try requireReady()
        let calls = try SegmentBody.calls(in: try EventDecoding.decode(JSONValue.self, from: body))
        let now = options.now()
        return try await ingest(mapped: calls.map { SegmentMapper.map($0, now: now, channel: channel) }, from: .segment)
    }

    /// Ingests a GA4 Measurement Protocol body event by event, as ``ingestSegment(_:channel:)``
    /// does calls; a body whose shared members (`client_id`, `events`) are wrong is a 422.
    package func ingestGA4(_ body: some Collection<UInt8>, channel: String? = nil) async throws(AffinityError)
        -> IntegrationSummary
    {
        try requireReady()
        let parsed = try GA4Body.parse(try EventDecoding.decode(JSONValue.self, from: body))
        let now = options.now()
        let mappings = parsed.events.enumerated().map { index, event in
            GA4Mapper.map(event, index: index, body: parsed, now: now, channel: channel)
        }
        return try await ingest(mapped: mappings, from: .ga4)
    }

    /// Ingests mapped calls through the bulk ingestor, one NDJSON line per mapped event:
    /// the same decoding, validation, consent handling, group commit and per-event
    /// outcome (duplicate, `event_id_conflict`, erased) as `/v1/events/bulk`, written once.
    /// Results come back in input order, ignored and unmappable calls in their place.
    /// Each call's outcome is counted in `affinity_integration_calls_total{source,outcome}`
    /// (the mapped events are also counted as events, by type, like any other).
    func ingest(mapped mappings: [IntegrationMapping], from source: IntegrationSource) async throws(AffinityError)
        -> IntegrationSummary
    {
        var results = mappings.enumerated().map { index, mapping in
            IntegrationResult(
                index: index, messageID: mapping.messageID, name: mapping.name, eventID: mapping.event?.eventID,
                type: mapping.event?.type, status: .ignored)
        }
        var ingestor = try bulkIngestor()
        /// The call behind each line given to the ingestor (lines count from 1).
        var callOfLine: [Int] = []
        for (index, mapping) in mappings.enumerated() {
            switch mapping.outcome {
            case .ignored(let reason):
                results[index].reason = reason
            case .rejected(let error):
                results[index].status = .rejected
                results[index].error = IngestResult.ErrorBody(
                    code: error.code, message: error.message, field: error.field)
            case .event(let event):
                guard let line = try? EventCanonicalForm.encoder.encode(event) else {
                    results[index].status = .rejected
                    results[index].error = IngestResult.ErrorBody(
                        code: "invalid_field", message: "the mapped event could not be encoded", field: nil)
                    continue
                }
                callOfLine.append(index)
                try await ingestor.add(line: line)
            }
        }
        for result in try await ingestor.finish().results {
            guard let line = result.line, line >= 1, line <= callOfLine.count else { continue }
            let index = callOfLine[line - 1]
            results[index].status = IntegrationResult.Status(result.status)
            results[index].error = result.error
        }
        var summary = IntegrationSummary()
        for result in results {
            summary.add(result)
            metrics.counter(
                "affinity_integration_calls_total", [("source", source.rawValue), ("outcome", result.status.rawValue)]
            ).increment()
        }
        return summary
    }
}

extension IntegrationResult.Status {
    init(_ status: IngestResult.Status) {
        switch status {
        case .accepted: self = .accepted
        case .duplicate: self = .duplicate
        case .rejected: self = .rejected
        case .erased: self = .erased
        }
    }
}
