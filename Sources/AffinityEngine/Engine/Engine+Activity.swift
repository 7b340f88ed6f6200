import AffinityCore
import AffinityStore
import Synchronization

extension Engine {
    /// What the console's activity page shows: events per minute by type, the latest
    /// events, the model's state and catalog counts. Secret key only (it names shoppers).
    package struct Activity: Sendable, Encodable {
        package struct Minute: Sendable, Encodable {
            var minute: String
            var counts: [String: Int]
        }

        package struct LatestEvent: Sendable, Encodable {
            var sequence: Int64
            var eventID: String
            var type: String
            var occurredAt: String
            var channel: String?
            var userID: String?
            var anonymousID: String?
            var productIDs: [String]

            enum CodingKeys: String, CodingKey {
                case sequence, type, channel
                case eventID = "event_id"
                case occurredAt = "occurred_at"
                case userID = "user_id"
                case anonymousID = "anonymous_id"
                case productIDs = "product_ids"
            }
        }

        package struct Model: Sendable, Encodable {
            var trainedAt: String?
            var ageSeconds: Double?
            var training: Bool
            var appliedSequence: Int64
            var trainedSequence: Int64?

            enum CodingKeys: String, CodingKey {
                case training
                case trainedAt = "trained_at"
                case ageSeconds = "age_seconds"
                case appliedSequence = "applied_sequence"
                case trainedSequence = "trained_sequence"
            }
        }

        package struct Catalog: Sendable, Encodable {
            var products: Int
            var inStock: Int
            var publishedByChannel: [String: Int]

            enum CodingKeys: String, CodingKey {
                case products
                case inStock = "in_stock"
                case publishedByChannel = "published_by_channel"
            }
        }

        var eventsPerMinute: [Minute]
        var latestEvents: [LatestEvent]
        var model: Model
        var catalog: Catalog

        enum CodingKeys: String, CodingKey {
            case model, catalog
            case eventsPerMinute = "events_per_minute"
            case latestEvents = "latest_events"
        }
    }

    /// The activity of the last `minutes` minutes (1…120) and the `latest` newest events
    /// (1…100).
    package func activity(minutes: Int, latest: Int) async throws(AffinityError) -> Activity {
        try requireReady()
        guard (1...ActivityLog.minutes).contains(minutes) else {
            throw .invalid("minutes", "minutes must be from 1 to \(ActivityLog.minutes)")
        }
        guard (1...100).contains(latest) else { throw .invalid("latest", "latest must be from 1 to 100") }
        let now = options.now()
        let (applied, catalog) = state.withLock { state -> (Int64, Activity.Catalog) in
            var inStock = 0
            var published: [String: Int] = [:]
            var products = 0
            for case let entry? in state.catalog {
                products += 1
                if entry.product.stock.isSellable { inStock += 1 }
                for channel in entry.publishedIn { published[channel, default: 0] += 1 }
            }
            return (
                state.appliedSequence,
                Activity.Catalog(products: products, inStock: inStock, publishedByChannel: published)
            )
        }
        let events: [EventRecord]
        do {
            events = try await store.events(after: max(0, applied - Int64(latest)), limit: latest)
        } catch {
            throw AffinityError(.unavailable, code: "store_unavailable", message: "the event log could not be read")
        }
        let trainedAt = modelTrainedAt.load(ordering: .acquiring)
        let trained = lastTrainedSequence.load(ordering: .acquiring)
        return Activity(
            eventsPerMinute: activityLog.series(minutes: minutes, now: now).map {
                Activity.Minute(minute: RFC3339.string(milliseconds: $0.start), counts: $0.counts)
            },
            latestEvents: events.suffix(latest).reversed().map {
                Activity.LatestEvent(
                    sequence: $0.sequence, eventID: $0.eventID, type: $0.type,
                    occurredAt: RFC3339.string(milliseconds: $0.occurredAt), channel: $0.channel, userID: $0.userID,
                    anonymousID: $0.anonymousID, productIDs: $0.productIDs)
            },
            model: Activity.Model(
                trainedAt: trainedAt > 0 ? RFC3339.string(milliseconds: trainedAt) : nil,
                ageSeconds: trainedAt > 0 ? Double(max(0, now - trainedAt)) / 1000 : nil,
                training: trainingInProgress.load(ordering: .acquiring) > 0, appliedSequence: applied,
                trainedSequence: trained >= 0 ? trained : nil),
            catalog: catalog)
    }
}
