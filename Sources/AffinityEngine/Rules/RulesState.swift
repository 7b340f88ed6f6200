import Synchronization

/// The active rules file and the outcome of the last load attempt. A file that fails
/// validation never replaces the active rules: the old ones keep serving and the errors
/// are kept here for `GET /v1/admin/config` and the log.
package final class RulesState: Sendable {
    /// What operators see about the rules.
    package struct Status: Sendable {
        /// The rules in force (nil when the server runs without a rules file).
        package var active: RulesConfig?
        /// Where the rules come from.
        package var path: String?
        /// Errors of the last failed load, empty after a successful one.
        package var lastErrors: [RulesConfigError]
        /// When the last load was attempted (Unix ms).
        package var lastAttemptAt: Int64?
        /// Failed loads since start.
        package var failedReloads: Int
    }

    private let status: Mutex<Status>

    package init(active: RulesConfig?, path: String?) {
        status = Mutex(Status(active: active, path: path, lastErrors: [], lastAttemptAt: nil, failedReloads: 0))
    }

    /// The rules in force now.
    package var active: RulesConfig? { status.withLock { $0.active } }

    package var current: Status { status.withLock { $0 } }

    /// Records a load attempt: success swaps the rules in atomically, failure keeps the
    /// old ones and remembers why.
    func record(_ result: Result<RulesConfig, RulesConfigErrors>, at time: Int64) {
        status.withLock { status in
            status.lastAttemptAt = time
            switch result {
            case .success(let rules):
                status.active = rules
                status.lastErrors = []
            case .failure(let errors):
                status.lastErrors = errors.errors
                status.failedReloads += 1
            }
        }
    }
}
