// swift-tools-version: 6.1
import PackageDescription

// A stand-alone release executable that times the core's former hand-written MaxHeap and
// Math series against swift-collections' Heap and swift-numerics' RealModule, on inputs
// shaped like the core's call sites. Run it with `Benchmarks/library-vs-handwritten.sh`.
// Kept out of the root package so that nothing else is built; the versions are the ones
// the root package resolves for AffinityCore.
let package = Package(
    name: "LibraryVsHandwritten",
    platforms: [.macOS(.v15)],
    dependencies: [
        .package(url: "https://github.com/apple/swift-collections.git", exact: "1.6.0"),
        .package(url: "https://github.com/apple/swift-numerics.git", exact: "1.1.1"),
    ],
    targets: [
        .executableTarget(
            name: "LibraryVsHandwritten",
            dependencies: [
                .product(name: "HeapModule", package: "swift-collections"),
                .product(name: "RealModule", package: "swift-numerics"),
            ],
            swiftSettings: [
                .enableUpcomingFeature("ExistentialAny"),
                .enableUpcomingFeature("MemberImportVisibility"),
                .enableUpcomingFeature("InternalImportsByDefault"),
            ]
        )
    ],
    swiftLanguageModes: [.v6]
)
