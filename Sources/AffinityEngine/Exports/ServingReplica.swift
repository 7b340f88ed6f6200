/// One worker's copy of the serving state for an offline job (see
/// ``ServingState/replica()``): it lets workers make lists in parallel without the
/// engine's lock. Sendable so it can move to the worker's task; a replica must be used by
/// one task at a time (``Engine/exportLists(placement:users:channel:workers:line:write:progress:)``
/// hands each to one child task).
package final class ServingReplica: @unchecked Sendable {
    let state: ServingState

    init(_ state: ServingState) { self.state = state }
}
