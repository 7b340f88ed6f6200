/// What one erasure removes, decided by the engine (which knows who owned an anonymous
/// id when) and carried out by the store in one transaction.
package struct ErasurePlan: Sendable, Equatable {
    package var userID: String
    /// Log positions of anonymous-only events that belonged to the user when they
    /// happened (the user's own events are deleted by `user_id` in the transaction, so
    /// one committed while the plan was made is caught too).
    package var anonymousEventSequences: [Int64]
    /// Anonymous ids that were only ever the user's: tombstoned like the user.
    package var anonymousIDs: [String]
    /// Orders kept for accounting, with their payload rewritten without the shopper.
    package var orders: [(id: String, payload: String)]
    /// Unix milliseconds.
    package var at: Int64
    /// Whether the user id itself is tombstoned (false when nothing was held on it: a
    /// mistyped id must not block a real user who gets it later).
    package var tombstoneUser: Bool

    package init(
        userID: String, anonymousEventSequences: [Int64], anonymousIDs: [String],
        orders: [(id: String, payload: String)], at: Int64, tombstoneUser: Bool = true
    ) {
        self.tombstoneUser = tombstoneUser
        self.userID = userID
        self.anonymousEventSequences = anonymousEventSequences
        self.anonymousIDs = anonymousIDs
        self.orders = orders
        self.at = at
    }

    package static func == (a: ErasurePlan, b: ErasurePlan) -> Bool {
        a.userID == b.userID && a.anonymousEventSequences == b.anonymousEventSequences
            && a.anonymousIDs == b.anonymousIDs && a.orders.map(\.id) == b.orders.map(\.id)
            && a.orders.map(\.payload) == b.orders.map(\.payload) && a.at == b.at && a.tombstoneUser == b.tombstoneUser
    }
}

/// An erasure job as stored: its state survives restarts.
package struct ErasureRecord: Sendable, Equatable {
    package var userID: String
    package var jobID: String
    /// `erasing` (store done, memory rebuilding), `retraining`, `completed`.
    package var state: String
    package var requestedAt: Int64
    package var completedAt: Int64?
    package var eventsDeleted: Int
    package var anonymousIDs: Int

    package init(
        userID: String, jobID: String, state: String, requestedAt: Int64, completedAt: Int64? = nil,
        eventsDeleted: Int, anonymousIDs: Int
    ) {
        self.userID = userID
        self.jobID = jobID
        self.state = state
        self.requestedAt = requestedAt
        self.completedAt = completedAt
        self.eventsDeleted = eventsDeleted
        self.anonymousIDs = anonymousIDs
    }
}
