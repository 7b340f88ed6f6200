/// Appends little-endian binary values to a growing byte buffer.
///
/// Snapshots of a busy core hold millions of numbers, so arrays are copied in bulk
/// (one `memcpy`-style append per column) rather than value by value; the on-disk
/// byte order is fixed to little-endian so a snapshot moves between machines.
struct SnapshotWriter {
    private(set) var bytes: [UInt8] = []

    /// Creates a writer, pre-sizing the buffer when the caller can estimate it
    /// (avoids repeated reallocation of a multi-megabyte buffer).
    init(reservingCapacity capacity: Int = 0) { bytes.reserveCapacity(capacity) }

    /// Number of bytes written so far.
    var count: Int { bytes.count }

    /// Scalars, each in its fixed little-endian width; floats go by bit pattern so
    /// restored values are bit-identical (NaN payloads and signed zeros included).
    mutating func u8(_ v: UInt8) { bytes.append(v) }

    mutating func bool(_ v: Bool) { bytes.append(v ? 1 : 0) }

    mutating func integer<T: FixedWidthInteger>(_ v: T) {
        withUnsafeBytes(of: v.littleEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func u32(_ v: UInt32) { integer(v) }
    mutating func u64(_ v: UInt64) { integer(v) }
    mutating func i32(_ v: Int32) { integer(v) }
    mutating func i64(_ v: Int64) { integer(v) }
    /// Counts are written as UInt64 so the format does not depend on `Int`'s width.
    mutating func count(_ n: Int) { integer(UInt64(n)) }
    mutating func f32(_ v: Float) { integer(v.bitPattern) }
    mutating func f64(_ v: Double) { integer(v.bitPattern) }

    /// UTF-8 bytes prefixed by their count.
    mutating func string(_ s: String) {
        let utf8 = Array(s.utf8)
        count(utf8.count)
        bytes.append(contentsOf: utf8)
    }

    /// Raw bytes prefixed by their count (e.g. an embedded sub-snapshot).
    mutating func blob(_ b: [UInt8]) {
        count(b.count)
        bytes.append(contentsOf: b)
    }

    /// An integer column prefixed by its element count, copied in one piece on
    /// little-endian hosts.
    mutating func array<T: FixedWidthInteger>(_ a: [T]) {
        count(a.count)
        #if _endian(little)
            a.withUnsafeBytes { bytes.append(contentsOf: $0) }
        #else
            for v in a { integer(v) }
        #endif
    }

    /// A Float column (IEEE-754 bit patterns), prefixed by its count.
    mutating func array(_ a: [Float]) {
        count(a.count)
        #if _endian(little)
            a.withUnsafeBytes { bytes.append(contentsOf: $0) }
        #else
            for v in a { f32(v) }
        #endif
    }

    /// A Double column (IEEE-754 bit patterns), prefixed by its count.
    mutating func array(_ a: [Double]) {
        count(a.count)
        #if _endian(little)
            a.withUnsafeBytes { bytes.append(contentsOf: $0) }
        #else
            for v in a { f64(v) }
        #endif
    }

    /// Overwrites 8 bytes at `offset` (a length field reserved before its payload
    /// was known).
    mutating func patchU64(_ v: UInt64, at offset: Int) {
        withUnsafeBytes(of: v.littleEndian) { src in
            for k in 0..<8 { bytes[offset + k] = src[k] }
        }
    }
}
