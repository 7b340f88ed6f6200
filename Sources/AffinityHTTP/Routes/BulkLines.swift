import AffinityEngine
import Hummingbird
import NIOCore

/// The lines of a streamed NDJSON body, without their newlines. A line over 1 MiB is
/// replaced by a marker that fails to parse, so it is rejected on its own.
struct NDJSONLines: AsyncSequence {
    typealias Element = [UInt8]
    let body: RequestBody
    static let maxLineBytes = 1 << 20

    struct AsyncIterator: AsyncIteratorProtocol {
        var chunks: RequestBody.AsyncIterator
        var buffer: [UInt8] = []
        var oversized = false
        var ready: [[UInt8]] = []
        var finished = false

        mutating func next() async throws -> [UInt8]? {
            while ready.isEmpty {
                if finished { return nil }
                guard let chunk = try await chunks.next() else {
                    finished = true
                    if oversized || !buffer.isEmpty { ready.append(oversized ? NDJSONLines.marker : buffer) }
                    buffer = []
                    break
                }
                for byte in chunk.readableBytesView {
                    if byte == 10 {
                        ready.append(oversized ? NDJSONLines.marker : buffer)
                        buffer.removeAll(keepingCapacity: true)
                        oversized = false
                    } else if !oversized {
                        buffer.append(byte)
                        if buffer.count > NDJSONLines.maxLineBytes {
                            oversized = true
                            buffer.removeAll()
                        }
                    }
                }
            }
            return ready.isEmpty ? nil : ready.removeFirst()
        }
    }

    static let marker = Array("line longer than 1 MiB".utf8)

    func makeAsyncIterator() -> AsyncIterator { AsyncIterator(chunks: body.makeAsyncIterator()) }
}

/// One line's result in a catalog bulk upload.
struct BulkLineResult: Encodable {
    var line: Int
    var id: String?
    var status: String
    var storedVersion: Int64?
    var error: ErrorBody?

    struct ErrorBody: Encodable {
        var code: String
        var message: String
        var field: String?
        init(_ error: AffinityError) {
            code = error.code
            message = error.message
            field = error.field
        }
    }

    enum CodingKeys: String, CodingKey {
        case line, id, status
        case storedVersion = "stored_version"
        case error
    }
}

struct BulkSummary: Encodable {
    var counts: [String: Int]
    var results: [BulkLineResult]
}

/// A `POST /v1/stock/bulk` line.
struct BulkStockLine: Decodable {
    var productID: String
    var available: Int
    var allowBackorder: Bool?
    var manageInventory: Bool?
    var sourceVersion: Int64?

    enum CodingKeys: String, CodingKey {
        case productID = "product_id"
        case available
        case allowBackorder = "allow_backorder"
        case manageInventory = "manage_inventory"
        case sourceVersion = "source_version"
    }

    var update: StockUpdate {
        StockUpdate(
            available: available, allowBackorder: allowBackorder, manageInventory: manageInventory,
            sourceVersion: sourceVersion)
    }
}

/// A `POST /v1/prices/bulk` line.
struct BulkPricesLine: Decodable {
    var productID: String
    var prices: [Price]
    var sourceVersion: Int64?

    enum CodingKeys: String, CodingKey {
        case productID = "product_id"
        case prices
        case sourceVersion = "source_version"
    }
}
