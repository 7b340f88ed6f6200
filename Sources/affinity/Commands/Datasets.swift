import AffinityEngine
import ArgumentParser
import Foundation

/// `affinity datasets …`: demo and public datasets.
struct Datasets: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        abstract: "Generate the demo store.", subcommands: [DatasetsDemo.self])
}

/// `affinity datasets demo --seed N --out DIR`.
struct DatasetsDemo: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Write the synthetic demo store into a directory.",
        discussion: """
            Writes products.ndjson, events.csv and channels.json into --out; the same --seed \
            (and sizes) always gives the same files.
            """)

    @Option(help: "Generator seed (the committed Datasets/demo uses 42).") var seed: UInt64 = DemoStore.defaultSeed
    @Option(help: "Output directory.") var out: String
    @Option(help: "Number of products.") var products = 2000
    @Option(help: "Number of shoppers.") var shoppers = 1000

    func run() async throws {
        let demo = DemoStore.generate(seed: seed, products: products, shoppers: shoppers)
        try FileManager.default.createDirectory(atPath: out, withIntermediateDirectories: true)
        let files = try demo.files()
        for (name, contents) in files {
            try contents.write(
                toFile: (out as NSString).appendingPathComponent(name), atomically: true, encoding: .utf8)
        }
        print("wrote \(demo.products.count) products and \(demo.events.count) events to \(out)")
    }
}
