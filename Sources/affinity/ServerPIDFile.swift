import Foundation

#if canImport(Glibc)
    import Glibc
#endif

/// `<data-dir>/server.pid`: written by `affinity serve` while it runs, so commands that
/// must not change a live server's data behind its back can refuse.
struct ServerPIDFile {
    let path: String

    init(dataDirectory: String) {
        path = (dataDirectory as NSString).appendingPathComponent("server.pid")
    }

    func write() {
        try? "\(getpid())\n".write(toFile: path, atomically: true, encoding: .utf8)
    }

    func remove() {
        try? FileManager.default.removeItem(atPath: path)
    }

    /// The pid of a server still running on the directory (a stale file of a killed
    /// server is ignored).
    func runningServer() -> Int32? {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8),
            let pid = Int32(text.trimmingCharacters(in: .whitespacesAndNewlines)), pid > 0
        else { return nil }
        return kill(pid, 0) == 0 || errno == EPERM ? pid : nil
    }
}
