import AffinityCore
import AffinityEngine
import Foundation
import Synchronization
import Testing

/// The optional progress callbacks of importing, training and evaluation: they report
/// real, increasing progress and leave every result exactly as it is without them.
@Suite("Progress reporting")
struct ProgressReportingTests {
    @Test("event import reports the bytes parsed, not the bytes buffered: no 100% before the end")
    func eventImportProgressGrows() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        let lines = (0..<5000).map { n in
            #"{"event_id":"p\#(n)","type":"product_view","occurred_at":"2026-11-27T10:00:00Z","user_id":"u\#(n % 50)","items":[{"product_id":"P\#(n % 7)"}]}"#
        }
        let file = directory.file("events.ndjson")
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int)

        var reports: [EventImporter.Progress] = []
        let summary = try await EventImporter(engine: engine).run(try LineReader(path: file.path)) {
            reports.append($0)
        }
        #expect(summary.accepted == 5000)
        // The whole file fits one read of the line reader; progress still moves in steps.
        #expect(reports.count >= 5000 / EventImporter.progressInterval)
        #expect(reports.allSatisfy { $0.totalBytes == size })
        let first = try #require(reports.first)
        #expect(first.bytes < size / 2)
        #expect(try #require(first.fraction) < 0.5)
        #expect(zip(reports, reports.dropFirst()).allSatisfy { $0.bytes <= $1.bytes && $0.lines <= $1.lines })
        let last = try #require(reports.last)
        #expect(last.bytes == size)
        #expect(last.fraction == 1)
        #expect(last.lines == 5000)
    }

    @Test("catalog import reports growing progress that ends at the file's size")
    func catalogImportProgressGrows() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        let lines = ["id,title,price:web"] + (0..<1000).map { "C\($0),Product \($0),\(100 + $0)" }
        let file = directory.file("products.csv")
        try (lines.joined(separator: "\n") + "\n").write(to: file, atomically: true, encoding: .utf8)
        let size = try #require(try FileManager.default.attributesOfItem(atPath: file.path)[.size] as? Int)

        var reports: [EventImporter.Progress] = []
        let summary = try await CatalogImporter(engine: engine).run(try LineReader(path: file.path)) {
            reports.append($0)
        }
        #expect(summary.applied == 1000)
        #expect(reports.count >= 3)
        #expect(try #require(reports.first).bytes < size)
        #expect(zip(reports, reports.dropFirst()).allSatisfy { $0.bytes <= $1.bytes })
        #expect(try #require(reports.last).bytes == size)
    }

    static func blockMatrix() -> InteractionMatrix {
        var triples: [(row: Int32, column: Int32, weight: Float)] = []
        for u in 0..<60 {
            for step in 0..<4 { triples.append((row: Int32(u), column: Int32((u * 3 + step * 5) % 20), weight: 1)) }
        }
        return InteractionMatrix(rows: 60, columns: 20, triples: triples)
    }

    @Test("ALS reports 0 and then every finished iteration, and trains the same factors")
    func alsProgress() {
        var config = ALSConfig()
        config.factors = 4
        config.iterations = 6
        let matrix = Self.blockMatrix()
        var calls: [[Int]] = []
        let reported = ALSTrainer(config: config).train(matrix) { calls.append([$0, $1]) }
        #expect(calls == (0...6).map { [$0, 6] })
        #expect(reported.itemFactors == ALSTrainer(config: config).train(matrix).itemFactors)
    }

    @Test("offline evaluation reports every step and returns the same lists")
    func evaluationProgress() {
        var train: [OfflineEvaluation.Row] = []
        for u in 0..<80 {
            for step in 0..<5 {
                train.append(.init(user: "u\(u)", item: "i\((u * 3 + step) % 25)", timestamp: Int64(u * 10 + step)))
            }
        }
        let testUsers = (0..<40).map { "u\($0 * 2)" } + ["stranger"]
        var config = ModelConfig()
        config.als.iterations = 3
        config.als.factors = 4
        var steps: [OfflineEvaluation.Progress] = []
        let reported = OfflineEvaluation.run(train: train, testUsers: testUsers, config: config) { steps.append($0) }
        let plain = OfflineEvaluation.run(train: train, testUsers: testUsers, config: config)
        #expect(reported.recommendations.map(\.user) == plain.recommendations.map(\.user))
        #expect(reported.recommendations.map(\.items) == plain.recommendations.map(\.items))

        #expect(steps.first == .replaying(rows: 0, of: train.count))
        #expect(steps.contains(.replaying(rows: train.count, of: train.count)))
        #expect(steps.contains(.tuningBlends) == config.blend.autoTune)
        #expect(steps.contains(.training(iteration: 3, of: 3)))
        let scoring = steps.compactMap { step -> Int? in
            if case .scoring(let users, let total) = step, total == testUsers.count { return users }
            return nil
        }
        #expect(scoring == Array(0...testUsers.count))
        #expect(steps.last == .scoring(users: testUsers.count, of: testUsers.count))
    }

    @Test("engine training reports tuning, each ALS iteration and indexing, in order")
    func engineTrainingProgress() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        _ = try await engine.ingest(SnapshotTests.behaviour(), batched: true)
        let steps = Mutex<[Engine.TrainingProgress]>([])
        let report = try #require(await engine.train { step in steps.withLock { $0.append(step) } })
        #expect(report.items == 30)
        let iterations = engine.options.model.als.iterations
        var expected: [Engine.TrainingProgress] = engine.options.model.blend.autoTune ? [.tuningBlends] : []
        expected += (0...iterations).map { .training(iteration: $0, of: iterations) }
        expected.append(.indexing)
        #expect(steps.withLock { $0 } == expected)
    }
}
