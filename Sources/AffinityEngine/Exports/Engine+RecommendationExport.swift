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
    /// attributed.
    package func exportList(placement: String, userID: String, channel: String?) async throws(AffinityError)
        -> RecommendationResponse
    {
        try await recommend(
            RecommendationQuery(
                strategy: .forYou, userID: userID, channel: channel, placement: placement, countIsExplicit: false))
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
