/// Reads what `SnapshotWriter` wrote, bounds-checking every access.
///
/// A snapshot comes from disk, so nothing in it is trusted: every read checks the
/// remaining length first and reports `.corrupt` instead of trapping, and columns
/// are copied out in bulk so decoding millions of values stays fast.
struct SnapshotReader {
    private let bytes: [UInt8]
    /// Next byte to read.
    private(set) var offset: Int
    /// One past the last readable byte (the checksum after it is not payload).
    let end: Int

    /// Reads `bytes[offset..<end]`.
    init(_ bytes: [UInt8], offset: Int, end: Int) {
        self.bytes = bytes
        self.offset = offset
        self.end = end
    }

    /// Whether a stored event time is consistent with the newest event time and far
    /// enough from the Int64 limits that the core's time differences cannot overflow
    /// (real event times are many orders of magnitude inside this range).
    static func plausible(_ t: Int64, latest: Int64) -> Bool {
        t <= latest && t > -(1 << 62) && t < 1 << 62
    }

    /// Bytes left before `end`.
    var remaining: Int { end - offset }

    /// Fails unless `n` more bytes exist; `what` names the field for the operator.
    private func need(_ n: Int, _ what: String) throws(ScoringCoreSnapshotError) {
        guard n >= 0, n <= remaining else {
            throw .corrupt("\(what) needs \(n) bytes but only \(remaining) remain at offset \(offset)")
        }
    }

    /// Scalars as `SnapshotWriter` wrote them; `what` names the field in errors.
    mutating func integer<T: FixedWidthInteger>(_: T.Type, _ what: String) throws(ScoringCoreSnapshotError) -> T {
        let size = MemoryLayout<T>.size
        try need(size, what)
        let v = bytes.withUnsafeBytes { T(littleEndian: $0.loadUnaligned(fromByteOffset: offset, as: T.self)) }
        offset += size
        return v
    }

    mutating func u8(_ what: String) throws(ScoringCoreSnapshotError) -> UInt8 { try integer(UInt8.self, what) }
    mutating func u32(_ what: String) throws(ScoringCoreSnapshotError) -> UInt32 { try integer(UInt32.self, what) }
    mutating func u64(_ what: String) throws(ScoringCoreSnapshotError) -> UInt64 { try integer(UInt64.self, what) }
    mutating func i32(_ what: String) throws(ScoringCoreSnapshotError) -> Int32 { try integer(Int32.self, what) }
    mutating func i64(_ what: String) throws(ScoringCoreSnapshotError) -> Int64 { try integer(Int64.self, what) }
    mutating func f32(_ what: String) throws(ScoringCoreSnapshotError) -> Float {
        Float(bitPattern: try integer(UInt32.self, what))
    }
    mutating func f64(_ what: String) throws(ScoringCoreSnapshotError) -> Double {
        Double(bitPattern: try integer(UInt64.self, what))
    }

    /// A 0/1 byte; anything else means the stream is out of step.
    mutating func bool(_ what: String) throws(ScoringCoreSnapshotError) -> Bool {
        switch try u8(what) {
        case 0: return false
        case 1: return true
        case let b: throw .corrupt("\(what) is \(b), expected 0 or 1")
        }
    }

    /// A count written by `SnapshotWriter.count`, rejected if it could not possibly
    /// fit in the remaining bytes at `elementSize` bytes per element (so a corrupt
    /// count cannot trigger a huge allocation).
    mutating func count(_ what: String, elementSize: Int = 1) throws(ScoringCoreSnapshotError) -> Int {
        let raw = try u64(what)
        guard raw <= UInt64(remaining / max(1, elementSize)) else {
            throw .corrupt("\(what) count \(raw) exceeds the \(remaining) bytes left")
        }
        return Int(raw)
    }

    mutating func string(_ what: String) throws(ScoringCoreSnapshotError) -> String {
        let n = try count(what)
        let s = String(decoding: bytes[offset..<offset + n], as: UTF8.self)
        offset += n
        return s
    }

    mutating func blob(_ what: String) throws(ScoringCoreSnapshotError) -> [UInt8] {
        let n = try count(what)
        let b = Array(bytes[offset..<offset + n])
        offset += n
        return b
    }

    /// Copies `n` trivially-copyable elements out in one piece (little-endian hosts)
    /// or value by value with byte swapping (big-endian hosts).
    private mutating func column<T: BitwiseCopyable>(
        _ n: Int, _: T.Type, swap: (T) -> T
    ) -> [T] {
        let size = n * MemoryLayout<T>.stride
        let start = offset
        let out = [T](unsafeUninitializedCapacity: n) { buf, initialized in
            bytes.withUnsafeBytes { raw in
                UnsafeMutableRawBufferPointer(buf).copyMemory(
                    from: UnsafeRawBufferPointer(rebasing: raw[start..<start + size]))
            }
            initialized = n
        }
        offset += size
        #if _endian(little)
            return out
        #else
            return out.map(swap)
        #endif
    }

    /// An integer column written by `SnapshotWriter.array`.
    mutating func array<T: FixedWidthInteger & BitwiseCopyable>(_: T.Type, _ what: String)
        throws(ScoringCoreSnapshotError) -> [T]
    {
        let n = try count(what, elementSize: MemoryLayout<T>.size)
        return column(n, T.self) { T(littleEndian: $0) }
    }

    mutating func floats(_ what: String) throws(ScoringCoreSnapshotError) -> [Float] {
        let n = try count(what, elementSize: 4)
        return column(n, Float.self) { Float(bitPattern: UInt32(littleEndian: $0.bitPattern)) }
    }

    mutating func doubles(_ what: String) throws(ScoringCoreSnapshotError) -> [Double] {
        let n = try count(what, elementSize: 8)
        return column(n, Double.self) { Double(bitPattern: UInt64(littleEndian: $0.bitPattern)) }
    }

    /// An integer column that must hold exactly `n` elements (a column parallel to
    /// another one).
    mutating func array<T: FixedWidthInteger & BitwiseCopyable>(
        _: T.Type, count n: Int, _ what: String
    ) throws(ScoringCoreSnapshotError) -> [T] {
        let a = try array(T.self, what)
        guard a.count == n else { throw .corrupt("\(what) has \(a.count) entries, expected \(n)") }
        return a
    }

    mutating func floats(count n: Int, _ what: String) throws(ScoringCoreSnapshotError) -> [Float] {
        let a = try floats(what)
        guard a.count == n else { throw .corrupt("\(what) has \(a.count) entries, expected \(n)") }
        return a
    }
}
