import AffinityStore
import Synchronization

/// Loads an NDJSON or CSV event file straight into the store, with the API's validation
/// and dedup. Parsing runs on the caller's thread while the previous batch commits on
/// another, so both cores work.
package struct EventImporter {
    /// How far an import is; reported every ``progressInterval`` lines and at the end.
    package struct Progress: Sendable {
        /// Lines parsed so far.
        package var lines: Int
        /// Bytes of the input parsed so far (not merely buffered), so that against
        /// ``totalBytes`` it measures the work done; exact at the end.
        package var bytes: Int
        /// The file's size, when the input is a regular file.
        package var totalBytes: Int?
        package var accepted: Int

        package init(lines: Int, bytes: Int, totalBytes: Int?, accepted: Int) {
            self.lines = lines
            self.bytes = bytes
            self.totalBytes = totalBytes
            self.accepted = accepted
        }

        /// The parsed share of the file (0...1), when its size is known.
        package var fraction: Double? {
            guard let totalBytes else { return nil }
            return totalBytes > 0 ? min(1, Double(bytes) / Double(totalBytes)) : 1
        }
    }

    /// Lines between two progress reports (cheap: a display only stores the latest).
    package static let progressInterval = 1024

    package struct Summary: Sendable, Encodable {
        package var lines = 0
        package var accepted = 0
        package var duplicates = 0
        package var rejected = 0
        /// Lines of erased shoppers, not stored.
        package var erased = 0
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
        await engine.leaveDemo()
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
                            case .erased: s.erased += 1
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

        // Bytes of the lines handed out so far: each line plus its `\n` (a stripped `\r`
        // is not seen, so this can trail the file a little until the final report).
        var parsedBytes = 0
        func report(accepted: Int) {
            progress(
                Progress(
                    lines: lineNumber, bytes: min(parsedBytes, reader.bytesRead), totalBytes: reader.totalBytes,
                    accepted: accepted))
        }

        while let line = reader.nextLine() {
            lineNumber += 1
            parsedBytes += line.count + 1
            if lineNumber % Self.progressInterval == 0 { report(accepted: shared.summary.withLock { $0.accepted }) }
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
                report(accepted: shared.summary.withLock { $0.accepted })
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
        parsedBytes = reader.bytesRead
        report(accepted: result.accepted)
        return result
    }

    /// What the parser and the writer task share.
    private final class Shared: Sendable {
        let summary = Mutex(Summary())
        let failure = Mutex<(any Error)?>(nil)
    }
}
