import AffinityEngine
import Foundation

/// A one-line progress bar on standard error (only when it is a terminal).
final class ProgressBar {
    private let enabled: Bool
    private let started = Date()

    init(enabled: Bool) {
        self.enabled = enabled && isatty(2) == 1
    }

    func update(_ progress: EventImporter.Progress) {
        guard enabled else { return }
        let elapsed = max(Date().timeIntervalSince(started), 0.001)
        let rate = Int(Double(progress.lines) / elapsed)
        var text = "\(progress.lines) lines, \(rate)/s"
        if let total = progress.totalBytes, total > 0 {
            let fraction = min(1, Double(progress.bytes) / Double(total))
            let filled = Int(fraction * 30)
            text =
                "[" + String(repeating: "=", count: filled) + String(repeating: " ", count: 30 - filled) + "] "
                + "\(Int(fraction * 100))% " + text
        }
        FileHandle.standardError.write(Data(("\r" + text + "   ").utf8))
    }

    func finish() {
        if enabled { FileHandle.standardError.write(Data("\n".utf8)) }
    }
}
