import AffinityStore
import Foundation
import Logging
import Synchronization

extension Engine {
    /// `DELETE /v1/users/{user_id}`: erases the shopper. In one store transaction: their
    /// events and the anonymous events that were theirs, carts, consent, the shopper
    /// reference of served lists; orders are kept for accounting with the user, anonymous
    /// id and e-mail removed; the user, their exclusive anonymous ids and every deleted
    /// event id are tombstoned, so replaying or re-importing their old events is a no-op.
    /// Every snapshot is deleted (they hold the user's contribution) and none is written
    /// until the job ends. Then, in the background: the user's profile leaves memory at
    /// once; co-occurrence, popularity and the other indexes are rebuilt from the erased
    /// log (state `erasing`); the ALS model is retrained without them (`retraining`) and a
    /// new snapshot written (`completed`). Answers the job at once (202).
    package func eraseUser(_ userID: String) async throws(AffinityError) -> ErasureStatus {
        try requireReady()
        try Event.checkID(userID, field: "user_id", max: 256)
        let record = try await storeCall { () async throws -> ErasureRecord in
            try await self.erasureLock.run { try await self.eraseInStore(userID) }
        }
        Task { await self.finishErasure(record) }
        return ErasureStatus(record)
    }

    /// The state of a user's erasure; 404 `no_erasure` when none was requested.
    package func erasureStatus(_ userID: String) async throws(AffinityError) -> ErasureStatus {
        guard let record = try await storeCall({ try await self.store.erasure(userID: userID) }) else {
            throw AffinityError(.notFound, code: "no_erasure", message: "no erasure was requested for user '\(userID)'")
        }
        return ErasureStatus(record)
    }

    /// Erases `userID` from the store (see ``eraseUser(_:)``) without touching memory:
    /// what `affinity users erase` does on a stopped server's data directory, whose next
    /// start replays the erased log.
    package func eraseUserOffline(_ userID: String) async throws(AffinityError) -> ErasureStatus {
        try Event.checkID(userID, field: "user_id", max: 256)
        return try await storeCall { () async throws -> ErasureStatus in
            var record = try await self.eraseInStore(userID)
            record.state = "completed"
            record.completedAt = self.options.now()
            try await self.store.saveErasure(record)
            return ErasureStatus(record)
        }
    }

    /// Plans and commits the store side (through the commit queue, so no event of the
    /// user can slip in between the plan and the transaction) and deletes snapshots.
    private func eraseInStore(_ userID: String) async throws -> ErasureRecord {
        let now = options.now()
        var timeline = ShopperTimeline(user: userID)
        var anonymousEvents: [Int64] = []
        var cursor: Int64 = 0
        while true {
            let page = try await store.shopperEvents(userID: userID, after: cursor, limit: 5_000)
            guard let last = page.last else { break }
            for record in page {
                for owned in timeline.feed(record) where owned.userID == nil { anonymousEvents.append(owned.sequence) }
            }
            cursor = last.sequence
        }
        let anonymousIDs = timeline.exclusive
        var orders: [(id: String, payload: String)] = []
        for row in try await store.orders(userID: userID, limit: 100_000) {
            var order = try Self.order(row)
            order.userID = nil
            order.anonymousID = nil
            order.email = nil
            orders.append((row.id, String(decoding: try Self.productEncoder.encode(order), as: UTF8.self)))
        }
        let plan = ErasurePlan(
            userID: userID, anonymousEventSequences: anonymousEvents, anonymousIDs: anonymousIDs, orders: orders,
            at: now)
        var record = ErasureRecord(
            userID: userID, jobID: "erase_" + Hex.random(bytes: 8), state: "erasing", requestedAt: now,
            eventsDeleted: 0, anonymousIDs: anonymousIDs.count)
        snapshotsBlocked.add(1, ordering: .acquiringAndReleasing)
        let planned = record
        let deleted = try await committer.perform { () async throws -> (Int, [EventRecord]) in
            (try await self.store.erase(plan, record: planned), [])
        }
        record.eventsDeleted = deleted
        for path in snapshotFiles() { try? FileManager.default.removeItem(atPath: path) }
        withoutConsent.withLock { _ = $0.remove(userID) }
        state.withLock { state in
            state.withoutConsent.remove(userID)
            state.forget(userID: userID, anonymousIDs: anonymousIDs)
        }
        logger.info(
            "erased a user from the store", metadata: ["job": "\(record.jobID)", "events_deleted": "\(deleted)"])
        return record
    }

    /// The background part: rebuild from the log, retrain, snapshot, completed.
    private func finishErasure(_ started: ErasureRecord) async {
        var record = started
        do {
            try await rebuildStateFromLog()
            snapshotsBlocked.subtract(1, ordering: .acquiringAndReleasing)
            record.state = "retraining"
            try await store.saveErasure(record)
            erasuresAwaitingTraining.withLock { $0.append(record) }
            if await train() != nil { _ = try? await writeSnapshot() }
        } catch {
            logger.error(
                "erasure rebuild failed; the next start rebuilds from the erased log",
                metadata: ["job": "\(record.jobID)", "error": "\(error)"])
        }
    }

    /// Marks erasures completed once a model trained after them is installed.
    func completeErasures() async {
        let done = erasuresAwaitingTraining.withLock { pending in
            defer { pending.removeAll() }
            return pending
        }
        for var record in done {
            record.state = "completed"
            record.completedAt = options.now()
            do {
                try await store.saveErasure(record)
            } catch {
                logger.error("could not record a completed erasure", metadata: ["error": "\(error)"])
            }
        }
    }

    /// At start: an erasure interrupted by a crash is finished by this start, which
    /// rebuilt its state from the (already erased) log without a snapshot; it completes
    /// with the next training run.
    func resumeErasures() async throws {
        for record in try await store.incompleteErasures() {
            var resumed = record
            resumed.state = "retraining"
            try await store.saveErasure(resumed)
            erasuresAwaitingTraining.withLock { $0.append(resumed) }
        }
    }

    /// Builds a fresh state from the catalog and the whole (erased) log off the lock,
    /// catches up with events committed meanwhile, and swaps it in. The ALS model is
    /// left out: it was trained with the erased shopper (vectors are off until the
    /// retrain installs a new one).
    func rebuildStateFromLog() async throws {
        let fresh = StateBox(ServingState(model: options.model, channels: options.channels))
        fresh.state.withoutConsent = withoutConsent.withLock { $0 }
        for record in try await store.allProducts() { fresh.state.upsert(try Self.product(from: record)) }
        try await store.replay(after: 0, chunkSize: 20_000) { chunk in fresh.state.apply(chunk) }
        // The tail, and the swap, in the commit queue: no event commits meanwhile, so the
        // fresh state holds everything the store holds and nothing is applied twice.
        try await committer.perform { () async throws -> (Void, [EventRecord]) in
            try await self.store.replay(after: fresh.state.appliedSequence, chunkSize: 20_000) { chunk in
                fresh.state.apply(chunk)
            }
            // Its applied position is the store's newest remaining event: new events get
            // higher positions (the log never reuses one), so none is skipped.
            self.state.withLock { current in current = fresh.take() }
            return ((), [])
        }
    }
}

/// Holds a state being rebuilt while the store is read (not shared: one task owns it).
private final class StateBox: @unchecked Sendable {
    private var value: ServingState?

    init(_ state: ServingState) { value = state }

    var state: ServingState { value! }

    func take() -> ServingState {
        defer { value = nil }
        return value!
    }
}
