import AffinityEngine
import Hummingbird
import NIOCore

/// The lines of a streamed NDJSON body, without their newlines. A line over
/// ``maxLineBytes`` is not kept in memory: ``AsyncIterator/nextLine()`` reports its length
/// (``Line/tooLong(_:)``) so that it is rejected on its own as `line_too_long`; the plain
/// sequence (`for try await line in …`) yields a marker that fails to parse instead.
struct NDJSONLines: AsyncSequence {
    typealias Element = [UInt8]
    let body: RequestBody
    static let maxLineBytes = EventDecoding.maxLineBytes

    /// One line, or the length of one over the limit.
    enum Line {
        case bytes([UInt8])
        case tooLong(Int)
    }

    struct AsyncIterator: AsyncIteratorProtocol {
        var chunks: RequestBody.AsyncIterator
        var buffer: [UInt8] = []
        /// The length of the current line once it is over the limit (its bytes are dropped).
        var oversized: Int?
        var ready: [Line] = []
        var finished = false

        mutating func next() async throws -> [UInt8]? {
            switch try await nextLine() {
            case nil: nil
            case .bytes(let bytes): bytes
            case .tooLong: NDJSONLines.marker
            }
        }

        mutating func nextLine() async throws -> Line? {
            while ready.isEmpty {
                if finished { return nil }
                guard let chunk = try await chunks.next() else {
                    finished = true
                    if let oversized {
                        ready.append(.tooLong(oversized))
                    } else if !buffer.isEmpty {
                        ready.append(.bytes(buffer))
                    }
                    buffer = []
                    break
                }
                for byte in chunk.readableBytesView {
                    if byte == 10 {
                        ready.append(oversized.map(Line.tooLong) ?? .bytes(buffer))
                        buffer.removeAll(keepingCapacity: true)
                        oversized = nil
                    } else if let length = oversized {
                        oversized = length + 1
                    } else {
                        buffer.append(byte)
                        if buffer.count > NDJSONLines.maxLineBytes {
                            oversized = buffer.count
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

/// Stands for a line whose bytes ``NDJSONLines`` dropped because it was over the limit:
/// it has the line's length and reads as `?` throughout, so that
/// ``EventDecoding/decodeLine(_:)`` rejects it by its length (`line_too_long`) before
/// reading any byte, and the blank-line check never takes it for whitespace.
struct DroppedLine: RandomAccessCollection {
    let count: Int
    var startIndex: Int { 0 }
    var endIndex: Int { count }
    subscript(position: Int) -> UInt8 { UInt8(ascii: "?") }
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
