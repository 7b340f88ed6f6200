import AffinityStore
import Dispatch
import Synchronization

/// Loads an NDJSON or CSV event file straight into the store, with the API's validation
/// and dedup. Parsing runs on the caller's thread while the previous batch commits on
/// another, so both cores work.
public struct EventImporter {
    public struct Progress: Sendable {
        public var lines: Int
        public var bytes: Int
        public var totalBytes: Int?
        public var accepted: Int
    }

    public struct Summary: Sendable, Encodable {
        public var lines = 0
        public var accepted = 0
        public var duplicates = 0
        public var rejected = 0
        /// The first rejected lines (at most ``EventImporter/maxReportedErrors``).
        public var errors: [IngestResult] = []
        public var seconds = 0.0
        public var eventsPerSecond: Double { seconds > 0 ? Double(lines) / seconds : 0 }
    }

    public static let maxReportedErrors = 20
    let engine: Engine
    public var batchSize = 10_000

    public init(engine: Engine) { self.engine = engine }

    public func run(_ reader: LineReader, progress: (Progress) -> Void) throws -> Summary {
        let started = ContinuousClock.now
        let summary = Mutex(Summary())
        let writer = DispatchQueue(label: "affinity.import")
        // Two batches may wait for the writer, so that a stall on either side (an fsync,
        // a preempted thread) does not stop the other.
        let slots = DispatchSemaphore(value: 2)
        let failure = Mutex<(any Error)?>(nil)
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
            summary.withLock { s in
                s.rejected += 1
                if s.errors.count < Self.maxReportedErrors {
                    s.errors.append(.rejected(line: line, eventID: id, error))
                }
            }
        }
        func submit(_ lines: [Int], _ records: [EventRecord]) {
            slots.wait()
            writer.async { [engine] in
                defer { slots.signal() }
                do {
                    let outcomes = try engine.committer.commitNow(
                        [AppendBatch(records: records, atomic: false)], apply: false)[0]
                    summary.withLock { s in
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
                    failure.withLock { $0 = error }
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
                submit(lines, batch)
                lines.removeAll(keepingCapacity: true)
                batch.removeAll(keepingCapacity: true)
                if let error = failure.withLock({ $0 }) { throw error }
                progress(
                    Progress(
                        lines: lineNumber, bytes: reader.bytesRead, totalBytes: reader.totalBytes,
                        accepted: summary.withLock { $0.accepted }))
            }
        }
        if !batch.isEmpty { submit(lines, batch) }
        writer.sync {}
        if let error = failure.withLock({ $0 }) { throw error }
        var result = summary.withLock { $0 }
        result.lines = lineNumber - (csv == nil ? 0 : 1)
        result.errors.sort { ($0.line ?? 0) < ($1.line ?? 0) }
        let elapsed = ContinuousClock.now - started
        result.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        progress(
            Progress(
                lines: lineNumber, bytes: reader.bytesRead, totalBytes: reader.totalBytes, accepted: result.accepted))
        return result
    }
}
