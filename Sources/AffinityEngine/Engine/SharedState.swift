import Synchronization

/// The serving state behind its lock, as a reference so the commit path and the
/// request paths share one instance.
final class SharedState: Sendable {
    private let mutex: Mutex<ServingState>

    init(_ state: sending ServingState) { mutex = Mutex(state) }

    func withLock<Result, Failure: Error>(
        _ body: (inout sending ServingState) throws(Failure) -> sending Result
    ) throws(Failure) -> sending Result {
        try mutex.withLock(body)
    }
}
