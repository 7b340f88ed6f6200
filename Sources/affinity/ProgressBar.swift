import AffinityEngine
import Dispatch
import Foundation
import Synchronization

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// A one-line status on standard error, redrawn in place a few times a second, only when
/// standard error is a terminal: piped or redirected, a command prints nothing but its
/// result. Callers report as often as they like (``update(_:)`` only stores the latest
/// status, from any thread); a timer draws it every ``interval``, starting once the work
/// has run for ``delay``, so that short runs never flash a bar. ``finish()`` erases it.
final class ProgressBar: Sendable {
    /// What to show.
    struct Status: Sendable {
        /// The step, e.g. "training ALS"; a new phase restarts the rate and the ETA.
        var phase: String?
        /// Work done, in `unit`.
        var completed: Int
        /// All the work, in `unit`, when known.
        var total: Int?
        /// What `completed` counts ("events", "users", "iterations").
        var unit: String
        /// Share done (0...1) when it is not `completed / total` (imports: bytes of the file).
        var fraction: Double?
        /// Shown after the count (imports: "14.8/40.0 MB").
        var detail: String?
        /// Show `completed` per second.
        var showsRate = true

        /// A step with nothing to count: its name and the time so far.
        static func step(_ phase: String) -> Status {
            Status(phase: phase, completed: 0, total: nil, unit: "", showsRate: false)
        }

        /// The share done, if known.
        var share: Double? {
            if let fraction { return min(1, max(0, fraction)) }
            guard let total else { return nil }
            return total > 0 ? min(1, Double(completed) / Double(total)) : 1
        }
    }

    private struct State {
        var status: Status?
        var phaseStarted: ContinuousClock.Instant
        /// When `status` came.
        var updated: ContinuousClock.Instant
        var drawn = false
        var finished = false
    }

    private let enabled: Bool
    private let started = ContinuousClock.now
    private let delay: Duration
    private let interval: Duration
    private let state: Mutex<State>
    private let queue = DispatchQueue(label: "affinity.progress")

    /// A bar that draws only when `enabled` and standard error is a terminal (and `TERM`
    /// is not `dumb`).
    init(enabled: Bool, delay: Duration = .seconds(1), interval: Duration = .milliseconds(250)) {
        let term = ProcessInfo.processInfo.environment["TERM"]
        self.enabled = enabled && isatty(2) == 1 && term != "dumb"
        self.delay = delay
        self.interval = interval
        state = Mutex(State(phaseStarted: started, updated: started))
        if self.enabled { scheduleTick() }
    }

    deinit { finish() }

    /// Stores the latest status; the timer draws it.
    func update(_ status: Status) {
        guard enabled else { return }
        state.withLock { state in
            // The rate and the ETA count from a phase's first report, not from set-up.
            let now = ContinuousClock.now
            if state.status == nil || state.status?.phase != status.phase { state.phaseStarted = now }
            state.status = status
            state.updated = now
        }
    }

    /// An importer's progress: lines (named `unit`), share of the file's bytes when its
    /// size is known, rate and ETA.
    func update(_ progress: EventImporter.Progress, unit: String) {
        guard enabled else { return }
        var detail: String?
        if let total = progress.totalBytes { detail = Self.bytes(progress.bytes, of: total) }
        update(
            Status(
                phase: nil, completed: progress.lines, total: nil, unit: unit, fraction: progress.fraction,
                detail: detail))
    }

    /// Stops drawing and erases the line; later updates are ignored. Call it before
    /// printing the result (a `defer` also covers errors).
    func finish() {
        guard enabled else { return }
        state.withLock { state in
            guard !state.finished else { return }
            state.finished = true
            if state.drawn { Self.write("\r\u{1B}[K") }
        }
    }

    private func scheduleTick() {
        let nanoseconds =
            Int(interval.components.seconds) * 1_000_000_000
            + Int(interval.components.attoseconds / 1_000_000_000)
        queue.asyncAfter(deadline: .now() + .nanoseconds(nanoseconds)) { [weak self] in
            guard let self, self.tick() else { return }
            self.scheduleTick()
        }
    }

    /// Draws the latest status; false once finished.
    private func tick() -> Bool {
        let now = ContinuousClock.now
        return state.withLock { state in
            guard !state.finished else { return false }
            guard now - started >= delay, let status = state.status else { return true }
            let line = Self.render(
                status, elapsed: now - started, phaseElapsed: now - state.phaseStarted,
                sinceUpdate: now - state.updated, width: Self.columns() - 1)
            Self.write("\r" + line + "\u{1B}[K")
            state.drawn = true
            return true
        }
    }

    /// One line of at most `width` characters:
    /// `phase [=====>    ]  42%  1,234/5,000 users  detail  850/s  ETA 0:05`.
    /// The rate and the ETA go by the phase's pace up to the latest update; between
    /// updates (an ALS iteration can take a while) the ETA counts down.
    static func render(
        _ status: Status, elapsed: Duration, phaseElapsed: Duration, sinceUpdate: Duration, width: Int
    ) -> String {
        let waited = Self.seconds(sinceUpdate)
        // The phase's length at the latest update.
        let seconds = max(0, Self.seconds(phaseElapsed) - waited)
        var tail: [String] = []
        let share = status.share
        if let share { tail.append(String(format: "%3d%%", Int(share * 100))) }
        if !status.unit.isEmpty {
            let total = status.total.map { "/" + grouped($0) } ?? ""
            tail.append(grouped(status.completed) + total + " " + status.unit)
        }
        if let detail = status.detail { tail.append(detail) }
        if status.showsRate, !status.unit.isEmpty, seconds >= 0.5, status.completed > 0 {
            tail.append("\(grouped(Int(Double(status.completed) / seconds)))/s")
        }
        if let share, share < 1 {
            // The phase's pace so far, once there is some of it to go by.
            if share >= 0.01, seconds >= 0.5 {
                tail.append("ETA " + clock(seconds * (1 - share) / share - waited, roundingUp: true))
            } else {
                tail.append("ETA -:--")
            }
        } else if share == nil {
            // Nothing to go by: the time so far (of the step, when there are steps).
            tail.append(clock(status.phase == nil ? Self.seconds(elapsed) : seconds + waited))
        }
        let head = status.phase.map { [$0] } ?? []
        let text = (head + tail).joined(separator: "  ")
        guard share != nil else { return String(text.prefix(width)) }
        // The bar takes what is left, between 10 and 30 cells.
        let cells = min(30, width - text.count - 3)
        guard cells >= 10, let share else { return String(text.prefix(width)) }
        let filled = Int(share * Double(cells))
        let bar =
            "[" + String(repeating: "=", count: filled)
            + (filled < cells ? ">" + String(repeating: " ", count: cells - filled - 1) : "") + "]"
        // The percentage sits right after the bar: `[=====>    ]  42%`.
        return (head + [bar + " " + tail[0]] + tail.dropFirst()).joined(separator: "  ")
    }

    /// `14.8/40.0 MB` (or kB, or B).
    static func bytes(_ done: Int, of total: Int) -> String {
        let units: [(scale: Double, name: String)] = [(1_073_741_824, "GB"), (1_048_576, "MB"), (1024, "kB")]
        guard let unit = units.first(where: { Double(total) >= $0.scale }) else { return "\(done)/\(total) B" }
        return String(format: "%.1f/%.1f ", Double(done) / unit.scale, Double(total) / unit.scale) + unit.name
    }

    /// `1,234,567`.
    static func grouped(_ value: Int) -> String {
        let digits = String(value.magnitude)
        var out = ""
        for (index, digit) in digits.enumerated() {
            if index > 0, (digits.count - index) % 3 == 0 { out.append(",") }
            out.append(digit)
        }
        return (value < 0 ? "-" : "") + out
    }

    /// `0:07`, `12:34`, `1:02:03`: a time left rounds up, a time so far down.
    static func clock(_ seconds: Double, roundingUp: Bool = false) -> String {
        let total = Int(max(0, seconds).rounded(roundingUp ? .up : .down))
        let (h, m, s) = (total / 3600, total / 60 % 60, total % 60)
        return h > 0 ? String(format: "%d:%02d:%02d", h, m, s) : String(format: "%d:%02d", m, s)
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) * 1e-18
    }

    /// The terminal's width (80 when it cannot be told).
    static func columns() -> Int {
        var size = winsize()
        if ioctl(2, UInt(TIOCGWINSZ), &size) == 0, size.ws_col >= 20 { return Int(size.ws_col) }
        return 80
    }

    private static func write(_ text: String) {
        FileHandle.standardError.write(Data(text.utf8))
    }
}
