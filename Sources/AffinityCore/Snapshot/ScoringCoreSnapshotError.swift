/// Why a `ScoringCore` state snapshot was rejected. Each case tells an operator what
/// to do: a truncated or corrupted file means "use an older snapshot or replay the
/// whole log"; a version or config mismatch means the snapshot is intact but was
/// written by other code or other hyper-parameters and must not be mixed in.
public enum ScoringCoreSnapshotError: Error, Equatable, Sendable, CustomStringConvertible {
    /// The bytes end before the header or the length the header declares.
    case truncated
    /// Not a ScoringCore snapshot at all (wrong file?).
    case badMagic
    /// Written by a format version this build cannot read.
    case unsupportedVersion(UInt32)
    /// Written under different state-shaping configuration (event weights, history
    /// window, half-lives, co-occurrence window/decay/neighbours, content weights).
    case configMismatch
    /// The bytes were altered after writing (disk or transfer corruption).
    case checksumMismatch
    /// The checksum matched but the contents are inconsistent (a writer bug or a
    /// crafted file); the message names the offending field.
    case corrupt(String)

    /// An operator-facing explanation with the usual remedy.
    public var description: String {
        let fallback = "use an older snapshot or replay the full event log"
        switch self {
        case .truncated:
            return "state snapshot is truncated (incomplete write or copy); \(fallback)"
        case .badMagic:
            return "not a ScoringCore state snapshot (missing \"AFSC\" header); check the snapshot path"
        case .unsupportedVersion(let v):
            return "state snapshot format version \(v) is not supported by this build (it reads version "
                + "\(ScoringCore.snapshotFormatVersion)); replay the full event log"
        case .configMismatch:
            return "state snapshot was written under a different model configuration (event weights, history "
                + "window, popularity half-lives, co-occurrence window/decay/max neighbours or content weights "
                + "changed); replay the full event log to rebuild state under the new configuration"
        case .checksumMismatch:
            return "state snapshot failed its CRC-32 check (corrupted on disk or in transfer); \(fallback)"
        case .corrupt(let detail):
            return "state snapshot is internally inconsistent (\(detail)); \(fallback)"
        }
    }
}
