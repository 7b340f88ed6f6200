import AffinityCore
import Benchmark
import Foundation

// Scoring-core benchmarks (ordo-one/benchmark). All inputs are synthetic and seeded
// (SyntheticShop.swift); everything expensive happens in `setup:` closures, which run
// before warm-up and are never measured. See Benchmarks/README.md.
//
//   AFFINITY_BENCHMARKS=1 swift package --scratch-path .build-bench benchmark --target CoreBenchmarks

/// A warm core with an installed ALS model, and the shoppers to cycle over.
final class ForYouFixture {
    let core: ScoringCore
    let shopperCount: Int
    let now: Int64
    let shop: SyntheticShop
    private var cursor = 0

    init(items: Int) {
        let clock = ContinuousClock()
        let started = clock.now
        shop = SyntheticShop(items: items, seed: 0xAFF1_0001 &+ UInt64(items))
        core = shop.makeCore()
        var als = ALSConfig()
        als.factors = 64
        als.iterations = 3  // latency does not depend on model quality; keeps setup short
        als.threads = 2
        core.install(model: ALSTrainer(config: als).train(core.trainingMatrix()))
        shopperCount = shop.shopperCount
        now = shop.endTime
        note(
            "for_you \(items) items: \(shop.events.count) events, \(shop.shopperCount) shoppers × "
                + "\(SyntheticShop.sessionLength) events, ALS f=64 installed; setup \(clock.now - started)")
    }

    /// The next shopper, striding through all of them so successive requests touch
    /// unrelated histories (no cache-friendly neighbours).
    func nextShopper() -> Int32 {
        cursor = (cursor + 7_919) % shopperCount
        return Int32(cursor)
    }
}

/// A warm core plus a stream of further product views to record.
final class RecordFixture {
    let core: ScoringCore
    let events: [ShopEvent]
    private var cursor = 0

    init(items: Int) {
        let clock = ContinuousClock()
        let started = clock.now
        let shop = SyntheticShop(items: items, seed: 0xAFF1_0002 &+ UInt64(items))
        core = shop.makeCore()
        events = shop.moreViews(1_000_000, seed: 0xAFF1_0003)
        note("record \(items) items: warm core of \(shop.events.count) events; setup \(clock.now - started)")
    }

    func next() -> ShopEvent {
        let e = events[cursor]
        cursor += 1
        if cursor == events.count { cursor = 0 }
        return e
    }
}

/// Setup diagnostics go to stderr so they never mix with the result table.
func note(_ message: String) {
    FileHandle.standardError.write(Data("[CoreBenchmarks] \(message)\n".utf8))
}

func alsOneEpoch() -> ALSConfig {
    var c = ALSConfig()
    c.factors = 64
    c.iterations = 1
    c.threads = 1
    return c
}

/// The for_you rank benchmarks' settings (sampling enough requests for a stable p99).
func rankConfiguration() -> Benchmark.Configuration {
    .init(
        metrics: [.wallClock, .throughput],
        timeUnits: .microseconds,
        warmupIterations: 200,
        maxDuration: .seconds(10),
        maxIterations: 20_000
    )
}

let benchmarks: @Sendable () -> Void = {
    // 1. for_you rank latency: one `recommend` (count 10) per iteration.
    for items in [10_000, 100_000] {
        Benchmark(
            "for_you rank \(items / 1_000)k items",
            configuration: rankConfiguration()
        ) { benchmark, fixture in
            let request = RecommendationRequest(
                strategy: .forYou, shopper: fixture.nextShopper(), count: 10, now: fixture.now)
            benchmark.startMeasurement()
            let list = fixture.core.recommend(request)
            benchmark.stopMeasurement()
            blackHole(list)
        } setup: {
            ForYouFixture(items: items)
        }
    }

    // 1a. The same, asked while the shopper is still browsing (`now` = their last event):
    // the in-session blend, where co-occurrence and sequence weigh most.
    Benchmark(
        "for_you rank 100k items in-session",
        configuration: rankConfiguration()
    ) { benchmark, fixture in
        let shopper = fixture.nextShopper()
        let request = RecommendationRequest(
            strategy: .forYou, shopper: shopper, count: 10, now: fixture.shop.lastEventTime(of: shopper))
        benchmark.startMeasurement()
        let list = fixture.core.recommend(request)
        benchmark.stopMeasurement()
        blackHole(list)
    } setup: {
        ForYouFixture(items: 100_000)
    }

    // 1b. Diagnostics: the same request with the blend overridden to one evidence source,
    // to show where for_you time goes (popularity-only is the fixed cost every
    // blended list pays: scratch reset, the popularity leaders and top-K).
    let sources: [(name: String, blend: BlendWeights)] = [
        ("popularity", BlendWeights(popularity: 1)),
        ("co-occurrence+sequence", BlendWeights(cooccurrence: 1, sequence: 0.8)),
        ("vectors", BlendWeights(vectors: 1)),
        ("content", BlendWeights(content: 1)),
    ]
    for source in sources {
        Benchmark(
            "diag for_you 100k items only \(source.name)",
            configuration: .init(
                metrics: [.wallClock],
                timeUnits: .microseconds,
                warmupIterations: 200,
                maxDuration: .seconds(3),
                maxIterations: 10_000
            )
        ) { benchmark, fixture in
            let request = RecommendationRequest(
                strategy: .forYou, shopper: fixture.nextShopper(), count: 10, blend: source.blend, now: fixture.now)
            benchmark.startMeasurement()
            let list = fixture.core.recommend(request)
            benchmark.stopMeasurement()
            blackHole(list)
        } setup: {
            ForYouFixture(items: 100_000)
        }
    }

    // 1c. `trending` (count 10) over 100k items: the leader index walk, and the same
    // request with a filter that admits ten items scattered over the ids (about none of
    // them among the 2,048 leaders), which exhausts the leaders and takes the full pass
    // over the catalogue: what every trending request cost before the index.
    let scattered: @Sendable (Int32) -> Bool = { $0 % 10_000 == 7 }
    for (name, filter) in [("leader index", nil), ("filter past every leader: full pass", scattered)]
        as [(String, (@Sendable (Int32) -> Bool)?)]
    {
        Benchmark(
            "trending 100k items \(name)",
            configuration: .init(
                metrics: [.wallClock],
                timeUnits: .nanoseconds,
                warmupIterations: 200,
                maxDuration: .seconds(3),
                maxIterations: 20_000
            )
        ) { benchmark, fixture in
            let request = RecommendationRequest(
                strategy: .trending(category: nil), count: 10, exclude: [],
                isAllowed: filter)
            benchmark.startMeasurement()
            let list = fixture.core.recommend(request)
            benchmark.stopMeasurement()
            blackHole(list)
        } setup: {
            ForYouFixture(items: 100_000)
        }
    }

    // 2. Co-occurrence update throughput: `record` of one product_view per iteration.
    for items in [10_000, 100_000] {
        Benchmark(
            "record product_view \(items / 1_000)k-item core",
            configuration: .init(
                metrics: [.wallClock, .throughput],
                timeUnits: .nanoseconds,
                warmupIterations: 1_000,
                maxDuration: .seconds(5),
                maxIterations: 500_000
            )
        ) { benchmark, fixture in
            let e = fixture.next()
            let items = [e.item]
            benchmark.startMeasurement()
            fixture.core.record(shopper: e.shopper, items: items, kind: e.kind, timestamp: e.timestamp, channel: nil)
            benchmark.stopMeasurement()
        } setup: {
            RecordFixture(items: items)
        }
    }

    // 2b. The same in batches of 1,000 events per iteration: throughput is then the
    // sustained rate including the occasional neighbour-list prune, not 1 / typical latency.
    for items in [10_000, 100_000] {
        Benchmark(
            "record product_view x1000 batch \(items / 1_000)k-item core",
            configuration: .init(
                metrics: [.wallClock, .throughput],
                timeUnits: .nanoseconds,
                warmupIterations: 10,
                scalingFactor: .kilo,
                maxDuration: .seconds(5),
                maxIterations: 1_000
            )
        ) { benchmark, fixture in
            for _ in benchmark.scaledIterations {
                let e = fixture.next()
                fixture.core.record(
                    shopper: e.shopper, items: [e.item], kind: e.kind, timestamp: e.timestamp, channel: nil)
            }
        } setup: {
            RecordFixture(items: items)
        }
    }

    // 3. ALS: one `train` call with iterations = 1, f = 64, one thread (includes the
    // random init, the transpose and the model's Gram matrix, so it bounds one epoch from above).
    Benchmark(
        "ALS epoch f=64 ML-100K size (943x1682 100k nnz)",
        configuration: .init(
            metrics: [.wallClock, .cpuTotal],
            timeUnits: .milliseconds,
            warmupIterations: 2,
            maxDuration: .seconds(10),
            maxIterations: 100
        )
    ) { _, matrix in
        blackHole(ALSTrainer(config: alsOneEpoch()).train(matrix))
    } setup: {
        let m = syntheticMatrix(rows: 943, columns: 1_682, nonZeros: 100_000, seed: 0xAFF1_0100)
        note("ALS ML-100K size: \(m.rows)x\(m.columns), \(m.nonZeroCount) nnz")
        return m
    }

    Benchmark(
        "ALS epoch f=64 100k items x 50k users (1M nnz)",
        configuration: .init(
            metrics: [.wallClock, .cpuTotal],
            timeUnits: .milliseconds,
            warmupIterations: 1,
            maxDuration: .seconds(30),
            maxIterations: 10
        )
    ) { _, matrix in
        blackHole(ALSTrainer(config: alsOneEpoch()).train(matrix))
    } setup: {
        let m = syntheticMatrix(rows: 50_000, columns: 100_000, nonZeros: 1_000_000, seed: 0xAFF1_0200)
        note("ALS 100k x 50k: \(m.rows)x\(m.columns), \(m.nonZeroCount) nnz")
        return m
    }
}
