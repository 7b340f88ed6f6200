import AffinityStore
import Foundation

extension Engine {
    /// The report for one experiment, from its served lists and the events that echo
    /// their `recommendation_id` (counting rules: ``ExperimentReport``). Throws 404 when
    /// the experiment is neither in the active rules nor in any served list.
    package func experimentReport(_ id: String) async throws -> ExperimentReport {
        await servedLists.flush()
        let lists: [ServedListRecord]
        do {
            lists = try await store.servedLists(experiment: id)
        } catch {
            throw AffinityError(.unavailable, code: "store_error", message: "cannot read served lists: \(error)")
        }
        let configured = rules.active?.experiments[id]
        guard configured != nil || !lists.isEmpty else {
            throw AffinityError(
                .notFound, code: "experiment_not_found",
                message: "no experiment '\(id)' in the active rules and no list served for it")
        }
        let window = (configured?.attributionWindow ?? Experiment.defaultAttributionWindow) * 1000
        var tallies: [String: Tally] = [:]
        for variant in configured?.variants ?? [] { tallies[variant.id] = Tally() }
        var byID: [String: (variant: String, list: ServedListRecord)] = [:]
        for list in lists {
            let variant = list.variant ?? "unknown"
            byID[list.recommendationID] = (variant, list)
            tallies[variant, default: Tally()].impressions += 1
        }
        do {
            // Rows of one event arrive together (index order is log order); each event is
            // tallied once per list it echoes, with all its lines that echo that list.
            var sequence: Int64 = -1
            var type = ""
            var pending: [(recommendationID: String, lines: [AttributionLine])] = []
            func flush() {
                for group in pending {
                    guard let served = byID[group.recommendationID] else { continue }
                    tallies[served.variant, default: Tally()].add(type: type, lines: group.lines, list: served.list)
                }
                pending.removeAll()
            }
            try await store.forEachAttribution(experiment: id) { row in
                guard let served = byID[row.line.recommendationID],
                    row.occurredAt >= served.list.servedAt - ExperimentReport.clockSkewMillis,
                    row.occurredAt <= served.list.servedAt + window
                else { return }
                if row.sequence != sequence {
                    flush()
                    sequence = row.sequence
                    type = row.type
                }
                if let index = pending.firstIndex(where: { $0.recommendationID == row.line.recommendationID }) {
                    pending[index].lines.append(row.line)
                } else {
                    pending.append((row.line.recommendationID, [row.line]))
                }
            }
            flush()
        } catch {
            throw AffinityError(.unavailable, code: "store_error", message: "cannot read attributions: \(error)")
        }
        let control = configured?.control ?? "control"
        let order = (configured?.variants.map(\.id) ?? []) + tallies.keys.sorted()
        var seen: Set<String> = []
        let variants = order.filter { seen.insert($0).inserted }.map { id in
            tallies[id, default: Tally()].report(variant: id, control: id == control ? nil : tallies[control])
        }
        return ExperimentReport(
            experiment: id, placement: configured?.placement ?? lists.first?.placement, control: control,
            attributionWindowSeconds: window / 1000, generatedAt: RFC3339.string(milliseconds: options.now()),
            active: configured != nil, variants: variants,
            method: "95% intervals: Wilson score for CTR and conversion, normal approximation for revenue per "
                + "impression; lift = treatment/control - 1 with a delta-method interval on the log ratio")
    }
}

/// Per-variant counters while scanning events.
struct Tally {
    var impressions = 0
    var impressionLists: Set<String> = []
    var clicks = 0
    var clickedLists: Set<String> = []
    var addToCarts = 0
    var purchases = 0
    var convertedLists: Set<String> = []
    /// Currency → recommendation id → attributed revenue (minor units).
    var revenue: [String: [String: Int64]] = [:]

    /// Counts one event's `lines` that echo `list`. Add-to-carts and purchases count
    /// only lines whose product the list showed; revenue is unit price × quantity per
    /// such line (saturating, so a hostile quantity cannot overflow a total).
    mutating func add(type: String, lines: [AttributionLine], list: ServedListRecord) {
        let id = list.recommendationID
        switch type {
        case "rec_impression":
            impressionLists.insert(id)
        case "rec_click":
            clicks += 1
            clickedLists.insert(id)
        case "add_to_cart", "purchase":
            let products = Set(list.productIDs)
            let matching = lines.filter { $0.productID.map(products.contains) ?? false }
            guard !matching.isEmpty else { return }
            guard type == "purchase" else {
                addToCarts += 1
                return
            }
            purchases += 1
            convertedLists.insert(id)
            for line in matching {
                guard let price = line.priceMinor else { continue }
                let (amount, overflow) = price.multipliedReportingOverflow(by: Int64(line.quantity))
                let currency = line.currency ?? "XXX"
                let total = revenue[currency, default: [:]][id, default: 0]
                let (sum, overflowSum) = total.addingReportingOverflow(overflow ? .max : amount)
                revenue[currency, default: [:]][id] = overflowSum ? .max : sum
            }
        default:
            return
        }
    }

    func report(variant: String, control: Tally?) -> VariantReport {
        let ctr = ExperimentStatistics.wilson(successes: clickedLists.count, trials: impressions)
        let conversion = ExperimentStatistics.wilson(successes: convertedLists.count, trials: impressions)
        let revenue = revenue.keys.sorted().map { currency in
            let perList = self.revenue[currency] ?? [:]
            var values = perList.values.map(Double.init)
            values += Array(repeating: 0, count: max(0, impressions - values.count))
            return CurrencyRevenue(
                currency: currency, totalMinor: perList.values.reduce(0, +),
                perImpression: ExperimentStatistics.mean(values))
        }
        let lift = control.map { control in
            Lift(
                ctr: ExperimentStatistics.relativeLift(
                    treatment: (clickedLists.count, impressions),
                    control: (control.clickedLists.count, control.impressions)),
                conversion: ExperimentStatistics.relativeLift(
                    treatment: (convertedLists.count, impressions),
                    control: (control.convertedLists.count, control.impressions)))
        }
        return VariantReport(
            variant: variant, impressions: impressions, impressionEvents: impressionLists.count, clicks: clicks,
            clickedLists: clickedLists.count, ctr: ctr, addToCarts: addToCarts, purchases: purchases,
            convertedLists: convertedLists.count, conversion: conversion, revenue: revenue, lift: lift)
    }
}
