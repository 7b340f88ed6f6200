/// Why a model snapshot could not be decoded; each case names the corruption so an
/// operator can tell a truncated file from a version skew.
public enum ALSModelDecodingError: Error, Equatable, Sendable {
    /// Fewer bytes than the header or the declared payload needs.
    case truncated(expected: Int, actual: Int)
    /// Not an ALS snapshot at all.
    case badMagic
    /// Written by a newer/unknown format version.
    case unsupportedVersion(UInt32)
    /// Bytes were altered after writing.
    case checksumMismatch(stored: UInt32, computed: UInt32)
    /// Header fields are inconsistent (e.g. zero factors).
    case invalidHeader
}

extension ALSModel {
    /// "AFALS\0\0\1" — identifies the file type.
    static let magic: [UInt8] = [0x41, 0x46, 0x41, 0x4C, 0x53, 0, 0, 1]
    /// Current format version.
    static let formatVersion: UInt32 = 1
    static let headerSize = 8 + 4 * 6

    /// Serialises the snapshot: magic, version, factors, stride, itemCount,
    /// regularization, alpha (little-endian), the factor floats, then a CRC-32 of
    /// everything before it. Only item factors are stored; YᵀY is recomputed on load.
    public func encoded() -> [UInt8] {
        var out = ALSModel.magic
        out.reserveCapacity(ALSModel.headerSize + itemFactors.count * 4 + 4)
        func put(_ v: UInt32) { withUnsafeBytes(of: v.littleEndian) { out.append(contentsOf: $0) } }
        put(ALSModel.formatVersion)
        put(UInt32(factors))
        put(UInt32(stride))
        put(UInt32(itemCount))
        put(regularization.bitPattern)
        put(alpha.bitPattern)
        for f in itemFactors { put(f.bitPattern) }
        put(CRC32.checksum(out))
        return out
    }

    /// Restores a snapshot written by `encoded()`, verifying magic, version,
    /// dimensions and checksum before trusting any value.
    public convenience init(decoding bytes: [UInt8]) throws(ALSModelDecodingError) {
        guard bytes.count >= ALSModel.headerSize + 4 else {
            throw .truncated(expected: ALSModel.headerSize + 4, actual: bytes.count)
        }
        guard Array(bytes[0..<8]) == ALSModel.magic else { throw .badMagic }
        func u32(_ at: Int) -> UInt32 {
            UInt32(bytes[at]) | UInt32(bytes[at + 1]) << 8 | UInt32(bytes[at + 2]) << 16 | UInt32(bytes[at + 3]) << 24
        }
        let version = u32(8)
        guard version == ALSModel.formatVersion else { throw .unsupportedVersion(version) }
        let factors = Int(u32(12)), stride = Int(u32(16)), itemCount = Int(u32(20))
        guard factors > 0, factors <= 4096, stride == VectorMath.paddedStride(factors), itemCount < 1 << 31 else {
            throw .invalidHeader
        }
        let payload = itemCount * stride
        let total = ALSModel.headerSize + payload * 4 + 4
        guard bytes.count == total else { throw .truncated(expected: total, actual: bytes.count) }
        let stored = u32(total - 4)
        let computed = CRC32.checksum(bytes[0..<(total - 4)])
        guard stored == computed else { throw .checksumMismatch(stored: stored, computed: computed) }
        var y = [Float](repeating: 0, count: payload)
        for i in 0..<payload { y[i] = Float(bitPattern: u32(ALSModel.headerSize + 4 * i)) }
        self.init(
            factors: factors, itemCount: itemCount, regularization: Float(bitPattern: u32(24)),
            alpha: Float(bitPattern: u32(28)), itemFactors: y)
    }
}
