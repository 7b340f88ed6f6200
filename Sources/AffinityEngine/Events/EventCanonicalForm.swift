package import AffinityStore
import Foundation

/// The one byte-exact form of a validated event that the store keeps and compares, so
/// that a re-sent event is recognised whatever key order or time zone it used.
package enum EventCanonicalForm {
    /// Sorted keys, no escaped slashes: deterministic output for equal values. The
    /// payload itself is written by ``EventCanonicalWriter``, byte-identical to this.
    static let encoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()

    /// The store record of a validated event.
    package static func record(_ event: Event, occurredAt: Int64) throws -> EventRecord {
        var writer = EventCanonicalWriter()
        writer.write(event)
        let bytes = writer.bytes
        let hash = bytes.withUnsafeBufferPointer(fnv1a)
        var productIDs: [String] = []
        if let items = event.items {
            productIDs.reserveCapacity(items.count)
            for item in items { productIDs.append(item.productID) }
        }
        return EventRecord(
            eventID: event.eventID, type: event.type, occurredAt: occurredAt, channel: event.channel,
            userID: event.userID, anonymousID: event.anonymousID, sessionID: event.sessionID,
            productIDs: productIDs, personalization: event.consent?.personalization ?? true,
            payload: String(decoding: bytes, as: UTF8.self), payloadHash: hash, attributions: attributions(event))
    }

    /// Event types an experiment report counts (``Tally``).
    package static let attributedTypes: Set<String> = ["rec_impression", "rec_click", "add_to_cart", "purchase"]

    /// The lines of `event` that echo a served list, for the store's attribution index:
    /// each item with its own `recommendation_id` or the event's, or one line without a
    /// product when the event has no items.
    static func attributions(_ event: Event) -> [AttributionLine] {
        guard attributedTypes.contains(event.type) else { return [] }
        let items = event.items ?? []
        guard !items.isEmpty else {
            return event.recommendationID.map { [AttributionLine(recommendationID: $0)] } ?? []
        }
        return items.compactMap { item in
            (item.recommendationID ?? event.recommendationID).map { id in
                AttributionLine(
                    recommendationID: id, productID: item.productID, quantity: item.quantity ?? 1,
                    priceMinor: item.priceMinor, currency: item.currency ?? event.order?.currency)
            }
        }
    }

    /// 64-bit FNV-1a: fast, and only a pre-check (payloads are compared in full).
    static func fnv1a(_ bytes: UnsafeBufferPointer<UInt8>) -> Int64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325
        for byte in bytes {
            hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3
        }
        return Int64(bitPattern: hash)
    }

    /// ``fnv1a(_:)-(UnsafeBufferPointer<UInt8>)`` of `Data`.
    static func fnv1a(_ bytes: Data) -> Int64 {
        bytes.withUnsafeBytes { fnv1a($0.bindMemory(to: UInt8.self)) }
    }
}
