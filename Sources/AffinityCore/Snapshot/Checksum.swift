/// CRC-32 (IEEE 802.3, reflected, polynomial 0xEDB88320), used to detect corrupted
/// model and state snapshots before their contents are trusted.
package enum CRC32 {
    /// Slicing-by-8 tables: `tables[k * 256 + b]` is the CRC of byte `b` followed by
    /// `k` zero bytes; table 0 is the classic byte-at-a-time table. Eight bytes per
    /// step make checking a multi-megabyte state snapshot several times faster.
    private static let tables: [UInt32] = {
        var t = [UInt32](repeating: 0, count: 8 * 256)
        for n in 0..<256 {
            var c = UInt32(n)
            for _ in 0..<8 { c = (c & 1) != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            t[n] = c
        }
        for k in 1..<8 {
            for n in 0..<256 {
                let prev = t[(k - 1) * 256 + n]
                t[k * 256 + n] = t[Int(prev & 0xFF)] ^ (prev >> 8)
            }
        }
        return t
    }()

    /// The checksum of `bytes`; `CRC32.checksum(Array("123456789".utf8)) == 0xCBF43926`.
    package static func checksum<C: Collection>(_ bytes: C) -> UInt32 where C.Element == UInt8 {
        if let fast = bytes.withContiguousStorageIfAvailable({ update(0xFFFF_FFFF, $0) }) {
            return fast ^ 0xFFFF_FFFF
        }
        var crc: UInt32 = 0xFFFF_FFFF
        tables.withUnsafeBufferPointer { t in
            for b in bytes { crc = t[Int((crc ^ UInt32(b)) & 0xFF)] ^ (crc >> 8) }
        }
        return crc ^ 0xFFFF_FFFF
    }

    /// Advances `crc` over contiguous bytes, eight at a time.
    private static func update(_ start: UInt32, _ bytes: UnsafeBufferPointer<UInt8>) -> UInt32 {
        var crc = start
        tables.withUnsafeBufferPointer { tb in
            let t = tb.baseAddress!
            var i = 0
            let n = bytes.count
            if let p = bytes.baseAddress {
                while i + 8 <= n {
                    let lo =
                        crc ^ (UInt32(p[i]) | UInt32(p[i + 1]) << 8 | UInt32(p[i + 2]) << 16 | UInt32(p[i + 3]) << 24)
                    let hi = UInt32(p[i + 4]) | UInt32(p[i + 5]) << 8 | UInt32(p[i + 6]) << 16 | UInt32(p[i + 7]) << 24
                    crc =
                        t[7 * 256 + Int(lo & 0xFF)] ^ t[6 * 256 + Int((lo >> 8) & 0xFF)]
                        ^ t[5 * 256 + Int((lo >> 16) & 0xFF)] ^ t[4 * 256 + Int(lo >> 24)]
                        ^ t[3 * 256 + Int(hi & 0xFF)] ^ t[2 * 256 + Int((hi >> 8) & 0xFF)]
                        ^ t[256 + Int((hi >> 16) & 0xFF)] ^ t[Int(hi >> 24)]
                    i += 8
                }
                while i < n {
                    crc = t[Int((crc ^ UInt32(p[i])) & 0xFF)] ^ (crc >> 8)
                    i += 1
                }
            }
        }
        return crc
    }
}
