package import CoreMetrics
import Metrics
package import Prometheus
import Synchronization

/// The engine's instruments, recorded through swift-metrics into a Prometheus registry
/// of the engine's own (not the process-wide `MetricsSystem`), so that several engines
/// in one process — tests, the CLI's offline tools — never mix their figures.
///
/// Every label has a bounded set of values (event types from the validated set, route
/// patterns rather than paths, strategy and placement ids from the rules file), so a
/// hostile client cannot grow the registry. Instruments are created once per label set
/// and cached; recording is a lock-free atomic add inside swift-prometheus.
package final class EngineMetrics: Sendable {
    /// What ``exposition()`` writes out.
    package let registry: PrometheusCollectorRegistry
    /// Creates swift-metrics handlers on ``registry``; the HTTP layer records through it too.
    package let factory: PrometheusMetricsFactory

    private let counters = Mutex<[Key: CoreMetrics.Counter]>([:])
    private let timers = Mutex<[Key: CoreMetrics.Timer]>([:])
    private let recorders = Mutex<[Key: CoreMetrics.Recorder]>([:])
    private let gauges = Mutex<[Key: CoreMetrics.Gauge]>([:])

    private struct Key: Hashable {
        var name: String
        var labels: [String]
    }

    /// Latency buckets from 50 µs to 10 s: recommendations take well under a
    /// millisecond, so Prometheus' default (from 5 ms) would put them all in one bucket.
    package static let latencyBuckets: [Duration] = [
        .microseconds(50), .microseconds(100), .microseconds(250), .microseconds(500), .milliseconds(1),
        .microseconds(2500), .milliseconds(5), .milliseconds(10), .milliseconds(25), .milliseconds(50),
        .milliseconds(100), .milliseconds(250), .milliseconds(500), .seconds(1), .milliseconds(2500), .seconds(5),
        .seconds(10),
    ]

    package init() {
        let registry = PrometheusCollectorRegistry()
        self.registry = registry
        var factory = PrometheusMetricsFactory(registry: registry)
        factory.defaultDurationHistogramBuckets = Self.latencyBuckets
        factory.valueHistogramBuckets[Name.commitGroupEvents] = [1, 2, 5, 10, 25, 50, 100, 250, 500, 1000, 5000]
        factory.valueHistogramBuckets[Name.candidatesScored] = [
            10, 50, 100, 250, 500, 1000, 2500, 5000, 10_000, 50_000, 100_000, 500_000,
        ]
        self.factory = factory
        // Series a dashboard divides by or alerts on exist from the start, at 0.
        for result in ["success", "failure"] { _ = counter(Name.rulesReloads, [("result", result)]) }
        _ = counter(Name.trainings)
    }

    /// Metric names, Prometheus style (the unit is the suffix).
    package enum Name {
        package static let httpDuration = "affinity_http_request_duration_seconds"
        package static let httpInFlight = "affinity_http_requests_in_flight"
        package static let eventsIngested = "affinity_events_ingested_total"
        package static let commitGroupEvents = "affinity_commit_group_events"
        package static let commitDuration = "affinity_commit_duration_seconds"
        package static let recommendationDuration = "affinity_recommendation_duration_seconds"
        package static let candidatesScored = "affinity_recommendation_candidates_scored"
        package static let coreMemory = "affinity_core_memory_bytes"
        package static let processMemory = "affinity_process_resident_memory_bytes"
        package static let modelAge = "affinity_model_age_seconds"
        package static let trainingDuration = "affinity_model_last_training_duration_seconds"
        package static let trainings = "affinity_model_trainings_total"
        package static let rulesReloads = "affinity_rules_reloads_total"
        package static let appliedSequence = "affinity_events_applied_sequence"
        package static let ready = "affinity_ready"
    }

    /// A counter for `labels` (created on first use).
    package func counter(_ name: String, _ labels: [(String, String)] = []) -> CoreMetrics.Counter {
        Self.cached(counters, name, labels) { CoreMetrics.Counter(label: name, dimensions: labels, factory: factory) }
    }

    /// A duration histogram for `labels`.
    package func timer(_ name: String, _ labels: [(String, String)] = []) -> CoreMetrics.Timer {
        Self.cached(timers, name, labels) {
            CoreMetrics.Timer(label: name, dimensions: labels, preferredDisplayUnit: .seconds, factory: factory)
        }
    }

    /// A value histogram for `labels`.
    package func histogram(_ name: String, _ labels: [(String, String)] = []) -> CoreMetrics.Recorder {
        Self.cached(recorders, name, labels) {
            CoreMetrics.Recorder(label: name, dimensions: labels, aggregate: true, factory: factory)
        }
    }

    /// A gauge (set at scrape time or when the value changes).
    package func gauge(_ name: String, _ labels: [(String, String)] = []) -> CoreMetrics.Gauge {
        Self.cached(gauges, name, labels) { CoreMetrics.Gauge(label: name, dimensions: labels, factory: factory) }
    }

    private static func cached<Instrument>(
        _ cache: borrowing Mutex<[Key: Instrument]>, _ name: String, _ labels: [(String, String)],
        make: () -> Instrument
    ) -> Instrument {
        let key = Key(name: name, labels: labels.flatMap { [$0.0, $0.1] })
        return cache.withLock { cache in
            if let existing = cache[key] { return existing }
            let made = make()
            cache[key] = made
            return made
        }
    }
}

extension EngineMetrics {
    /// Sets the one-series "info" gauge `name{label=value} 1`, dropping the series of the
    /// previous value (a new rules version replaces the old one rather than adding to it).
    func info(_ name: String, label: String, value: String) {
        let key = Key(name: name, labels: [label, value])
        let stale = gauges.withLock { cache -> [CoreMetrics.Gauge] in
            let old = cache.filter { $0.key.name == name && $0.key != key }
            for entry in old { cache[entry.key] = nil }
            return Array(old.values)
        }
        for gauge in stale { gauge.destroy() }
        gauge(name, [(label, value)]).record(1)
    }

    /// Counts one event's ingestion outcome; `type` is one of the validated types, or
    /// `other` for an event rejected before its type was known to be valid.
    func ingested(type: String, outcome: String, count: Int = 1) {
        guard count > 0 else { return }
        counter(Name.eventsIngested, [("type", type), ("outcome", outcome)]).increment(by: count)
    }

    /// One group commit: how many events it carried and how long the transaction took.
    func committed(events: Int, duration: Duration) {
        histogram(Name.commitGroupEvents).record(events)
        timer(Name.commitDuration).record(duration: duration)
    }

    /// One recommendation list: its latency and how many candidates the core scored.
    func recommended(strategy: String, placement: String?, duration: Duration, candidates: Int) {
        timer(Name.recommendationDuration, [("strategy", strategy), ("placement", placement ?? "none")])
            .record(duration: duration)
        histogram(Name.candidatesScored, [("strategy", strategy)]).record(candidates)
    }
}
