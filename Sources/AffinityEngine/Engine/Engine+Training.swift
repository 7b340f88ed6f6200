import AffinityCore
import AffinityStore
import Dispatch
import Foundation
import Logging
import Synchronization

extension Engine {
    /// What one training run did.
    package struct TrainingReport: Sendable {
        package var sequence: Int64
        package var shoppers: Int
        package var items: Int
        /// ALS training time of the installed model.
        package var seconds: Double
        package var threads: Int
        /// Time spent choosing the for_you blends on a holdout of the log (0 when off).
        package var tuningSeconds: Double
    }

    /// Where a training run is, for a progress display.
    package enum TrainingProgress: Sendable, Equatable {
        /// Reading the log and choosing the for_you blends (no finer steps).
        case tuningBlends
        /// ALS iterations finished, of `model.als.iterations`.
        case training(iteration: Int, of: Int)
        /// Building the trained model's candidate index.
        case indexing
    }

    /// Trains ALS on the current state and swaps the new immutable model in. The
    /// interaction matrix is taken under the state lock; the training itself runs
    /// outside it, so requests and events are served meanwhile.
    ///
    /// `progress`, when given, is called (from the training thread, or the caller's)
    /// as the run moves from one ``TrainingProgress`` step to the next.
    ///
    /// Cancelling the calling task (graceful shutdown) stops the run at the next ALS
    /// iteration or step: nothing is installed and the result is nil, so a SIGTERM never
    /// waits for a whole training run.
    package func train(progress: (@Sendable (TrainingProgress) -> Void)? = nil) async -> TrainingReport? {
        trainingInProgress.add(1, ordering: .relaxed)
        defer { trainingInProgress.subtract(1, ordering: .relaxed) }
        let stop = StopFlag()
        return await withTaskCancellationHandler {
            await train(progress: progress, stop: stop)
        } onCancel: {
            stop.raise()
        }
    }

    private func train(progress: (@Sendable (TrainingProgress) -> Void)?, stop: StopFlag) async -> TrainingReport? {
        let shouldStop: @Sendable () -> Bool = { stop.isRaised }
        // Everything CPU-bound runs on the training thread, never on the cooperative pool
        // that answers requests; reading the log for tuning awaits the store.
        let (matrix, sequence, trainedOn) = await Self.onTrainingThread {
            self.state.withLock { ($0.core.trainingMatrix(), $0.appliedSequence, ObjectIdentifier($0)) }
        }
        var tuning: BlendTuning?
        var tuningSeconds = 0.0
        if options.model.blend.autoTune {
            progress?(.tuningBlends)
            let started = ContinuousClock.now
            do {
                let events = try await tuningEvents(upTo: sequence)
                let config = options.model
                tuning = await Self.onTrainingThread { BlendTuner(config: config).tune(events, shouldStop: shouldStop) }
            } catch {
                logger.error("blend tuning skipped: the event log could not be read", metadata: ["error": "\(error)"])
            }
            tuningSeconds = Self.seconds(ContinuousClock.now - started)
        }
        let started = ContinuousClock.now
        let als = options.model.als
        let perIteration = progress.map { report in
            { @Sendable (done: Int, total: Int) in report(.training(iteration: done, of: total)) }
        }
        if stop.isRaised { return stopped() }
        let model = await Self.onTrainingThread {
            ALSTrainer(config: als).train(matrix, progress: perIteration, shouldStop: shouldStop)
        }
        if stop.isRaised { return stopped() }
        let seconds = Self.seconds(ContinuousClock.now - started)
        progress?(.indexing)
        // Build the model's candidate index here, outside the state lock, so installing
        // it does not stall requests on a large catalogue.
        await Self.onTrainingThread { model.prepareCandidateIndex() }
        let installedTuning = tuning
        // A state rebuilt meanwhile (an erasure) must not get a model trained on the old one.
        let installed = state.withLock { state -> Bool in
            guard ObjectIdentifier(state) == trainedOn else { return false }
            state.core.install(model: model)
            if let installedTuning { state.core.install(blend: installedTuning.blend) }
            return true
        }
        guard installed else {
            logger.info("discarded a model trained before the state was rebuilt (an erasure); training again")
            return await train(progress: progress, stop: stop)
        }
        lastTrainedSequence.store(sequence, ordering: .releasing)
        let trainedAt = options.now()
        modelTrainedAt.store(trainedAt, ordering: .releasing)
        // Kept in the store so that a restart (which restores a snapshot written later, at
        // shutdown) still reports the model's real age.
        do {
            try await store.setMeta(Self.modelTrainedAtKey, String(trainedAt))
        } catch {
            logger.warning("could not store the model's training time", metadata: ["error": "\(error)"])
        }
        metrics.trained(seconds: seconds + tuningSeconds)
        refreshMemoryEstimate()
        await completeErasures()
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

    private func stopped() -> TrainingReport? {
        logger.info("training stopped for shutdown; the current model stays installed")
        return nil
    }

    /// The stored log up to `sequence` in the tuner's dense ids, read a chunk at a time.
    ///
    /// Each event is credited to whoever the identity rules made its owner when it
    /// happened (not to today's links): an anonymous id's events before its first link go
    /// to the user it was first linked to, later ones to the user it was linked to then,
    /// so a shared device re-linked to another user keeps its past with the first one.
    func tuningEvents(upTo sequence: Int64) async throws -> [TuningEvent] {
        struct Pending {
            var user: Int32?
            var anonymous: Int32?
            var event: TuningEvent
        }
        var pending: [Pending] = []
        var firstOwner: [Int32: Int32] = [:]
        try await store.replay(after: 0, chunkSize: 20_000) { chunk in
            state.withLock { state in
                for record in chunk where record.sequence <= sequence && record.personalization {
                    let user = record.userID.flatMap { state.shoppers.id(of: "u:" + $0) }
                    let anonymous = record.anonymousID.flatMap { state.shoppers.id(of: "a:" + $0) }
                    if let user, let anonymous, firstOwner[anonymous] == nil { firstOwner[anonymous] = user }
                    guard !record.productIDs.isEmpty, user != nil || anonymous != nil else { continue }
                    let items = record.productIDs.compactMap { state.products.id(of: $0) }
                    pending.append(
                        Pending(
                            user: user, anonymous: anonymous,
                            event: TuningEvent(
                                shopper: -1, items: items, kind: EventKind(rawValue: record.type),
                                timestamp: record.occurredAt / 1000,
                                channel: record.channel.flatMap { state.channels.id(of: $0) })))
                }
            }
        }
        var owner: [Int32: Int32] = [:]
        var events: [TuningEvent] = []
        events.reserveCapacity(pending.count)
        for entry in pending {
            var event = entry.event
            if let user = entry.user {
                if let anonymous = entry.anonymous { owner[anonymous] = user }
                event.shopper = user
            } else if let anonymous = entry.anonymous {
                event.shopper = owner[anonymous] ?? firstOwner[anonymous] ?? anonymous
            }
            events.append(event)
        }
        return events
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    /// Whether enough new events arrived since the last model to retrain.
    package var shouldRetrain: Bool {
        let applied = state.withLock { $0.appliedSequence }
        let last = lastTrainedSequence.load(ordering: .acquiring)
        if last < 0 { return applied > 0 }
        return applied - last >= Int64(options.model.training.trainMinNewEvents)
    }

    /// Runs until cancelled: checks every `train_interval_seconds` (and once right after
    /// start, when there is no model yet) and retrains + snapshots when enough new events
    /// arrived; refreshes the core's memory estimate each time. Errors are logged, never
    /// fatal.
    package func runTrainingLoop() async {
        let interval = max(1, options.model.training.trainIntervalSeconds)
        var first = true
        while !Task.isCancelled {
            if !first { try? await Task.sleep(for: .seconds(interval)) }
            first = false
            // The memory metrics' estimate walks the state: here, on the training thread,
            // every interval, never on a scrape.
            if isReady { refreshMemoryEstimate() }
            guard isReady, !Task.isCancelled, shouldRetrain else { continue }
            guard await train() != nil else { return }
            do {
                try await writeSnapshot()
            } catch {
                logger.error("could not write a snapshot", metadata: ["error": "\(error)"])
            }
        }
    }

    private static let trainingQueue = DispatchQueue(label: "affinity.training")

    /// Runs blocking work on a dedicated thread, so a long training run never occupies
    /// one of the (few) cooperative threads that serve requests.
    /// Runs CPU-heavy `work` on the training thread and returns its result.
    static func onTrainingThread<T: Sendable>(_ work: @escaping @Sendable () -> T) async -> T {
        await withCheckedContinuation { (continuation: CheckedContinuation<T, Never>) in
            trainingQueue.async { continuation.resume(returning: work()) }
        }
    }
}

/// Set once when training should stop; read from the training thread.
private final class StopFlag: Sendable {
    private let raised = Atomic<Bool>(false)

    var isRaised: Bool { raised.load(ordering: .acquiring) }

    func raise() { raised.store(true, ordering: .releasing) }
}
