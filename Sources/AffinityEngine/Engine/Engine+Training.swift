import AffinityCore
import Dispatch
import Foundation

extension Engine {
    /// What one training run did.
    public struct TrainingReport: Sendable {
        public var sequence: Int64
        public var shoppers: Int
        public var items: Int
        /// ALS training time of the installed model.
        public var seconds: Double
        public var threads: Int
        /// Time spent choosing the for_you blends on a holdout of the log (0 when off).
        public var tuningSeconds: Double
    }

    /// Trains ALS on the current state and swaps the new immutable model in. The
    /// interaction matrix is taken under the state lock; the training itself runs
    /// outside it, so requests and events are served meanwhile.
    public func train() -> TrainingReport {
        let (matrix, sequence) = state.withLock { ($0.core.trainingMatrix(), $0.appliedSequence) }
        var tuning: BlendTuning?
        var tuningSeconds = 0.0
        if options.model.blend.autoTune {
            let started = ContinuousClock.now
            do {
                tuning = BlendTuner(config: options.model).tune(try tuningEvents(upTo: sequence))
            } catch {
                logger.error("blend tuning skipped: the event log could not be read", metadata: ["error": "\(error)"])
            }
            tuningSeconds = Self.seconds(ContinuousClock.now - started)
        }
        let started = ContinuousClock.now
        let model = ALSTrainer(config: options.model.als).train(matrix)
        let seconds = Self.seconds(ContinuousClock.now - started)
        // Build the model's candidate index here, outside the state lock, so installing
        // it does not stall requests on a large catalogue.
        model.prepareCandidateIndex()
        state.withLock { state in
            state.core.install(model: model)
            if let tuning { state.core.install(blend: tuning.blend) }
        }
        lastTrainedSequence.store(sequence, ordering: .releasing)
        logger.info(
            "trained and installed a new model",
            metadata: [
                "sequence": "\(sequence)", "seconds": "\(String(format: "%.3f", seconds))",
                "tuning_seconds": "\(String(format: "%.3f", tuningSeconds))",
            ])
        if let tuning { logger.info("blend tuning", metadata: ["report": "\(tuning.report)"]) }
        return TrainingReport(
            sequence: sequence, shoppers: matrix.rows, items: matrix.columns, seconds: seconds,
            threads: options.model.als.threads, tuningSeconds: tuningSeconds)
    }

    /// The logged events up to `sequence` in log order, as the tuner wants them: dense
    /// ids, canonical shoppers (identity merges applied), only events the model uses.
    func tuningEvents(upTo sequence: Int64) throws -> [TuningEvent] {
        var events: [TuningEvent] = []
        try store.replay(after: 0, chunkSize: 20_000) { chunk in
            state.withLock { state in
                for record in chunk where record.sequence <= sequence && record.personalization {
                    guard !record.productIDs.isEmpty,
                        let shopper = state.shopper(userID: record.userID, anonymousID: record.anonymousID)
                    else { continue }
                    let items = record.productIDs.compactMap { state.products.id(of: $0) }
                    events.append(
                        TuningEvent(
                            shopper: state.core.canonical(shopper), items: items,
                            kind: EventKind(rawValue: record.type),
                            timestamp: record.occurredAt / 1000,
                            channel: record.channel.flatMap { state.channels.id(of: $0) }))
                }
            }
        }
        return events
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    /// Whether enough new events arrived since the last model to retrain.
    public var shouldRetrain: Bool {
        let applied = state.withLock { $0.appliedSequence }
        let last = lastTrainedSequence.load(ordering: .acquiring)
        if last < 0 { return applied > 0 }
        return applied - last >= Int64(options.model.training.trainMinNewEvents)
    }

    /// Runs until cancelled: checks every `train_interval_seconds` (and once right after
    /// start, when there is no model yet) and retrains + snapshots when enough new events
    /// arrived. Errors are logged, never fatal.
    public func runTrainingLoop() async {
        let interval = max(1, options.model.training.trainIntervalSeconds)
        var first = true
        while !Task.isCancelled {
            if !first { try? await Task.sleep(for: .seconds(interval)) }
            first = false
            guard isReady, !Task.isCancelled, shouldRetrain else { continue }
            await Self.onTrainingThread {
                _ = self.train()
                do {
                    try self.writeSnapshot()
                } catch {
                    self.logger.error("could not write a snapshot", metadata: ["error": "\(error)"])
                }
            }
        }
    }

    private static let trainingQueue = DispatchQueue(label: "affinity.training")

    /// Runs blocking work on a dedicated thread, so a long training run never occupies
    /// one of the (few) cooperative threads that serve requests.
    static func onTrainingThread(_ work: @escaping @Sendable () -> Void) async {
        await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
            trainingQueue.async {
                work()
                continuation.resume()
            }
        }
    }
}
