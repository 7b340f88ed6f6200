import AffinityStore
import Foundation
import Logging

extension Engine {
    /// Writes the demo catalog and events through the normal paths (canonical form,
    /// dedup), so a seeded store is exactly what an import of the files would give.
    func seedDemo(_ demo: DemoStore) async throws {
        try await saveProducts(demo.products)
        var batch: [EventRecord] = []
        for event in demo.events {
            let (valid, millis) = try event.validated(now: options.now(), rules: eventRules)
            batch.append(try EventCanonicalForm.record(valid, occurredAt: millis))
            if batch.count == 5000 {
                _ = try await committer.commitNow([AppendBatch(records: batch, atomic: false)])
                batch.removeAll(keepingCapacity: true)
            }
        }
        _ = try await committer.commitNow([AppendBatch(records: batch, atomic: false)])
        logger.info(
            "seeded the demo store", metadata: ["products": "\(demo.products.count)", "events": "\(demo.events.count)"])
    }

    /// Stores products (older `source_version`s are skipped) and indexes them.
    func saveProducts(_ products: [Product]) async throws {
        let outcomes = try await store.upsertProducts(try products.map(productRecord))
        state.withLock { state in
            for (product, outcome) in zip(products, outcomes) where outcome == .applied { state.upsert(product) }
        }
    }
}
