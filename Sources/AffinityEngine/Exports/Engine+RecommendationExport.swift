import AffinityCore
import Foundation

extension Engine {
    /// Every known user id (not anonymous ids: a campaign addresses people it can reach),
    /// in first-seen order; with `activeSince` (Unix ms) only those whose newest counted
    /// event is at or after it. Users merged away or erased are not listed.
    package func exportUserIDs(activeSince: Int64?) throws(AffinityError) -> [String] {
        try requireReady()
        return state.withLock { state in
            var ids: [String] = []
            let all = state.shoppers.allStrings
            for (index, key) in all.enumerated() where key.hasPrefix("u:") {
                if let activeSince {
                    guard let last = state.core.lastActivity(of: Int32(index)), last * 1000 >= activeSince else {
                        continue
                    }
                }
                ids.append(String(key.dropFirst(2)))
            }
            return ids
        }
    }

    /// One shopper's list for a campaign: exactly what `GET /v1/recommendations?placement=`
    /// answers for that user (rules, filters, stock, the channel's prices, experiments),
    /// recorded as a served list so that clicks echoing its `recommendation_id` are
    /// attributed. With `replica`, made on that worker's copy of the state.
    package func exportList(
        placement: String, userID: String, channel: String?, replica: ServingReplica? = nil
    ) async throws(AffinityError) -> RecommendationResponse {
        let query = RecommendationQuery(
            strategy: .forYou, userID: userID, channel: channel, placement: placement, countIsExplicit: false)
        return try await recommendPlacement(query, rules: rules.active, preview: false, replica: replica)
    }

    /// Lists for `users` in their order, made by `workers` tasks in parallel, each on its
    /// own replica of the state (an offline job: events applied meanwhile are not seen).
    /// `line` turns a list into output text (on the worker); `write` receives the text in
    /// user order, one chunk of users at a time; `progress` the number of users done.
    package func exportLists(
        placement: String, users: [String], channel: String?, workers: Int,
        line: @escaping @Sendable (String, RecommendationResponse) throws -> String,
        write: (String) throws -> Void, progress: (Int) -> Void
    ) async throws {
        try requireReady()
        let workers = max(1, workers)
        let chunk = 256
        let chunks = (users.count + chunk - 1) / chunk
        var free = state.withLock { state in (0..<workers).map { _ in ServingReplica(state.replica()) } }
        let work = { @Sendable (index: Int, replica: ServingReplica) async throws -> (Int, String, ServingReplica) in
            var text = ""
            for user in users[(index * chunk)..<min(users.count, (index + 1) * chunk)] {
                let list = try await self.exportList(
                    placement: placement, userID: user, channel: channel, replica: replica)
                text += try line(user, list)
            }
            return (index, text, replica)
        }
        try await withThrowingTaskGroup(of: (Int, String, ServingReplica).self) { group in
            var next = 0
            var written = 0
            var done: [Int: String] = [:]
            while next < chunks, let replica = free.popLast() {
                let index = next
                group.addTask { try await work(index, replica) }
                next += 1
            }
            while let (index, text, replica) = try await group.next() {
                done[index] = text
                while let ready = done.removeValue(forKey: written) {
                    try write(ready)
                    written += 1
                    progress(min(users.count, written * chunk))
                }
                if next < chunks {
                    let index = next
                    group.addTask { try await work(index, replica) }
                    next += 1
                }
            }
        }
    }

    /// Writes the served lists recorded so far (an export calls it before it exits).
    package func flushServedLists() async {
        await servedLists.flush()
    }
}

/// How `affinity export recommendations` writes a list.
package enum ExportFormat: String, Sendable, CaseIterable {
    /// One JSON object per shopper and line.
    case ndjson
    /// One row per shopper, `product_N_…` columns per position (what email tools merge).
    case csv
}

extension RecommendationResponse {
    /// The NDJSON line (with its newline) for `userID`: the response's fields (items as
    /// the API encodes them, best first) plus `user_id`.
    package func exportLine(userID: String) throws -> String {
        struct Line: Encodable {
            var userID: String
            var response: RecommendationResponse

            enum CodingKeys: String, CodingKey { case userID = "user_id" }

            func encode(to encoder: any Encoder) throws {
                try response.encode(to: encoder)
                var c = encoder.container(keyedBy: CodingKeys.self)
                try c.encode(userID, forKey: .userID)
            }
        }
        let data = try EventCanonicalForm.encoder.encode(Line(userID: userID, response: self))
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// The CSV header for lists of up to `count` items.
    package static func exportHeader(count: Int) -> String {
        var columns = ["user_id", "recommendation_id", "placement", "channel", "count"]
        for n in 1...max(1, count) {
            let p = "product_\(n)_"
            columns += [p + "id", p + "title", p + "price_minor", p + "currency", p + "url", p + "image_url"]
        }
        return FeedFormat.csv.line(columns)
    }

    /// The CSV row for `userID`, padded to `count` positions.
    package func exportRow(userID: String, count: Int) -> String {
        var cells = [userID, recommendationID, placement ?? "", channel ?? "", String(items.count)]
        for n in 0..<max(1, count) {
            guard n < items.count else {
                cells += Array(repeating: "", count: 6)
                continue
            }
            let item = items[n]
            cells += [
                item.productID, item.title ?? "", item.price.map { String($0.amountMinor) } ?? "",
                item.price?.currency ?? "", item.url ?? "", item.imageURL ?? "",
            ]
        }
        return FeedFormat.csv.line(cells)
    }
}
