// swift-tools-version: 6.1
import PackageDescription

/// Every target: Swift 6 mode plus the upcoming features Hummingbird enables, so that an
/// import is internal unless marked `public import` and a file sees only the members of
/// modules it imports itself.
let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny"),
    .enableUpcomingFeature("MemberImportVisibility"),
    .enableUpcomingFeature("InternalImportsByDefault"),
]

var dependencies: [Package.Dependency] = [
    .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
    .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    .package(url: "https://github.com/apple/swift-collections.git", from: "1.6.0"),
    .package(url: "https://github.com/apple/swift-numerics.git", from: "1.1.1"),
    .package(url: "https://github.com/apple/swift-crypto.git", "3.12.3"..<"5.0.0"),
    .package(url: "https://github.com/apple/swift-nio.git", from: "2.101.2"),
    .package(url: "https://github.com/apple/swift-http-types.git", from: "1.8.0"),
    .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", from: "2.13.0"),
    .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
    .package(url: "https://github.com/apple/swift-metrics.git", from: "2.13.0"),
    .package(url: "https://github.com/swift-server/swift-prometheus.git", from: "2.4.1"),
]

var targets: [Target] = [
    // The scoring core: pure Swift, no I/O, no server types; usable as a versioned
    // dependency of another package, so it carries no unsafe flags.
    .target(
        name: "AffinityCore",
        dependencies: [
            .product(name: "HeapModule", package: "swift-collections"),
            .product(name: "RealModule", package: "swift-numerics"),
        ],
        swiftSettings: swiftSettings
    ),
    // Persistence behind protocols: event log, catalog, commerce, keys, served lists,
    // deliveries, meta. SQLite through GRDB.
    .target(
        name: "AffinityStore",
        dependencies: [
            .product(name: "GRDB", package: "GRDB.swift"),
            // The event log binds rows through SQLite's C API on its hot path.
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ],
        swiftSettings: swiftSettings
    ),
    // The service layer: ingestion, recommendation service, commerce, auth, rules, training.
    .target(
        name: "AffinityEngine",
        dependencies: [
            "AffinityCore",
            "AffinityStore",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "Prometheus", package: "swift-prometheus"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            .product(name: "UnixSignals", package: "swift-service-lifecycle"),
            .product(name: "Yams", package: "Yams"),
        ],
        swiftSettings: swiftSettings
    ),
    // The JSON API on Hummingbird: thin.
    .target(
        name: "AffinityHTTP",
        dependencies: [
            "AffinityCore",
            "AffinityEngine",
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Metrics", package: "swift-metrics"),
            .product(name: "NIOCore", package: "swift-nio"),
        ],
        swiftSettings: swiftSettings
    ),
    .executableTarget(
        name: "affinity",
        dependencies: [
            "AffinityCore",
            "AffinityEngine",
            "AffinityHTTP",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
        ],
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "AffinityCoreTests",
        dependencies: [
            "AffinityCore",
            .product(name: "HeapModule", package: "swift-collections"),
            .product(name: "RealModule", package: "swift-numerics"),
        ],
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "AffinityStoreTests",
        dependencies: ["AffinityStore", .product(name: "GRDB", package: "GRDB.swift")], swiftSettings: swiftSettings),
    .testTarget(
        name: "AffinityEngineTests",
        dependencies: [
            "AffinityCore",
            "AffinityEngine",
            "AffinityStore",
            .product(name: "Logging", package: "swift-log"),
        ],
        swiftSettings: swiftSettings
    ),
    .testTarget(
        name: "AffinityHTTPTests",
        dependencies: [
            "AffinityCore",
            "AffinityEngine",
            "AffinityHTTP",
            "AffinityStore",
            .product(name: "Crypto", package: "swift-crypto"),
            .product(name: "Hummingbird", package: "hummingbird"),
            .product(name: "HummingbirdTesting", package: "hummingbird"),
            .product(name: "HTTPTypes", package: "swift-http-types"),
            .product(name: "Logging", package: "swift-log"),
            .product(name: "NIOCore", package: "swift-nio"),
            .product(name: "Yams", package: "Yams"),
        ],
        swiftSettings: swiftSettings
    ),
]

// Benchmarks are built only when asked for (as Hummingbird does), so that `swift test`
// and CI never build the benchmark package: `AFFINITY_BENCHMARKS=1 swift package benchmark`.
if Context.environment["AFFINITY_BENCHMARKS"] != nil {
    dependencies.append(
        .package(url: "https://github.com/ordo-one/benchmark", from: "1.38.1", traits: ["MallocInterposer"]))
    targets.append(
        .executableTarget(
            name: "CoreBenchmarks",
            dependencies: [
                "AffinityCore",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/CoreBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ))
    // The engine's parsing fast paths against Foundation: a plain release executable,
    // run by Benchmarks/parsing-fast-paths.sh.
    targets.append(
        .executableTarget(
            name: "ParsingBenchmarks",
            dependencies: ["AffinityCore", "AffinityEngine"],
            path: "Benchmarks/ParsingBenchmarks",
            swiftSettings: swiftSettings
        ))
}

let package = Package(
    name: "Affinity",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "affinity", targets: ["affinity"]),
        .library(name: "AffinityCore", targets: ["AffinityCore"]),
    ],
    dependencies: dependencies,
    targets: targets,
    swiftLanguageModes: [.v6]
)
