import Foundation

/// Buffered text output to a file (created or truncated) or to standard output, so an
/// export of 100k rows makes a few hundred writes, not 100k.
final class FileHandleWriter {
    private let handle: FileHandle
    private let closes: Bool
    private var buffer: [UInt8] = []
    private static let flushSize = 256 * 1024

    /// `path` nil or `-`: standard output.
    init(path: String?) throws {
        if let path, path != "-" {
            guard FileManager.default.createFile(atPath: path, contents: nil) else {
                throw CocoaError(.fileWriteNoPermission, userInfo: [NSFilePathErrorKey: path])
            }
            handle = try FileHandle(forWritingTo: URL(fileURLWithPath: path))
            closes = true
        } else {
            handle = FileHandle.standardOutput
            closes = false
        }
        buffer.reserveCapacity(Self.flushSize)
    }

    func write(_ text: String) throws {
        buffer.append(contentsOf: text.utf8)
        if buffer.count >= Self.flushSize { try flush() }
    }

    func flush() throws {
        guard !buffer.isEmpty else { return }
        try handle.write(contentsOf: buffer)
        buffer.removeAll(keepingCapacity: true)
    }

    func close() throws {
        try flush()
        if closes { try handle.close() }
    }
}
