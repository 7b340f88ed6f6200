import AffinityCore
import Dispatch
import Foundation

extension Engine {
    /// What one training run did.
    public struct TrainingReport: Sendable {
        public var sequence: Int64
        public var shoppers: Int
        public var items: Int
        public var seconds: Double
        public var threads: Int
    }

    /// Trains ALS on the current state and swaps the new immutable model in. The
    /// interaction matrix is taken under the state lock; the training itself runs
    /// outside it, so requests and events are served meanwhile.
    public func train() -> TrainingReport {
        let (matrix, sequence) = state.withLock { ($0.core.trainingMatrix(), $0.appliedSequence) }
        let started = ContinuousClock.now
        let model = ALSTrainer(config: options.model.als).train(matrix)
        let elapsed = ContinuousClock.now - started
        state.withLock { $0.core.install(model: model) }
        lastTrainedSequence.store(sequence, ordering: .releasing)
        let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        logger.info(
            "trained and installed a new model",
            metadata: ["sequence": "\(sequence)", "seconds": "\(String(format: "%.3f", seconds))"])
        return TrainingReport(
            sequence: sequence, shoppers: matrix.rows, items: matrix.columns, seconds: seconds,
            threads: options.model.als.threads)
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
