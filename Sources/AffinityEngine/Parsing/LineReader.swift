#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// Reads a file (or standard input) as lines of bytes, in large chunks, without
/// decoding text: importers parse bytes directly.
package final class LineReader {
    private static let chunk = 4 << 20
    private let descriptor: Int32
    private let ownsDescriptor: Bool
    /// Read bytes live in `buffer[start..<end]`; the rest is reused space.
    private var buffer: [UInt8] = []
    private var start = 0
    private var end = 0
    private var finished = false
    /// Bytes read so far (for progress against the file size).
    package private(set) var bytesRead = 0
    /// The file's size, when it is a regular file.
    package let totalBytes: Int?

    /// Opens `path`, or standard input for `-`.
    package init(path: String) throws(AffinityError) {
        if path == "-" {
            descriptor = 0
            ownsDescriptor = false
            totalBytes = nil
        } else {
            descriptor = open(path, O_RDONLY)
            guard descriptor >= 0 else {
                throw AffinityError(
                    .notFound, code: "cannot_open", message: "cannot open \(path): \(String(cString: strerror(errno)))")
            }
            ownsDescriptor = true
            var info = stat()
            totalBytes = fstat(descriptor, &info) == 0 && (info.st_mode & S_IFMT) == S_IFREG ? Int(info.st_size) : nil
        }
    }

    deinit { if ownsDescriptor { close(descriptor) } }

    /// The next line without its `\n` (and `\r`), or `nil` at the end.
    package func nextLine() -> ArraySlice<UInt8>? {
        while true {
            if let newline = nextNewline() {
                var lineEnd = newline
                if lineEnd > start, buffer[lineEnd - 1] == 13 { lineEnd -= 1 }
                let line = buffer[start..<lineEnd]
                start = newline + 1
                return line
            }
            if finished {
                guard start < end else { return nil }
                let line = buffer[start..<end]
                start = end
                return line
            }
            fill()
        }
    }

    private func nextNewline() -> Int? {
        guard end > start else { return nil }
        let (start, end) = (start, end)
        return buffer.withUnsafeBufferPointer { bytes in
            guard let found = memchr(bytes.baseAddress! + start, 10, end - start) else { return nil }
            return UnsafeRawPointer(bytes.baseAddress!).distance(to: UnsafeRawPointer(found))
        }
    }

    /// Moves the unread bytes to the front and reads the next chunk after them, growing
    /// the buffer only when a line is longer than what is free.
    private func fill() {
        let (start, end) = (start, end)
        if start > 0 {
            buffer.withUnsafeMutableBytes { raw in
                _ = memmove(raw.baseAddress!, raw.baseAddress! + start, end - start)
            }
            self.end = end - start
            self.start = 0
        }
        let used = self.end
        if buffer.count - used < Self.chunk {
            buffer.append(contentsOf: repeatElement(0, count: used + Self.chunk - buffer.count))
        }
        let count = buffer.withUnsafeMutableBytes { raw in
            read(descriptor, raw.baseAddress! + used, Self.chunk)
        }
        if count <= 0 {
            finished = true
        } else {
            self.end += count
            bytesRead += count
        }
    }
}
