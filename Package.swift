// swift-tools-version: 6.1
import PackageDescription

let swiftSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

var dependencies: [Package.Dependency] = [
    .package(url: "https://github.com/hummingbird-project/hummingbird.git", from: "2.28.1"),
    .package(url: "https://github.com/groue/GRDB.swift.git", from: "7.10.0"),
    .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.8.2"),
    .package(url: "https://github.com/apple/swift-log.git", from: "1.16.2"),
    .package(url: "https://github.com/jpsim/Yams.git", from: "6.2.2"),
]

var targets: [Target] = [
    // The scoring core: pure Swift, no I/O, no server types. Optimised even in debug
    // builds: `swift run affinity serve` trains ALS and tunes blends on the demo store,
    // which unoptimised code makes minutes instead of seconds.
    .target(
        name: "AffinityCore",
        swiftSettings: swiftSettings + [.unsafeFlags(["-O", "-enable-testing"], .when(configuration: .debug))]
    ),
    // Persistence: event log, catalog, keys, snapshots (SQLite through GRDB).
    .target(
        name: "AffinityStore",
        dependencies: [
            "AffinityCore",
            .product(name: "GRDB", package: "GRDB.swift"),
            // The event log binds rows through SQLite's C API on its hot path.
            .product(name: "GRDBSQLite", package: "GRDB.swift"),
        ],
        swiftSettings: swiftSettings
    ),
    // The service layer: ingestion, recommendation service, config, training.
    .target(
        name: "AffinityEngine",
        dependencies: [
            "AffinityCore",
            "AffinityStore",
            .product(name: "Logging", package: "swift-log"),
            .product(name: "Yams", package: "Yams"),
        ],
        swiftSettings: swiftSettings
    ),
    // The JSON API on Hummingbird: thin.
    .target(
        name: "AffinityHTTP",
        dependencies: [
            "AffinityEngine",
            .product(name: "Hummingbird", package: "hummingbird"),
        ],
        swiftSettings: swiftSettings
    ),
    .executableTarget(
        name: "affinity",
        dependencies: [
            "AffinityEngine",
            "AffinityHTTP",
            .product(name: "ArgumentParser", package: "swift-argument-parser"),
        ],
        swiftSettings: swiftSettings
    ),
    .testTarget(name: "AffinityCoreTests", dependencies: ["AffinityCore"], swiftSettings: swiftSettings),
    .testTarget(
        name: "AffinityStoreTests", dependencies: ["AffinityStore"], swiftSettings: swiftSettings),
    .testTarget(
        name: "AffinityEngineTests", dependencies: ["AffinityEngine"], swiftSettings: swiftSettings),
    .testTarget(
        name: "AffinityHTTPTests",
        dependencies: [
            "AffinityHTTP",
            .product(name: "HummingbirdTesting", package: "hummingbird"),
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
