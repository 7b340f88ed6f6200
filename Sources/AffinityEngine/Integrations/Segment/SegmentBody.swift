/// A Segment HTTP Tracking API body: one call (`{"type": "track", …}`) or a batch
/// (`{"batch": [calls], "context"?, "integrations"?, "sentAt"?}`, whose outer members
/// apply to every call that does not set its own, as Segment's batch endpoint does).
package enum SegmentBody {
    /// Calls per request, as for `POST /v1/events` (Segment's own batches stay far below:
    /// they are capped at 500 KB).
    package static let maxCalls = 1000

    /// The calls of `body`, each with the batch's shared members merged in; a 422 when the
    /// body is neither shape, a 413 beyond ``maxCalls``.
    package static func calls(in body: JSONValue) throws(AffinityError) -> [JSONValue] {
        guard case .object(let members) = body else {
            throw .invalid("body", "the body must be a Segment call or {\"batch\": [calls]}")
        }
        guard let batch = members["batch"] else { return [body] }
        guard let calls = batch.array else { throw .invalid("batch", "batch must be an array of calls") }
        guard calls.count <= maxCalls else {
            throw AffinityError(
                .tooLarge, code: "too_many_events",
                message: "at most \(maxCalls) calls per request (got \(calls.count)); split the batch")
        }
        guard !calls.isEmpty else { throw .invalid("batch", "the batch has no calls") }
        return calls.map { merged($0, into: members) }
    }

    /// `call` with the batch's `context` and `integrations` under its own (the call's
    /// keys win) and the batch's `sentAt` when it has none.
    static func merged(_ call: JSONValue, into batch: [String: JSONValue]) -> JSONValue {
        guard case .object(var members) = call else { return call }
        for key in ["context", "integrations"] {
            guard case .object(let shared)? = batch[key] else { continue }
            if case .object(let own)? = members[key] {
                members[key] = .object(shared.merging(own) { _, own in own })
            } else if members[key] == nil {
                members[key] = .object(shared)
            }
        }
        if members["sentAt"] == nil, let sentAt = batch["sentAt"] { members["sentAt"] = sentAt }
        return .object(members)
    }
}
