import AffinityCore
import Foundation
import Metrics
import Prometheus
import Synchronization

extension Engine {
    /// The Prometheus text exposition of this engine's metrics.
    ///
    /// A scrape does constant work: gauges are set from atomics and counters kept beside
    /// the state (never a store query or a walk over shoppers or items); the core's
    /// memory by part is the estimate made at start and after each training run (on the
    /// training thread), never made by a scrape.
    package func metricsExposition() -> [UInt8] {
        let (applied, shoppers) = state.withLock { ($0.appliedSequence, $0.shoppers.count) }
        metrics.gauge(EngineMetrics.Name.appliedSequence).record(applied)
        metrics.gauge(EngineMetrics.Name.ready).record(isReady ? 1 : 0)
        metrics.gauge("affinity_shopper_ids").record(shoppers)
        let trainedAt = modelTrainedAt.load(ordering: .acquiring)
        if trainedAt > 0 {
            metrics.gauge(EngineMetrics.Name.modelAge).record(Double(max(0, options.now() - trainedAt)) / 1000)
        }
        if let resident = ProcessMemory.residentBytes() {
            metrics.gauge(EngineMetrics.Name.processMemory).record(resident)
        }
        let estimate = memoryEstimate.withLock { $0 }
        if let estimate {
            metrics.gauge("affinity_core_memory_estimated_at_seconds").record(estimate.at)
            for part in estimate.footprint.parts {
                metrics.gauge(EngineMetrics.Name.coreMemory, [("part", part.name)]).record(part.bytes)
            }
        }
        let status = rules.current
        metrics.gauge("affinity_rules_last_reload_failed").record(status.lastErrors.isEmpty ? 0 : 1)
        if let active = status.active {
            metrics.gauge("affinity_rules_loaded_at_seconds").record(Double(active.loadedAt) / 1000)
            metrics.info("affinity_rules_config_info", label: "version", value: active.version)
        }
        return metrics.registry.emitToBuffer()
    }

    /// Estimates the core's memory by part on the training thread (O(shoppers + items),
    /// off the request path) unless an estimate is already being made.
    func refreshMemoryEstimate() {
        guard
            memoryRefreshing.compareExchange(expected: false, desired: true, ordering: .acquiringAndReleasing).exchanged
        else { return }
        Task.detached {
            let footprint = await Self.onTrainingThread { self.state.withLock { $0.core.memoryFootprint() } }
            let at = Double(self.options.now()) / 1000
            self.memoryEstimate.withLock { $0 = (at, footprint) }
            self.memoryRefreshing.store(false, ordering: .releasing)
        }
    }
}

extension EngineMetrics {
    /// A training run finished and its model was installed.
    func trained(seconds: Double) {
        gauge(Name.trainingDuration).record(seconds)
        counter(Name.trainings).increment()
    }

    /// A rules reload finished (`success` or `failure`).
    func rulesReloaded(_ result: String) {
        counter(Name.rulesReloads, [("result", result)]).increment()
    }
}

/// The process's resident set size, read from `/proc/self/statm` (Linux; nil elsewhere).
enum ProcessMemory {
    static func residentBytes() -> Int? {
        guard let text = try? String(contentsOfFile: "/proc/self/statm", encoding: .utf8) else { return nil }
        let fields = text.split(separator: " ")
        guard fields.count > 1, let pages = Int(fields[1]) else { return nil }
        return pages * Int(sysconf(Int32(_SC_PAGESIZE)))
    }
}
