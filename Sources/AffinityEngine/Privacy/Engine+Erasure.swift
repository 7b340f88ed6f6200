import AffinityCore
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
            self.unblockSnapshots()
            record.state = "completed"
            record.completedAt = self.options.now()
            try await self.store.saveErasure(record)
            return ErasureStatus(record)
        }
    }

    /// Plans and commits the store side and deletes snapshots. Snapshots are blocked (and
    /// any being written waited for) and deleted first, so neither a crash after the commit
    /// nor a snapshot racing the erasure can bring the user back; the plan is read and
    /// carried out in one commit-queue job, so no event of the user slips in between.
    private func eraseInStore(_ userID: String) async throws -> ErasureRecord {
        let now = options.now()
        try await blockSnapshots()
        do {
            for path in snapshotFiles() { try? FileManager.default.removeItem(atPath: path) }
            let jobID = "erase_" + Hex.random(bytes: 8)
            let (record, anonymousIDs) = try await committer.perform {
                () async throws -> ((ErasureRecord, [String]), [EventRecord]) in
                let plan = try await self.erasurePlan(userID, at: now)
                var record = ErasureRecord(
                    userID: userID, jobID: jobID, state: "erasing", requestedAt: now, eventsDeleted: 0,
                    anonymousIDs: plan.anonymousIDs.count)
                record.eventsDeleted = try await self.store.erase(plan, record: record)
                return ((record, plan.anonymousIDs), [])
            }
            erasureGeneration.add(1, ordering: .acquiringAndReleasing)
            withoutConsent.withLock { _ = $0.remove(userID) }
            state.withLock { state in
                state.withoutConsent.remove(userID)
                state.forget(userID: userID, anonymousIDs: anonymousIDs)
            }
            logger.info(
                "erased a user from the store",
                metadata: ["job": "\(record.jobID)", "events_deleted": "\(record.eventsDeleted)"])
            return record
        } catch {
            unblockSnapshots()
            throw error
        }
    }

    /// Who owned what: the user's events, the anonymous events that were theirs, their
    /// exclusive anonymous ids, and their orders rewritten without them.
    private func erasurePlan(_ userID: String, at now: Int64) async throws -> ErasurePlan {
        var timeline = ShopperTimeline(user: userID)
        var anonymousEvents: [Int64] = []
        var found = false
        try await store.forEachShopperEvent(userID: userID) { record in
            found = found || record.userID == userID
            for owned in timeline.feed(record) where owned.userID == nil { anonymousEvents.append(owned.sequence) }
        }
        let anonymousIDs = timeline.exclusive
        var orders: [(id: String, payload: String)] = []
        let rows =
            try await store.orders(userID: userID, limit: 100_000)
            + store.orders(anonymousIDs: anonymousIDs)
        var seen = Set<String>()
        for row in rows where seen.insert(row.id).inserted {
            var order = try Self.order(row)
            order.userID = nil
            order.anonymousID = nil
            order.email = nil
            orders.append((row.id, String(decoding: try Self.productEncoder.encode(order), as: UTF8.self)))
        }
        found = found || !orders.isEmpty
        let carts = try await store.carts(userID: userID, anonymousIDs: [])
        let consent = try await store.consent(userID: userID)
        found = found || !carts.isEmpty || consent != nil
        return ErasurePlan(
            userID: userID, anonymousEventSequences: anonymousEvents, anonymousIDs: anonymousIDs, orders: orders,
            at: now, tombstoneUser: found)
    }

    /// Stops snapshot writes and waits for one being written to finish.
    private func blockSnapshots() async throws {
        snapshotsBlocked.add(1, ordering: .acquiringAndReleasing)
        while snapshotWriters.load(ordering: .acquiring) > 0 { try await Task.sleep(for: .milliseconds(5)) }
    }

    func unblockSnapshots() {
        snapshotsBlocked.subtract(1, ordering: .acquiringAndReleasing)
    }

    /// The background part: rebuild from the log, retrain, snapshot, completed.
    private func finishErasure(_ started: ErasureRecord) async {
        var record = started
        do {
            try await rebuildStateFromLog()
            unblockSnapshots()
            record.state = "retraining"
            try await store.saveErasure(record)
            erasuresAwaitingTraining.withLock { $0.append(record) }
            if await train() != nil { _ = try? await writeSnapshot() }
        } catch {
            unblockSnapshots()
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
    /// catches up in the commit queue (where no event or catalog write commits meanwhile)
    /// and swaps it in, keeping the live consent set and tuned blends. Another erasure
    /// committed during the rebuild makes it start over, so its user cannot come back from
    /// events this replay read before they were deleted. The ALS model is left out: it was
    /// trained with the erased shopper (vectors are off until the retrain installs one).
    func rebuildStateFromLog() async throws {
        while true {
            let generation = erasureGeneration.load(ordering: .acquiring)
            let fresh = StateBox(ServingState(model: options.model, channels: options.channels))
            // Products first, as a start does, so events see their categories.
            for record in try await store.allProducts() { fresh.state.upsert(try Self.product(from: record)) }
            try await store.replay(after: 0, chunkSize: 20_000) { chunk in fresh.state.apply(chunk) }
            let swapped = try await committer.perform { () async throws -> (Bool, [EventRecord]) in
                guard self.erasureGeneration.load(ordering: .acquiring) == generation else { return (false, []) }
                // The catalog as of now (its writes go through this queue too: nothing is
                // missed), then the events' tail.
                for record in try await self.store.allProducts() {
                    fresh.state.upsert(try Self.product(from: record))
                }
                try await self.store.replay(after: fresh.state.appliedSequence, chunkSize: 20_000) { chunk in
                    fresh.state.apply(chunk)
                }
                // Its applied position is the store's newest remaining event: new events get
                // higher positions (the log never reuses one), so none is skipped.
                self.state.withLock { current in
                    let consent = current.withoutConsent
                    let blend = current.core.installedBlend
                    current = fresh.take()
                    current.withoutConsent = consent
                    current.core.install(blend: blend)
                }
                return (true, [])
            }
            if swapped { return }
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
