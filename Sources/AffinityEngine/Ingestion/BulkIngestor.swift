import AffinityStore

/// Collects the lines of one NDJSON upload and commits them in batches of
/// ``batchSize``; each line gets its own result. Not shared between tasks.
package struct BulkIngestor: ~Copyable {
    let engine: Engine
    var pending: [(line: Int, record: EventRecord)] = []
    package private(set) var summary = IngestSummary()
    package var batchSize = 1000
    private var lineNumber = 0

    init(engine: Engine) { self.engine = engine }

    /// Adds the next line (without its newline). Blank lines are skipped but counted.
    package mutating func add(line bytes: some Collection<UInt8>) async throws(AffinityError) {
        lineNumber += 1
        if bytes.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { return }
        var eventID: String?
        var eventType: String?
        do throws(AffinityError) {
            let event = try EventDecoding.decodeLine(bytes)
            eventID = event.eventID
            eventType = event.type
            let (valid, millis) = try event.validated(now: engine.options.now(), rules: engine.eventRules)
            pending.append((lineNumber, try engine.canonicalRecord(valid, millis)))
        } catch {
            engine.metrics.ingested(type: engine.typeLabel(eventType ?? ""), outcome: "rejected")
            summary.add(.rejected(line: lineNumber, eventID: eventID, error))
        }
        if pending.count >= batchSize { try await flush() }
    }

    /// Commits what is pending. Call once more at the end of the upload.
    package mutating func flush() async throws(AffinityError) {
        guard !pending.isEmpty else { return }
        let outcomes = try await engine.commit(AppendBatch(records: pending.map(\.record), atomic: false))
        for ((line, record), outcome) in zip(pending, outcomes) {
            switch outcome {
            case .accepted: summary.add(IngestResult(line: line, eventID: record.eventID, status: .accepted))
            case .duplicate: summary.add(IngestResult(line: line, eventID: record.eventID, status: .duplicate))
            case .erased: summary.add(IngestResult(line: line, eventID: record.eventID, status: .erased))
            case .conflict, .rolledBack:
                summary.add(
                    .rejected(
                        line: line, eventID: record.eventID,
                        AffinityError(
                            .conflict, code: "event_id_conflict",
                            message: "event_id '\(record.eventID)' was already stored with a different payload",
                            field: "event_id")))
            }
        }
        pending.removeAll(keepingCapacity: true)
    }

    /// Results in line order.
    package consuming func finish() async throws(AffinityError) -> IngestSummary {
        try await flush()
        summary.results.sort { ($0.line ?? 0) < ($1.line ?? 0) }
        return summary
    }
}
