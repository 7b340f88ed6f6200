import AffinityCore
import AffinityEngine
import ArgumentParser
import Foundation

/// `affinity evaluate`: offline top-K evaluation on files written by `split.py`.
struct Evaluate: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Train on TRAIN, recommend for every TEST user, and score the lists.",
        discussion: """
            Reads the TSV files written by Benchmarks/eval/split.py (header: user item \
            timestamp). Each row is one interaction of --event-type (purchase by default). \
            Already-seen train items are excluded. Metrics are computed as \
            Benchmarks/eval/score.py does. On a terminal, a run longer than a couple of \
            seconds shows its progress on standard error; standard output carries only the \
            result.
            """)

    @Option(help: "Training interactions (TSV).") var train: String
    @Option(help: "Held-out interactions (TSV).") var test: String
    @Option(help: "List length.") var k = 10
    @Option(help: "for_you, vectors (ALS only), cooccurrence, popular or trending.") var strategy = "for_you"
    @Option(help: "Write `user<TAB>item1,item2,…` lines here.") var recsOut: String?
    @Option(help: "Event type every row stands for.") var eventType = "purchase"
    @Option(help: "Model configuration (default: Models/default.yaml if present).") var model: String?
    @Flag(help: "Print the result as JSON.") var json = false
    @Flag(help: "Do not show progress.") var quiet = false

    func run() async throws {
        let config = try ModelConfigFile.resolve(model)
        let strategies: [String: Strategy] = [
            "for_you": .forYou, "vectors": .vectors, "als": .vectors, "cooccurrence": .cooccurrence,
            "popular": .popular(category: nil),
            "trending": .trending(category: nil),
        ]
        guard let chosen = strategies[strategy] else {
            throw ValidationError(
                "unknown strategy '\(strategy)'; use for_you, vectors, cooccurrence, popular or trending")
        }
        let bar = ProgressBar(enabled: !quiet, delay: .seconds(2))
        defer { bar.finish() }
        bar.update(.step("reading \(train) and \(test)"))
        let trainRows = try InteractionTSV.read(path: train)
        let testRows = try InteractionTSV.read(path: test)
        var testUsers: [String] = []
        var relevant: [String: Set<String>] = [:]
        var requestTimes: [String: Int64] = [:]
        for row in testRows {
            if relevant[row.user] == nil { testUsers.append(row.user) }
            relevant[row.user, default: []].insert(row.item)
            requestTimes[row.user] = min(requestTimes[row.user] ?? .max, row.timestamp)
        }
        let result = OfflineEvaluation.run(
            train: trainRows, testUsers: testUsers, kind: EventKind(rawValue: eventType), config: config,
            strategy: chosen, k: k, requestTimes: requestTimes
        ) { bar.update(Self.status($0)) }
        bar.finish()
        var lists: [String: [String]] = [:]
        for entry in result.recommendations { lists[entry.user] = entry.items }
        let metrics = RankingMetrics.compute(
            recommendations: lists, relevant: relevant, k: k, trainItemCount: Set(trainRows.map(\.item)).count)
        if let recsOut {
            let text = result.recommendations.map { "\($0.user)\t\($0.items.joined(separator: ","))" }.joined(
                separator: "\n")
            try (text + "\n").write(toFile: recsOut, atomically: true, encoding: .utf8)
        }
        let latencies = result.latencyNanoseconds.sorted()
        func percentile(_ p: Double) -> Double {
            latencies.isEmpty ? 0 : Double(latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))]) / 1e6
        }
        let summary = EvaluationSummary(
            strategy: strategy, k: k, users: metrics.users, hitRate: metrics.hitRate, ndcg: metrics.ndcg,
            mrr: metrics.mrr,
            recall: metrics.recall, coverage: metrics.coverage ?? 0, trainingSeconds: result.trainingSeconds,
            latencyMedianMilliseconds: percentile(0.5), latencyP99Milliseconds: percentile(0.99),
            trainingThreads: OfflineEvaluation.needsVectors(chosen, config) ? config.als.threads : 0,
            tuningSeconds: result.tuningSeconds)
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted]
            print(String(decoding: try encoder.encode(summary), as: UTF8.self))
        } else {
            print(summary.table)
        }
    }
}

extension Evaluate {
    /// An evaluation step as the progress bar shows it.
    static func status(_ step: OfflineEvaluation.Progress) -> ProgressBar.Status {
        switch step {
        case .replaying(let rows, let total):
            return ProgressBar.Status(phase: "replaying train rows", completed: rows, total: total, unit: "rows")
        case .tuningBlends:
            return .step("tuning blends")
        case .training(let iteration, let total):
            return ProgressBar.Status(
                phase: "training ALS", completed: iteration, total: total, unit: "iterations", showsRate: false)
        case .scoring(let users, let total):
            return ProgressBar.Status(phase: "scoring", completed: users, total: total, unit: "users")
        }
    }
}

/// What `evaluate` prints.
struct EvaluationSummary: Encodable {
    var strategy: String
    var k: Int
    var users: Int
    var hitRate: Double
    var ndcg: Double
    var mrr: Double
    var recall: Double
    var coverage: Double
    var trainingSeconds: Double
    var latencyMedianMilliseconds: Double
    var latencyP99Milliseconds: Double
    var trainingThreads: Int
    var tuningSeconds: Double

    enum CodingKeys: String, CodingKey {
        case strategy, k, users
        case hitRate = "hr"
        case ndcg, mrr, recall, coverage
        case trainingSeconds = "training_seconds"
        case latencyMedianMilliseconds = "latency_median_ms"
        case latencyP99Milliseconds = "latency_p99_ms"
        case trainingThreads = "training_threads"
        case tuningSeconds = "tuning_seconds"
    }

    var table: String {
        func f(_ value: Double, _ digits: Int = 4) -> String { String(format: "%.\(digits)f", value) }
        return """
            strategy \(strategy), \(users) test users, K=\(k)
              HR@\(k)    \(f(hitRate))
              NDCG@\(k)  \(f(ndcg))
              MRR@\(k)   \(f(mrr))
              Recall@\(k) \(f(recall))
              Cov@\(k)   \(f(coverage))
              training  \(f(trainingSeconds, 3)) s ALS (\(trainingThreads) thread(s)), \(f(tuningSeconds, 3)) s blend tuning
              latency   median \(f(latencyMedianMilliseconds, 3)) ms, p99 \(f(latencyP99Milliseconds, 3)) ms per user
            """
    }
}
