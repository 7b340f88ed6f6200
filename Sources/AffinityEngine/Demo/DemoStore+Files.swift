import Foundation

extension DemoStore {
    /// The files of `Datasets/demo/`, by name: `products.ndjson` (one product a line,
    /// the catalog wire shape), `events.csv` (``EventCSV/demoColumns``) and
    /// `channels.json`.
    package func files() throws -> [(name: String, contents: String)] {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        let products = try self.products.map { String(decoding: try encoder.encode($0), as: UTF8.self) }
        let events = [EventCSV.demoColumns.joined(separator: ",")] + self.events.map(EventCSV.row)
        encoder.outputFormatting.insert(.prettyPrinted)
        let channels = String(decoding: try encoder.encode(self.channels), as: UTF8.self)
        return [
            ("products.ndjson", products.joined(separator: "\n") + "\n"),
            ("events.csv", events.joined(separator: "\n") + "\n"),
            ("channels.json", channels + "\n"),
        ]
    }
}
