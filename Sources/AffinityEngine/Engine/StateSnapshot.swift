import AffinityCore
import Foundation

/// One file holding the whole in-memory state at a log position: the id interners (so
/// dense ids mean the same after a restart), the scoring core's state (including the
/// trained model) and the last applied event sequence.
///
/// Layout: `AFFSNAP1`, a little-endian UInt32 header length, the JSON header, the core
/// state bytes, and a CRC-32 of everything before it. A file that fails any check is
/// reported and ignored; the server then falls back to an older snapshot or the log.
struct StateSnapshot {
    static let magic = Array("AFFSNAP1".utf8)
    static let formatVersion = 1

    struct Header: Codable {
        var formatVersion: Int
        var sequence: Int64
        var createdAt: String
        var products: [String]
        var shoppers: [String]
        var channels: [String]
        var categories: [String]
        var tokens: [String]
    }

    var header: Header
    var core: [UInt8]

    func encoded() throws -> [UInt8] {
        let json = try JSONEncoder().encode(header)
        var bytes = Self.magic
        bytes.reserveCapacity(bytes.count + 8 + json.count + core.count)
        withUnsafeBytes(of: UInt32(json.count).littleEndian) { bytes.append(contentsOf: $0) }
        bytes.append(contentsOf: json)
        bytes.append(contentsOf: core)
        withUnsafeBytes(of: CRC32.checksum(bytes).littleEndian) { bytes.append(contentsOf: $0) }
        return bytes
    }

    /// Decodes and verifies a snapshot file's bytes; the error says what is wrong.
    init(decoding bytes: [UInt8]) throws(SnapshotError) {
        guard bytes.count >= Self.magic.count + 8 else { throw .corrupt("the file is truncated") }
        guard Array(bytes[0..<Self.magic.count]) == Self.magic else { throw .corrupt("not an Affinity snapshot") }
        let body = bytes[0..<(bytes.count - 4)]
        let stored = bytes[(bytes.count - 4)...].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }.littleEndian
        guard CRC32.checksum(body) == stored else { throw .corrupt("checksum mismatch") }
        let lengthStart = Self.magic.count
        let length = Int(
            bytes[lengthStart..<(lengthStart + 4)].withUnsafeBytes { $0.loadUnaligned(as: UInt32.self) }.littleEndian)
        let headerStart = lengthStart + 4
        guard headerStart + length <= body.count else { throw .corrupt("header length out of range") }
        do {
            header = try JSONDecoder().decode(Header.self, from: Data(bytes[headerStart..<(headerStart + length)]))
        } catch {
            throw .corrupt("unreadable header: \(error)")
        }
        guard header.formatVersion == Self.formatVersion else {
            throw .corrupt("format version \(header.formatVersion) is not supported (expected \(Self.formatVersion))")
        }
        core = Array(body[(headerStart + length)...])
    }

    init(header: Header, core: [UInt8]) {
        self.header = header
        self.core = core
    }
}

/// Why a snapshot could not be used.
enum SnapshotError: Error, CustomStringConvertible {
    case corrupt(String)
    /// An erasure is rebuilding the state: a snapshot now would keep what it removes.
    case blockedByErasure

    var description: String {
        switch self {
        case .corrupt(let reason): reason
        case .blockedByErasure: "an erasure is rebuilding the state; the snapshot is written after it"
        }
    }
}
