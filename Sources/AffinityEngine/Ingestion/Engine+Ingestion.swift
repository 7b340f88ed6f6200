import AffinityStore
import Logging
import Synchronization

extension Engine {
    /// Ingests the events of one `POST /v1/events` request atomically: any invalid event
    /// rejects the whole request (422 naming `events[i].field`), and an `event_id` that
    /// was stored with a different payload rejects it with 409. Nothing is stored then.
    package func ingest(_ events: [Event], batched: Bool) async throws(AffinityError) -> IngestSummary {
        try requireReady()
        guard events.count <= 1000 else {
            throw AffinityError(
                .tooLarge, code: "too_many_events", message: "at most 1000 events per request; use /v1/events/bulk")
        }
        guard !events.isEmpty else { throw .invalid("events", "no events given") }
        let now = options.now()
        var records: [EventRecord] = []
        for (index, event) in events.enumerated() {
            do {
                let (valid, millis) = try event.validated(now: now, rules: eventRules)
                records.append(try canonicalRecord(valid, millis))
            } catch {
                for event in events { metrics.ingested(type: typeLabel(event.type), outcome: "rejected") }
                throw batched ? error.prefixed("events[\(index)]") : error
            }
        }
        let outcomes = try await commit(AppendBatch(records: records, atomic: true))
        if let conflicted = outcomes.firstIndex(of: .conflict) {
            let id = records[conflicted].eventID
            throw AffinityError(
                .conflict, code: "event_id_conflict",
                message:
                    "event_id '\(id)' was already stored with a different payload; nothing in this request was stored",
                field: batched ? "events[\(conflicted)].event_id" : "event_id")
        }
        var summary = IngestSummary()
        for (record, outcome) in zip(records, outcomes) {
            let status: IngestResult.Status
            switch outcome {
            case .duplicate: status = .duplicate
            case .erased: status = .erased
            default: status = .accepted
            }
            summary.add(IngestResult(line: nil, eventID: record.eventID, status: status))
        }
        return summary
    }

    /// Commits a batch through group commit, mapping store failures to a 503 (the write
    /// was not acknowledged, so the caller may retry with the same event ids).
    func commit(_ batch: AppendBatch) async throws(AffinityError) -> [AppendOutcome] {
        do {
            let outcomes = try await committer.commit(batch)
            // Counted per label pair, not per event: one counter lookup for a whole batch.
            var counts: [String: [String: Int]] = [:]
            for (record, outcome) in zip(batch.records, outcomes) {
                let label: String
                switch outcome {
                case .accepted: label = "accepted"
                case .duplicate: label = "duplicate"
                case .erased: label = "erased"
                case .conflict, .rolledBack: label = "rejected"
                }
                counts[record.type, default: [:]][label, default: 0] += 1
            }
            for (type, byOutcome) in counts {
                for (outcome, count) in byOutcome {
                    metrics.ingested(type: typeLabel(type), outcome: outcome, count: count)
                }
            }
            return outcomes
        } catch {
            logger.error("commit failed", metadata: ["error": "\(error)"])
            throw AffinityError(
                .unavailable, code: "store_unavailable", message: "the event could not be stored; retry")
        }
    }

    /// `type` as a metrics label: one of the accepted types, else `other` (a rejected
    /// event's type is whatever the client sent and must not become a label value).
    func typeLabel(_ type: String) -> String {
        eventRules.types.contains(type) ? type : "other"
    }

    func canonicalRecord(_ event: Event, _ millis: Int64) throws(AffinityError) -> EventRecord {
        do {
            var record = try EventCanonicalForm.record(event, occurredAt: millis)
            // A user who withdrew consent (`PUT /v1/users/{id}/consent`) is not personalised
            // by later events, whatever they carry.
            // So is what the anonymous ids now linked to them do (a device they logged in on).
            let refused = withoutConsent.withLock { $0 }
            if record.personalization, !refused.isEmpty {
                if let user = record.userID {
                    if refused.contains(user) { record.personalization = false }
                } else if let anonymous = record.anonymousID,
                    let owner = state.withLock({ $0.linkedUser(ofAnonymous: anonymous) }), refused.contains(owner)
                {
                    record.personalization = false
                }
            }
            return record
        } catch {
            throw .invalid("body", "the event could not be encoded: \(error)")
        }
    }

    /// A streaming NDJSON upload: lines are validated as they arrive and committed in
    /// batches; bad lines are reported and never block good ones.
    package func bulkIngestor() throws(AffinityError) -> BulkIngestor {
        try requireReady()
        return BulkIngestor(engine: self)
    }
}
