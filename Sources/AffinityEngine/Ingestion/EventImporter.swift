import AffinityStore
import Synchronization

/// Loads an NDJSON or CSV event file straight into the store, with the API's validation
/// and dedup. Parsing runs on the caller's thread while the previous batch commits on
/// another, so both cores work.
package struct EventImporter {
    package struct Progress: Sendable {
        package var lines: Int
        package var bytes: Int
        package var totalBytes: Int?
        package var accepted: Int
    }

    package struct Summary: Sendable, Encodable {
        package var lines = 0
        package var accepted = 0
        package var duplicates = 0
        package var rejected = 0
        /// The first rejected lines (at most ``EventImporter/maxReportedErrors``).
        package var errors: [IngestResult] = []
        package var seconds = 0.0
        package var eventsPerSecond: Double { seconds > 0 ? Double(lines) / seconds : 0 }
    }

    package static let maxReportedErrors = 20
    let engine: Engine
    package var batchSize = 10_000

    package init(engine: Engine) { self.engine = engine }

    package func run(_ reader: LineReader, progress: (Progress) -> Void) async throws -> Summary {
        let started = ContinuousClock.now
        let shared = Shared()
        // One batch is written while the next is parsed, so that the parser and the
        // writer (an fsync) overlap.
        var writing: Task<Void, Never>?
        let rules = engine.eventRules
        let now = engine.options.now()
        var csv: EventCSV?
        var fastCSV: EventCSVFastPath?
        var first = true
        var lineNumber = 0
        // Line numbers and records of the batch being parsed, side by side so that the
        // writer hands the records to the store without copying them.
        var lines: [Int] = []
        var batch: [EventRecord] = []

        func reject(_ line: Int, _ id: String?, _ error: AffinityError) {
            shared.summary.withLock { s in
                s.rejected += 1
                if s.errors.count < Self.maxReportedErrors {
                    s.errors.append(.rejected(line: line, eventID: id, error))
                }
            }
        }
        func submit(_ lines: [Int], _ records: [EventRecord]) async {
            await writing?.value
            writing = Task { [engine, shared] in
                do {
                    let outcomes = try await engine.committer.commitNow(
                        [AppendBatch(records: records, atomic: false)], apply: false)[0]
                    shared.summary.withLock { s in
                        for (index, outcome) in outcomes.enumerated() {
                            switch outcome {
                            case .accepted: s.accepted += 1
                            case .duplicate: s.duplicates += 1
                            case .conflict, .rolledBack:
                                s.rejected += 1
                                if s.errors.count < Self.maxReportedErrors {
                                    s.errors.append(
                                        .rejected(
                                            line: lines[index], eventID: records[index].eventID,
                                            AffinityError(
                                                .conflict, code: "event_id_conflict",
                                                message: "event_id was already stored with a different payload",
                                                field: "event_id")))
                                }
                            }
                        }
                    }
                } catch {
                    shared.failure.withLock { $0 = error }
                }
            }
        }

        while let line = reader.nextLine() {
            lineNumber += 1
            if line.allSatisfy({ $0 == 32 || $0 == 9 }) { continue }
            if first {
                first = false
                if line.first(where: { $0 != 32 && $0 != 9 }) != UInt8(ascii: "{") {
                    do throws(AffinityError) {
                        let header = try EventCSV(header: line)
                        csv = header
                        fastCSV = EventCSVFastPath(header)
                    } catch { throw error }
                    continue
                }
            }
            var eventID: String?
            do throws(AffinityError) {
                let event: Event
                if let csv {
                    if let fast = fastCSV?.event(line) { event = fast } else { event = try csv.event(line) }
                } else {
                    event = try EventDecoding.decodeLine(line)
                }
                eventID = event.eventID
                let (valid, millis) = try event.validated(now: now, rules: rules)
                batch.append(try engine.canonicalRecord(valid, millis))
                lines.append(lineNumber)
            } catch {
                reject(lineNumber, eventID, error)
            }
            if batch.count >= batchSize {
                await submit(lines, batch)
                lines.removeAll(keepingCapacity: true)
                batch.removeAll(keepingCapacity: true)
                if let error = shared.failure.withLock({ $0 }) { throw error }
                progress(
                    Progress(
                        lines: lineNumber, bytes: reader.bytesRead, totalBytes: reader.totalBytes,
                        accepted: shared.summary.withLock { $0.accepted }))
            }
        }
        if !batch.isEmpty { await submit(lines, batch) }
        await writing?.value
        if let error = shared.failure.withLock({ $0 }) { throw error }
        var result = shared.summary.withLock { $0 }
        result.lines = lineNumber - (csv == nil ? 0 : 1)
        result.errors.sort { ($0.line ?? 0) < ($1.line ?? 0) }
        let elapsed = ContinuousClock.now - started
        result.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        progress(
            Progress(
                lines: lineNumber, bytes: reader.bytesRead, totalBytes: reader.totalBytes, accepted: result.accepted))
        return result
    }

    /// What the parser and the writer task share.
    private final class Shared: Sendable {
        let summary = Mutex(Summary())
        let failure = Mutex<(any Error)?>(nil)
    }
}
