import AffinityCore
import Foundation
import Logging
import Synchronization

extension Engine {
    /// Where snapshots live: `<data-dir>/snapshots/state-<sequence>.snap`.
    package var snapshotDirectory: String {
        (options.dataDirectory as NSString).appendingPathComponent("snapshots")
    }

    /// Writes the current state to a new snapshot file (write to a temporary name,
    /// fsync, rename), keeps the newest ``keptSnapshots`` and returns the file's path.
    @discardableResult
    package func writeSnapshot() async throws -> String {
        try await Self.onTrainingThread { Result { try self.writeSnapshotNow() } }.get()
    }

    /// Encodes and writes the snapshot on the calling thread (the training thread).
    private func writeSnapshotNow() throws -> String {
        snapshotWriters.add(1, ordering: .acquiringAndReleasing)
        defer { snapshotWriters.subtract(1, ordering: .acquiringAndReleasing) }
        guard snapshotsBlocked.load(ordering: .acquiring) == 0 else { throw SnapshotError.blockedByErasure }
        let snapshot = state.withLock { state in
            StateSnapshot(
                header: .init(
                    formatVersion: StateSnapshot.formatVersion, sequence: state.appliedSequence,
                    createdAt: RFC3339.string(milliseconds: options.now()), products: state.products.allStrings,
                    shoppers: state.shoppers.allStrings, channels: state.channels.allStrings,
                    categories: state.categories.allStrings, tokens: state.tokens.allStrings),
                core: state.core.encodedState())
        }
        let bytes = try snapshot.encoded()
        try FileManager.default.createDirectory(atPath: snapshotDirectory, withIntermediateDirectories: true)
        let name = String(format: "state-%020lld.snap", snapshot.header.sequence)
        let path = (snapshotDirectory as NSString).appendingPathComponent(name)
        let temporary = path + ".tmp"
        try Data(bytes).write(to: URL(fileURLWithPath: temporary))
        let handle = try FileHandle(forWritingTo: URL(fileURLWithPath: temporary))
        try handle.synchronize()
        try handle.close()
        if FileManager.default.fileExists(atPath: path) { try FileManager.default.removeItem(atPath: path) }
        try FileManager.default.moveItem(atPath: temporary, toPath: path)
        for old in snapshotFiles().dropFirst(Self.keptSnapshots) {
            try? FileManager.default.removeItem(atPath: old)
        }
        logger.info("wrote snapshot", metadata: ["path": "\(path)", "bytes": "\(bytes.count)"])
        return path
    }

    static let keptSnapshots = 3

    /// Snapshot files, newest first.
    /// The log position of the newest snapshot file (from its name), or -1 without one.
    func newestSnapshotSequence() -> Int64 {
        guard let newest = snapshotFiles().first else { return -1 }
        let name = (newest as NSString).lastPathComponent
        return Int64(name.dropFirst("state-".count).dropLast(".snap".count)) ?? -1
    }

    func snapshotFiles() -> [String] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: snapshotDirectory)) ?? []
        return names.filter { $0.hasPrefix("state-") && $0.hasSuffix(".snap") }.sorted(by: >).map {
            (snapshotDirectory as NSString).appendingPathComponent($0)
        }
    }

    /// Restores the newest usable snapshot into `state` and returns its sequence; a
    /// corrupt or incompatible file is logged and skipped. Returns nil when none is usable.
    func restoreNewestSnapshot(into state: inout ServingState) -> (sequence: Int64, path: String)? {
        for path in snapshotFiles() {
            do {
                guard let data = FileManager.default.contents(atPath: path) else {
                    throw SnapshotError.corrupt("unreadable")
                }
                let snapshot = try StateSnapshot(decoding: Array(data))
                let core: ScoringCore
                do {
                    core = try ScoringCore(decodingState: snapshot.core, config: options.model)
                } catch {
                    throw SnapshotError.corrupt("\(error)")
                }
                state = ServingState(model: options.model, channels: options.channels, core: core)
                let header = snapshot.header
                state.products = Interner(strings: header.products)
                state.shoppers = Interner(strings: header.shoppers)
                state.channels = Interner(strings: header.channels)
                state.categories = Interner(strings: header.categories)
                state.tokens = Interner(strings: header.tokens)
                state.appliedSequence = header.sequence
                return (header.sequence, path)
            } catch {
                logger.error(
                    "ignoring snapshot: it cannot be used; falling back to an older snapshot or the event log",
                    metadata: ["path": "\(path)", "reason": "\(error)"])
            }
        }
        return nil
    }
}
