import AffinityStore
import Logging

/// Loads a catalog file (NDJSON or CSV with a header; see ``CatalogCSV``) through the
/// catalog write rules of the API: the same validation, and an update older than the
/// stored `source_version` is counted `stale` and never applied.
///
/// NDJSON lines are product bodies (`PUT /v1/products/{id}` with `id`), stock lines
/// (`{"product_id", "available", …}`) or prices lines (`{"product_id", "prices", …}`).
/// Products are written in batches of ``batchSize`` per transaction.
package struct CatalogImporter {
    package struct Summary: Sendable, Encodable {
        package var lines = 0
        package var applied = 0
        package var stale = 0
        package var rejected = 0
        /// The first rejected lines (at most ``CatalogImporter/maxReportedErrors``), in line order.
        package var errors: [LineError] = []
        /// The first stale lines (at most ``CatalogImporter/maxReportedErrors``): older than what is stored.
        package var staleLines: [StaleLine] = []
        package var seconds = 0.0

        enum CodingKeys: String, CodingKey {
            case lines, applied, stale, rejected, errors
            case staleLines = "stale_lines"
            case seconds
        }
    }

    /// A line that was not applied because the stored version is newer.
    package struct StaleLine: Sendable, Encodable, Equatable {
        package var line: Int
        package var id: String
        package var storedVersion: Int64?

        enum CodingKeys: String, CodingKey {
            case line, id
            case storedVersion = "stored_version"
        }
    }

    /// A rejected line.
    package struct LineError: Sendable, Encodable, Equatable {
        package var line: Int
        package var id: String?
        package var code: String
        package var message: String
        package var field: String?
    }

    /// One change a line carries.
    enum Change {
        case product(Product)
        case stock(String, StockUpdate)
        case prices(String, PricesUpdate)
    }

    package static let maxReportedErrors = 20
    /// Lines between two progress reports, besides one after every batch.
    package static let progressInterval = 256
    let engine: Engine
    package var batchSize = 500

    /// An importer for a loaded engine.
    package init(engine: Engine) { self.engine = engine }

    /// Reads every line of `reader`, reporting progress after each batch.
    /// Throws only when the file cannot be read as a whole (a bad CSV header) or the
    /// store fails; bad lines are counted and reported.
    package func run(_ reader: LineReader, progress: (EventImporter.Progress) -> Void) async throws(AffinityError)
        -> Summary
    {
        let started = ContinuousClock.now
        var summary = Summary()
        var csv: CatalogCSV?
        var lineNumber = 0
        var pending: [(line: Int, product: Product)] = []
        let channels = engine.options.channels

        func record(_ line: Int, _ id: String?, _ result: CatalogWriteResult?, _ error: AffinityError?) {
            if let error {
                summary.rejected += 1
                if summary.errors.count < Self.maxReportedErrors {
                    summary.errors.append(
                        LineError(line: line, id: id, code: error.code, message: error.message, field: error.field))
                }
            } else if let result, result.status == "stale" {
                summary.stale += 1
                if summary.staleLines.count < Self.maxReportedErrors {
                    summary.staleLines.append(StaleLine(line: line, id: result.id, storedVersion: result.storedVersion))
                }
            } else {
                summary.applied += 1
            }
        }
        func flush() async throws(AffinityError) {
            guard !pending.isEmpty else { return }
            let results = try await engine.importProducts(pending.map(\.product))
            for (entry, result) in zip(pending, results) { record(entry.line, entry.product.id, result, nil) }
            pending.removeAll(keepingCapacity: true)
            report()
        }
        // Bytes of the lines handed out so far (see ``EventImporter/Progress/bytes``).
        var parsedBytes = 0
        func report() {
            progress(
                EventImporter.Progress(
                    lines: lineNumber, bytes: min(parsedBytes, reader.bytesRead), totalBytes: reader.totalBytes,
                    accepted: summary.applied))
        }

        var first = true
        while var line = reader.nextLine() {
            lineNumber += 1
            parsedBytes += line.count + 1
            if lineNumber % Self.progressInterval == 0 { report() }
            if line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { continue }
            if first {
                first = false
                if line.starts(with: [0xEF, 0xBB, 0xBF]) { line = line.dropFirst(3) }
                if line.first(where: { $0 != 32 && $0 != 9 }) != UInt8(ascii: "{") {
                    csv = try CatalogCSV(header: line, channels: channels)
                    continue
                }
            }
            summary.lines += 1
            let changes: [Change]
            do throws(AffinityError) {
                if let csv { changes = try csv.changes(line) } else { changes = [try Self.ndjsonChange(line)] }
                for change in changes {
                    if case .product(let product) = change { try product.validate(channels: channels) }
                }
            } catch {
                record(lineNumber, Self.peekID(line, csv: csv), nil, error)
                continue
            }
            for change in changes {
                switch change {
                case .product(let product):
                    pending.append((lineNumber, product))
                    if pending.count >= batchSize { try await flush() }
                case .stock(let id, let update):
                    try await flush()
                    try await partial(id, line: lineNumber, record) { () async throws(AffinityError) in
                        try await engine.setStock(id, update)
                    }
                case .prices(let id, let update):
                    try await flush()
                    try await partial(id, line: lineNumber, record) { () async throws(AffinityError) in
                        try await engine.setPrices(id, update)
                    }
                }
            }
        }
        try await flush()
        summary.errors.sort { $0.line < $1.line }
        let elapsed = ContinuousClock.now - started
        summary.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
        parsedBytes = reader.bytesRead
        report()
        return summary
    }

    private func partial(
        _ id: String, line: Int, _ record: (Int, String?, CatalogWriteResult?, AffinityError?) -> Void,
        _ write: () async throws(AffinityError) -> CatalogWriteResult
    ) async throws(AffinityError) {
        do {
            record(line, id, try await write(), nil)
        } catch let error where error.kind != .unavailable {
            record(line, id, nil, error)
        }
    }

    /// One NDJSON line: a product body, or a stock or prices line keyed by `product_id`.
    static func ndjsonChange(_ line: some Collection<UInt8>) throws(AffinityError) -> Change {
        let probe = try EventDecoding.decode(Probe.self, from: line)
        guard probe.keyed else {
            let product = try EventDecoding.decode(Product.self, from: line)
            guard !product.id.isEmpty else {
                throw AffinityError(.invalid, code: "missing_field", message: "id is required", field: "id")
            }
            return .product(product)
        }
        switch (probe.hasAvailable, probe.hasPrices) {
        case (true, false):
            let data = try EventDecoding.decode(GenericWebhook.StockData.self, from: line)
            return .stock(
                data.productID,
                StockUpdate(
                    available: data.available, allowBackorder: data.allowBackorder,
                    manageInventory: data.manageInventory,
                    sourceVersion: data.sourceVersion))
        case (false, true):
            let data = try EventDecoding.decode(GenericWebhook.PricesData.self, from: line)
            return .prices(data.productID, PricesUpdate(prices: data.prices, sourceVersion: data.sourceVersion))
        default:
            throw .invalid(
                "product_id",
                "a product_id line updates either stock (available) or prices (prices), not both or neither")
        }
    }

    /// Which kind of line this is, from the keys present.
    struct Probe: Decodable {
        var keyed: Bool
        var hasAvailable: Bool
        var hasPrices: Bool

        enum Keys: String, CodingKey { case productID = "product_id", available, prices }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Keys.self)
            keyed = c.contains(.productID)
            hasAvailable = c.contains(.available)
            hasPrices = c.contains(.prices)
        }
    }

    /// The id of a line, best effort, for error reports.
    static func peekID(_ line: some Collection<UInt8>, csv: CatalogCSV?) -> String? {
        if let csv { return csv.id(line) }
        return try? EventDecoding.decode(IDPeek.self, from: line).id
    }

    struct IDPeek: Decodable {
        var id: String?

        enum Keys: String, CodingKey { case id, productID = "product_id" }

        init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: Keys.self)
            id =
                (try? c.decodeIfPresent(String.self, forKey: .id))
                ?? (try? c.decodeIfPresent(String.self, forKey: .productID))
        }
    }
}

extension Engine {
    /// Writes validated products in one transaction (older `source_version` ⇒ `stale`) and
    /// indexes the applied ones.
    func importProducts(_ products: [Product]) async throws(AffinityError) -> [CatalogWriteResult] {
        try requireReady()
        await leaveDemo()
        do {
            return try await committer.perform { () async throws -> ([CatalogWriteResult], [EventRecord]) in
                let outcomes = try await self.store.upsertProducts(try products.map { try self.productRecord($0) })
                var results: [CatalogWriteResult] = []
                self.state.withLock { state in
                    for (product, outcome) in zip(products, outcomes) {
                        if outcome == .applied { state.upsert(product) }
                        results.append(Self.result(product.id, outcome))
                    }
                }
                return (results, [])
            }
        } catch let error as AffinityError {
            throw error
        } catch {
            logger.error("catalog import failed", metadata: ["error": "\(error)"])
            throw AffinityError(
                .unavailable, code: "store_unavailable", message: "the products could not be stored; retry")
        }
    }
}
