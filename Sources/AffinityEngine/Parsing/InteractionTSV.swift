package import AffinityCore
import Foundation

/// The interaction files of `Benchmarks/eval/split.py`: a header line naming `user`,
/// `item` and `timestamp` columns (tab-separated), then one interaction a line.
package enum InteractionTSV {
    /// Reads all rows in file order; timestamps may be integers or decimals (seconds).
    package static func read(path: String) throws(AffinityError) -> [OfflineEvaluation.Row] {
        let reader = try LineReader(path: path)
        guard let header = reader.nextLine() else { throw .invalid(path, "\(path) is empty") }
        let names = String(decoding: header, as: UTF8.self).split(separator: "\t").map {
            $0.split(separator: ":").first.map { String($0).lowercased() } ?? ""
        }
        func column(_ candidates: [String]) throws(AffinityError) -> Int {
            guard let index = names.firstIndex(where: { candidates.contains($0) }) else {
                throw .invalid(
                    path, "\(path) has no \(candidates[0]) column (header: \(names.joined(separator: ", ")))")
            }
            return index
        }
        let user = try column(["user", "user_id"])
        let item = try column(["item", "item_id", "product_id"])
        let time = try column(["timestamp", "ts", "time"])
        var rows: [OfflineEvaluation.Row] = []
        var number = 1
        while let line = reader.nextLine() {
            number += 1
            if line.isEmpty { continue }
            let fields = line.split(separator: 9, omittingEmptySubsequences: false)
            guard fields.count > max(user, item, time),
                let seconds = Double(String(decoding: fields[time], as: UTF8.self))
            else { throw .invalid(path, "\(path):\(number): expected user, item and a numeric timestamp") }
            rows.append(
                OfflineEvaluation.Row(
                    user: String(decoding: fields[user], as: UTF8.self),
                    item: String(decoding: fields[item], as: UTF8.self),
                    timestamp: Int64(seconds)))
        }
        return rows
    }
}
