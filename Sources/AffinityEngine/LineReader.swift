#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a file (or standard input) as lines of bytes, in large chunks, without
/// decoding text: importers parse bytes directly.
public final class LineReader {
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    private var buffer: [UInt8] = []
    private var start = 0
    private var finished = false
    /// Bytes read so far (for progress against the file size).
    public private(set) var bytesRead = 0
    /// The file's size, when it is a regular file.
    public let totalBytes: Int?

    /// Opens `path`, or standard input for `-`.
    public init(path: String) throws(AffinityError) {
        if path == "-" {
            descriptor = 0
            ownsDescriptor = false
            totalBytes = nil
        } else {
            descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else {
                throw AffinityError(.notFound, code: "cannot_open", message: "cannot open \(path): \(String(cString: strerror(errno)))")
            }
            ownsDescriptor = true
            var info = stat()
            totalBytes = fstat(descriptor, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG ? Int(info.st_size) : nil
        }
    }

    deinit { if ownsDescriptor { close(descriptor) } }

    /// The next line without its `\n` (and `\r`), or `nil` at the end.
    public func nextLine() -> ArraySlice<UInt8>? {
        while true {
            if let newline = buffer[start...].firstIndex(of: 10) {
                var end = newline
                if end > start, buffer[end - 1] == 13 { end -= 1 }
                let line = buffer[start..<end]
                start = newline + 1
                return line
            }
            if finished {
                guard start < buffer.count else { return nil }
                let line = buffer[start...]
                start = buffer.count
                return line
            }
            fill()
        }
    }

    private func fill() {
        if start > 0 {
            buffer.removeSubrange(0..<start)
            start = 0
        }
        let chunk = 4 << 20
        let old = buffer.count
        buffer.append(contentsOf: repeatElement(0, count: chunk))
        let count = buffer.withUnsafeMutableBytes { raw in read(descriptor, raw.baseAddress! + old, chunk) }
        buffer.removeLast(chunk - max(count, 0))
        if count <= 0 { finished = true } else { bytesRead += count }
    }
}
