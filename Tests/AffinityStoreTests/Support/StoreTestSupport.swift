import AffinityStore
import Testing

/// Thrown by test closures (cart bodies, order builders, price transforms) to check that
/// a failing closure changes nothing.
struct ProbeError: Error, Equatable {}

// MARK: - Events

/// A record whose payload (and hash) is derived from `payload`, so two records with the
/// same id and payload are duplicates and with a different payload conflict. With
/// `recommendation`, the default payload carries a top-level `recommendation_id`.
func makeRecord(
    _ id: String, type: String = "product_view", at occurredAt: Int64 = 1_000,
    user: String? = "u1", anonymous: String? = nil, products: [String] = ["P1"], channel: String? = "web",
    session: String? = "s1", recommendation: String? = nil, payload: String? = nil
) -> EventRecord {
    let body =
        payload
        ?? (recommendation.map { "{\"event_id\":\"\(id)\",\"recommendation_id\":\"\($0)\",\"type\":\"\(type)\"}" }
            ?? "{\"event_id\":\"\(id)\",\"type\":\"\(type)\"}")
    return EventRecord(
        eventID: id, type: type, occurredAt: occurredAt, channel: channel, userID: user, anonymousID: anonymous,
        sessionID: session, productIDs: products, personalization: true, payload: body,
        payloadHash: fnv1a(body))
}

/// FNV-1a of the UTF-8 bytes, as a signed 64-bit value (the engine hashes the same way).
func fnv1a(_ text: String) -> Int64 {
    var hash: UInt64 = 0xcbf2_9ce4_8422_2325
    for byte in text.utf8 { hash = (hash ^ UInt64(byte)) &* 0x100_0000_01b3 }
    return Int64(bitPattern: hash)
}

extension EventRecord {
    /// The record as `events(after:limit:)` promises it: the indexed columns only, so
    /// comparisons never depend on whether a backend also returns the payload.
    var indexed: EventRecord {
        var copy = self
        copy.payload = ""
        copy.payloadHash = 0
        return copy
    }

    /// The record as committed at `sequence`.
    func at(_ sequence: Int64) -> EventRecord {
        var copy = self
        copy.sequence = sequence
        return copy
    }
}

extension AppendOutcome {
    /// The sequence of an accepted record, nil for any other outcome.
    var acceptedSequence: Int64? {
        guard case .accepted(let sequence) = self else { return nil }
        return sequence
    }
}

/// The sequences of outcomes that must all be `.accepted`; records an issue otherwise.
func acceptedSequences(_ outcomes: [AppendOutcome], sourceLocation: SourceLocation = #_sourceLocation) throws
    -> [Int64]
{
    try outcomes.map { outcome in
        try #require(outcome.acceptedSequence, "expected .accepted, got \(outcome)", sourceLocation: sourceLocation)
    }
}

/// Whether `values` strictly increase.
func strictlyIncreasing(_ values: [Int64]) -> Bool {
    zip(values, values.dropFirst()).allSatisfy { $0 < $1 }
}

/// Every stored record, in log order, through the `replay` extension.
func replayAll(_ store: any EventLog, chunkSize: Int = 1000) async throws -> [EventRecord] {
    var all: [EventRecord] = []
    try await store.replay(after: 0, chunkSize: chunkSize) { all += $0 }
    return all
}

// MARK: - Catalog

/// A product whose stock carries its own version when `stockVersion` is given.
func makeProduct(
    _ id: String, _ payload: String, version: Int64?, at time: Int64 = 1, available: Int = 5,
    allowBackorder: Bool = false, manageInventory: Bool = true, stockVersion: Int64? = nil
) -> ProductRecord {
    ProductRecord(
        id: id, payload: payload, sourceVersion: version, updatedAt: time,
        stock: StockRow(
            available: available, allowBackorder: allowBackorder, manageInventory: manageInventory,
            sourceVersion: stockVersion))
}

// MARK: - Commerce

/// An open cart whose lines are `(product, quantity)` pairs priced at 100 each.
func makeCart(
    _ id: String, lines: [(product: String, quantity: Int)] = [], user: String? = "u1", anonymous: String? = "a1",
    status: String = "open", at time: Int64 = 1_000
) -> CartRow {
    CartRow(
        id: id, channel: "web", currency: "EUR", userID: user, anonymousID: anonymous, status: status,
        createdAt: time, updatedAt: time,
        lines: lines.enumerated().map { index, line in
            CartLineRow(
                lineID: "\(id)-l\(index)", productID: line.product, variantID: nil, quantity: line.quantity,
                unitPriceMinor: 100)
        })
}

/// Stores `cart` as it is (creating or replacing it) and returns the committed cart.
@discardableResult
func putCart(_ store: any CommerceStore, _ cart: CartRow, events: [EventRecord] = []) async throws -> CartRow {
    try await store.writeCart(cart.id) { _, _ in (cart: cart, events: events) }.cart
}

/// The order `build` makes for a cart, keyed by `key`.
func makeOrder(for cart: CartRow, key: String, at time: Int64 = 2_000) -> OrderRow {
    OrderRow(
        id: "order-\(cart.id)", idempotencyKey: key, cartID: cart.id, userID: cart.userID,
        anonymousID: cart.anonymousID, createdAt: time, payload: "{\"cart_id\":\"\(cart.id)\"}")
}

/// The purchase event a checkout of `cart` emits.
func purchaseEvent(for cart: CartRow, at time: Int64 = 2_000) -> EventRecord {
    makeRecord(
        "purchase-\(cart.id)", type: "purchase", at: time, user: cart.userID, anonymous: cart.anonymousID,
        products: cart.lines.map(\.productID))
}

/// What `checkout` calls to make the order and its events.
typealias OrderBuilder = @Sendable (CartRow) throws -> (order: OrderRow, events: [EventRecord])

/// An order builder that makes ``makeOrder(for:key:at:)`` and one purchase event.
func orderBuilder(key: String, at time: Int64 = 2_000) -> OrderBuilder {
    { cart in (order: makeOrder(for: cart, key: key, at: time), events: [purchaseEvent(for: cart, at: time)]) }
}

/// An order builder for outcomes that must not build an order: it records an issue.
func builderThatMustNotRun(sourceLocation: SourceLocation = #_sourceLocation) -> OrderBuilder {
    { cart in
        Issue.record("build ran for cart \(cart.id)", sourceLocation: sourceLocation)
        throw ProbeError()
    }
}
