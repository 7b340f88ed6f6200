import AffinityStore
import Testing

/// The commerce rules every backend keeps: carts written with their events in one
/// transaction, and checkouts that are idempotent, all-or-nothing and never oversell.
@Suite("CommerceStore contract")
struct CommerceStoreContractTests {
    // MARK: - Carts

    @Test(
        "writeCart creates a cart: the body gets nil, and the cart is stored as returned", arguments: StoreFactory.all)
    func writeCartCreates(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            #expect(try await store.cart("C1") == nil)
            let cart = makeCart("C1", lines: [("P1", 2), ("P2", 1)])
            let written = try await store.writeCart("C1") { current, _ in
                #expect(current == nil)
                return (cart: cart, events: [])
            }
            #expect(written.cart == cart)
            #expect(written.events == [])
            #expect(try await store.cart("C1") == cart)
            #expect(try await store.cart("C2") == nil)
            #expect(try await store.eventCount() == 0)
        }
    }

    @Test(
        "writeCart changes a cart: the body gets the stored cart, and lines keep the order it returns",
        arguments: StoreFactory.all)
    func writeCartUpdatesLines(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            let original = makeCart("C1", lines: [("P1", 1), ("P2", 1), ("P3", 1)], user: nil, anonymous: "a1")
            try await putCart(store, original)
            let written = try await store.writeCart("C1") { current, _ in
                #expect(current == original)
                var cart = try #require(current)
                // Reorder, drop the middle line, change a quantity and a price, add a line.
                cart.lines = [cart.lines[2], cart.lines[0]]
                cart.lines[1].quantity = 4
                cart.lines[1].unitPriceMinor = 250
                cart.lines.append(
                    CartLineRow(lineID: "new", productID: "P9", variantID: "V1", quantity: 2, unitPriceMinor: 999))
                cart.userID = "u7"
                cart.updatedAt = 1_500
                return (cart: cart, events: [])
            }
            let stored = try #require(try await store.cart("C1"))
            #expect(stored == written.cart)
            #expect(stored.lines.map(\.lineID) == ["C1-l2", "C1-l0", "new"])
            #expect(stored.lines.map(\.quantity) == [1, 4, 2])
            #expect(stored.lines.map(\.unitPriceMinor) == [100, 250, 999])
            #expect(stored.lines.map(\.variantID) == [nil, nil, "V1"])
            #expect(stored.userID == "u7")
            #expect(stored.anonymousID == "a1")
            #expect(stored.createdAt == 1_000)
            #expect(stored.updatedAt == 1_500)

            // Emptying a cart and changing its status are stored too.
            let emptied = try await store.writeCart("C1") { current, _ in
                var cart = try #require(current)
                cart.lines = []
                cart.status = "abandoned"
                return (cart: cart, events: [])
            }
            #expect(try await store.cart("C1") == emptied.cart)
            #expect(emptied.cart.lines == [])
            #expect(emptied.cart.status == "abandoned")
        }
    }

    @Test(
        "writeCart appends its events in the same transaction and returns them with their sequences",
        arguments: StoreFactory.all)
    func writeCartEvents(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            let earlier = makeRecord("earlier")
            let earlierSequence = try acceptedSequences(
                try await store.append([AppendBatch(records: [earlier], atomic: true)])[0])[0]
            let cart = makeCart("C1", lines: [("P1", 1)])
            let added = [
                makeRecord("add-1", type: "add_to_cart", products: ["P1"]),
                makeRecord("add-2", type: "add_to_cart", products: ["P2"]),
            ]
            let written = try await store.writeCart("C1") { _, _ in (cart: cart, events: added) }
            let sequences = written.events.map(\.sequence)
            #expect(written.events == zip(added, sequences).map { $0.at($1) })
            #expect(sequences.allSatisfy { $0 > earlierSequence })
            #expect(strictlyIncreasing(sequences))
            #expect(
                try await store.events(after: earlierSequence, limit: 10).map(\.indexed)
                    == written.events.map(\.indexed))
            #expect(try await store.payload(ofEvent: "add-2") == added[1].payload)

            // A duplicate of a stored event is left out of what the write returns.
            let again = try await store.writeCart("C1") { current, _ in
                (cart: try #require(current), events: [added[0], makeRecord("add-3", type: "add_to_cart")])
            }
            #expect(again.events.map(\.eventID) == ["add-3"])
            let log = try await replayAll(store)
            #expect(log.map(\.eventID) == ["earlier", "add-1", "add-2", "add-3"])
            #expect(log.last?.sequence == again.events.first?.sequence)
        }
    }

    @Test(
        "writeCart returns the cart as committed: channel, currency and createdAt of a stored cart never change",
        arguments: StoreFactory.all)
    func writeCartReturnsCommittedCart(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            try await putCart(store, makeCart("C1", lines: [("P1", 1)]))
            let written = try await store.writeCart("C1") { current, _ in
                var cart = try #require(current)
                cart.channel = "app"
                cart.currency = "USD"
                cart.createdAt = 5
                return (cart: cart, events: [])
            }
            let stored = try #require(try await store.cart("C1"))
            #expect(stored == written.cart)
            #expect(stored.channel == "web" && stored.currency == "EUR" && stored.createdAt == 1000)
        }
    }

    @Test("a throwing cart body changes nothing and its error reaches the caller", arguments: StoreFactory.all)
    func writeCartBodyThrows(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            await #expect(throws: ProbeError.self) {
                _ = try await store.writeCart("C1") { _, _ in throw ProbeError() }
            }
            #expect(try await store.cart("C1") == nil)

            let original = makeCart("C2", lines: [("P1", 1)])
            try await putCart(store, original)
            await #expect(throws: ProbeError.self) {
                _ = try await store.writeCart("C2") { current, stock in
                    #expect(current == original)
                    #expect(try stock("P1") == nil)
                    throw ProbeError()
                }
            }
            #expect(try await store.cart("C2") == original)
            #expect(try await store.eventCount() == 0)
        }
    }

    @Test(
        "the stock reader of a cart body reads the stored stock row, nil for an unknown product",
        arguments: StoreFactory.all)
    func writeCartStockReader(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            _ = try await store.upsertProducts([
                makeProduct("P1", "a", version: 1, available: 3, allowBackorder: true, stockVersion: 1)
            ])
            #expect(try await store.setStock("P1", StockRow(available: 2, sourceVersion: 2)) == .applied)
            _ = try await store.writeCart("C1") { _, stock throws in
                #expect(try stock("P1") == StockRow(available: 2, sourceVersion: 2))
                #expect(try stock("nope") == nil)
                return (cart: makeCart("C1"), events: [])
            }
        }
    }

    // MARK: - Checkout

    @Test(
        "checkout places the order: stock decremented, order stored, cart closed, purchase events logged",
        arguments: StoreFactory.all)
    func checkoutPlaces(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            _ = try await store.upsertProducts([
                makeProduct("P1", "a", version: 1, available: 5, stockVersion: 1),
                makeProduct("P2", "b", version: 1, available: 2, stockVersion: 1),
            ])
            let before = try acceptedSequences(
                try await store.append([AppendBatch(records: [makeRecord("before")], atomic: true)])[0])[0]
            let cart = try await putCart(store, makeCart("C1", lines: [("P1", 3), ("P2", 2)]))
            let outcome = try await store.checkout(
                cartID: "C1", idempotencyKey: "K1", build: orderBuilder(key: "K1", at: 2_000))
            guard case .placed(let order, let events) = outcome else {
                Issue.record("expected .placed, got \(outcome)")
                return
            }
            #expect(order == makeOrder(for: cart, key: "K1", at: 2_000))
            let purchase = purchaseEvent(for: cart, at: 2_000)
            #expect(events.count == 1)
            let sequence = try #require(events.first?.sequence)
            #expect(sequence > before)
            #expect(events == [purchase.at(sequence)])
            #expect(try await store.events(after: before, limit: 10).map(\.indexed) == [purchase.at(sequence).indexed])

            #expect(try await store.product("P1")?.stock.available == 2)
            #expect(try await store.product("P2")?.stock.available == 0)
            #expect(try await store.order(order.id) == order)
            #expect(try await store.order("nope") == nil)
            var closed = cart
            closed.status = "checked_out"
            closed.updatedAt = 2_000
            #expect(try await store.cart("C1") == closed)
        }
    }

    @Test(
        "the same idempotency key returns the existing order for the same cart and keyReused for another",
        arguments: StoreFactory.all)
    func checkoutIdempotency(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            _ = try await store.upsertProducts([makeProduct("P1", "a", version: 1, available: 5)])
            try await putCart(store, makeCart("C1", lines: [("P1", 2)]))
            let other = try await putCart(store, makeCart("C2", lines: [("P1", 1)], user: "u2"))
            let first = try await store.checkout(cartID: "C1", idempotencyKey: "K1", build: orderBuilder(key: "K1"))
            guard case .placed(let order, _) = first else {
                Issue.record("expected .placed, got \(first)")
                return
            }
            let count = try await store.eventCount()

            #expect(
                try await store.checkout(cartID: "C1", idempotencyKey: "K1", build: builderThatMustNotRun())
                    == .existing(order))
            #expect(
                try await store.checkout(cartID: "C2", idempotencyKey: "K1", build: builderThatMustNotRun())
                    == .keyReused(order))
            #expect(
                try await store.checkout(cartID: "nope", idempotencyKey: "K1", build: builderThatMustNotRun())
                    == .keyReused(order))
            // A new key for the closed cart does not place a second order.
            #expect(
                try await store.checkout(cartID: "C1", idempotencyKey: "K2", build: builderThatMustNotRun())
                    == .cartNotOpen(status: "checked_out"))

            #expect(try await store.product("P1")?.stock.available == 3)
            #expect(try await store.cart("C2") == other)
            #expect(try await store.eventCount() == count)
            #expect(try await store.orders(userID: "u1", limit: 10) == [order])
            #expect(try await store.orders(userID: "u2", limit: 10) == [])
        }
    }

    @Test("checkout of an unknown, empty or closed cart changes nothing", arguments: StoreFactory.all)
    func checkoutRejections(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            _ = try await store.upsertProducts([makeProduct("P1", "a", version: 1, available: 5)])
            let empty = try await putCart(store, makeCart("empty"))
            let abandoned = try await putCart(store, makeCart("gone", lines: [("P1", 1)], status: "abandoned"))

            #expect(
                try await store.checkout(cartID: "nope", idempotencyKey: "K1", build: builderThatMustNotRun())
                    == .cartNotFound)
            #expect(
                try await store.checkout(cartID: "empty", idempotencyKey: "K2", build: builderThatMustNotRun())
                    == .emptyCart)
            #expect(
                try await store.checkout(cartID: "gone", idempotencyKey: "K3", build: builderThatMustNotRun())
                    == .cartNotOpen(status: "abandoned"))

            #expect(try await store.cart("empty") == empty)
            #expect(try await store.cart("gone") == abandoned)
            #expect(try await store.product("P1")?.stock.available == 5)
            #expect(try await store.eventCount() == 0)
            #expect(try await store.orders(userID: "u1", limit: 10) == [])
            // None of the keys was consumed.
            try await putCart(store, makeCart("ok", lines: [("P1", 1)]))
            let placed = try await store.checkout(cartID: "ok", idempotencyKey: "K1", build: orderBuilder(key: "K1"))
            guard case .placed = placed else {
                Issue.record("expected .placed, got \(placed)")
                return
            }
        }
    }

    @Test("insufficient stock on any line changes nothing, and the key stays unused", arguments: StoreFactory.all)
    func checkoutInsufficientStock(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            _ = try await store.upsertProducts([
                makeProduct("P1", "a", version: 1, available: 5),
                makeProduct("P2", "b", version: 1, available: 3),
            ])
            // P1 could be decremented; P2 cannot, so P1 must not be either.
            let cart = try await putCart(store, makeCart("C1", lines: [("P1", 2), ("P2", 4)]))
            #expect(
                try await store.checkout(cartID: "C1", idempotencyKey: "K1", build: builderThatMustNotRun())
                    == .insufficientStock(productID: "P2", available: 3))
            #expect(try await store.product("P1")?.stock.available == 5)
            #expect(try await store.product("P2")?.stock.available == 3)
            #expect(try await store.cart("C1") == cart)
            #expect(try await store.order("order-C1") == nil)
            #expect(try await store.orders(userID: "u1", limit: 10) == [])
            #expect(try await store.eventCount() == 0)

            // A line for a product without a stock row is not sellable.
            try await putCart(store, makeCart("C2", lines: [("P1", 1), ("ghost", 1)]))
            #expect(
                try await store.checkout(cartID: "C2", idempotencyKey: "K2", build: builderThatMustNotRun())
                    == .insufficientStock(productID: "ghost", available: 0))
            #expect(try await store.product("P1")?.stock.available == 5)

            // Once stock arrives, the same key places the order.
            #expect(try await store.setStock("P2", StockRow(available: 4)) == .applied)
            let placed = try await store.checkout(cartID: "C1", idempotencyKey: "K1", build: orderBuilder(key: "K1"))
            #expect(
                placed
                    == .placed(makeOrder(for: cart, key: "K1"), events: [purchaseEvent(for: cart).at(placed.sequence)]))
            #expect(try await store.events(after: 0, limit: 10).map(\.eventID) == ["purchase-C1"])
            #expect(try await store.product("P1")?.stock.available == 3)
            #expect(try await store.product("P2")?.stock.available == 0)
        }
    }

    @Test(
        "insufficient stock reports what is stored when one product is on several lines",
        arguments: StoreFactory.all)
    func insufficientStockAcrossLines(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            _ = try await store.upsertProducts([makeProduct("P1", "a", version: 1, available: 3)])
            // Two variants of one product are two lines (the engine keys lines by product and variant).
            var cart = makeCart("C1", lines: [("P1", 2), ("P1", 2)])
            cart.lines[0].variantID = "red"
            cart.lines[1].variantID = "blue"
            try await putCart(store, cart)
            let outcome = try await store.checkout(cartID: "C1", idempotencyKey: "K1", build: builderThatMustNotRun())
            #expect(try await store.product("P1")?.stock.available == 3)
            #expect(outcome == .insufficientStock(productID: "P1", available: 3))
        }
    }

    @Test(
        "a throwing order builder changes nothing: stock restored, cart open, no order, no events",
        arguments: StoreFactory.all)
    func checkoutBuildThrows(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            _ = try await store.upsertProducts([makeProduct("P1", "a", version: 1, available: 5)])
            let cart = try await putCart(store, makeCart("C1", lines: [("P1", 2)]))
            await #expect(throws: ProbeError.self) {
                _ = try await store.checkout(cartID: "C1", idempotencyKey: "K1") { _ in throw ProbeError() }
            }
            #expect(try await store.product("P1")?.stock.available == 5)
            #expect(try await store.cart("C1") == cart)
            #expect(try await store.order("order-C1") == nil)
            #expect(try await store.eventCount() == 0)
            let placed = try await store.checkout(cartID: "C1", idempotencyKey: "K1", build: orderBuilder(key: "K1"))
            guard case .placed(let order, _) = placed else {
                Issue.record("expected .placed, got \(placed)")
                return
            }
            #expect(order.idempotencyKey == "K1")
        }
    }

    @Test(
        "unmanaged inventory is always sellable and never decremented; backorders may go below zero",
        arguments: StoreFactory.all)
    func checkoutUnmanagedAndBackorder(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            // One unmanaged product has less than is ordered, one has more: neither changes.
            let unmanagedEmpty = StockRow(available: 0, manageInventory: false, sourceVersion: 1)
            let unmanagedFull = StockRow(available: 50, manageInventory: false, sourceVersion: 1)
            _ = try await store.upsertProducts([
                makeProduct("U", "u", version: 1, available: 0, manageInventory: false, stockVersion: 1),
                makeProduct("UF", "uf", version: 1, available: 50, manageInventory: false, stockVersion: 1),
                makeProduct("B", "b", version: 1, available: 1, allowBackorder: true, stockVersion: 1),
                makeProduct("M", "m", version: 1, available: 4, stockVersion: 1),
            ])
            for index in 0..<3 {
                try await putCart(store, makeCart("C\(index)", lines: [("U", 5), ("UF", 5), ("M", 1)]))
                let outcome = try await store.checkout(
                    cartID: "C\(index)", idempotencyKey: "K\(index)", build: orderBuilder(key: "K\(index)"))
                guard case .placed = outcome else {
                    Issue.record("expected .placed, got \(outcome)")
                    return
                }
            }
            #expect(try await store.product("U")?.stock == unmanagedEmpty)
            #expect(try await store.product("UF")?.stock == unmanagedFull)
            #expect(try await store.product("M")?.stock.available == 1)

            try await putCart(store, makeCart("CB", lines: [("B", 3)]))
            let backordered = try await store.checkout(
                cartID: "CB", idempotencyKey: "KB", build: orderBuilder(key: "KB"))
            guard case .placed = backordered else {
                Issue.record("expected .placed, got \(backordered)")
                return
            }
            #expect(
                try await store.product("B")?.stock
                    == StockRow(available: -2, allowBackorder: true, manageInventory: true, sourceVersion: 1))
        }
    }

    @Test(
        "concurrent checkouts never oversell: stock 5, 20 carts of one unit → 5 placed, 15 insufficient",
        arguments: StoreFactory.all)
    func noOversellingUnderConcurrency(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            _ = try await store.upsertProducts([makeProduct("P1", "a", version: 1, available: 5)])
            let carts = 20
            for index in 0..<carts {
                try await putCart(store, makeCart("C\(index)", lines: [("P1", 1)], user: "u\(index)"))
            }
            let outcomes = try await withThrowingTaskGroup(of: (Int, CheckoutOutcome).self) { group in
                for index in 0..<carts {
                    group.addTask {
                        let outcome = try await store.checkout(
                            cartID: "C\(index)", idempotencyKey: "K\(index)", build: orderBuilder(key: "K\(index)"))
                        return (index, outcome)
                    }
                }
                var outcomes: [Int: CheckoutOutcome] = [:]
                for try await (index, outcome) in group { outcomes[index] = outcome }
                return outcomes
            }
            #expect(outcomes.count == carts)
            var placed: [Int] = []
            var purchaseSequences: [Int64] = []
            for (index, outcome) in outcomes.sorted(by: { $0.key < $1.key }) {
                switch outcome {
                case .placed(let order, let events):
                    placed.append(index)
                    #expect(order.cartID == "C\(index)")
                    purchaseSequences += events.map(\.sequence)
                case .insufficientStock(let productID, let available):
                    #expect(productID == "P1")
                    #expect(available == 0)
                default:
                    Issue.record("cart C\(index): unexpected \(outcome)")
                }
            }
            #expect(placed.count == 5)
            #expect(try await store.product("P1")?.stock.available == 0)
            let log = try await replayAll(store)
            #expect(log.count == 5)
            #expect(log.map(\.type) == Array(repeating: "purchase", count: 5))
            #expect(Set(log.map(\.eventID)) == Set(placed.map { "purchase-C\($0)" }))
            #expect(log.map(\.sequence) == purchaseSequences.sorted())
            #expect(try await store.statistics().eventsByType == ["purchase": 5])
            for index in 0..<carts {
                let cart = try #require(try await store.cart("C\(index)"))
                #expect(cart.status == (placed.contains(index) ? "checked_out" : "open"), "cart C\(index)")
                let orders = try await store.orders(userID: "u\(index)", limit: 10)
                #expect(orders.map(\.cartID) == (placed.contains(index) ? ["C\(index)"] : []), "cart C\(index)")
            }
        }
    }

    @Test("concurrent checkouts of one cart with one key place exactly one order", arguments: StoreFactory.all)
    func concurrentSameKey(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            _ = try await store.upsertProducts([makeProduct("P1", "a", version: 1, available: 10)])
            let cart = try await putCart(store, makeCart("C1", lines: [("P1", 3)]))
            let attempts = 8
            let outcomes = try await withThrowingTaskGroup(of: CheckoutOutcome.self) { group in
                for _ in 0..<attempts {
                    group.addTask {
                        try await store.checkout(cartID: "C1", idempotencyKey: "K1", build: orderBuilder(key: "K1"))
                    }
                }
                var outcomes: [CheckoutOutcome] = []
                for try await outcome in group { outcomes.append(outcome) }
                return outcomes
            }
            let order = makeOrder(for: cart, key: "K1")
            let placed = outcomes.filter { if case .placed = $0 { true } else { false } }
            #expect(placed.count == 1)
            #expect(outcomes.filter { $0 == .existing(order) }.count == attempts - 1)
            #expect(try await store.product("P1")?.stock.available == 7)
            #expect(try await store.eventCount() == 1)
        }
    }

    // MARK: - Orders

    @Test("orders(userID:limit:) lists a user's orders newest first, at most limit", arguments: StoreFactory.all)
    func ordersNewestFirst(_ factory: StoreFactory) async throws {
        try await factory.withStore { store async throws in
            _ = try await store.upsertProducts([makeProduct("P1", "a", version: 1, available: 100)])
            var byTime: [Int64: OrderRow] = [:]
            // Placed out of time order, so the listing must sort by time, not insertion.
            for (index, time) in [(0, Int64(3_000)), (1, 1_000), (2, 5_000), (3, 2_000)] {
                let cart = try await putCart(store, makeCart("C\(index)", lines: [("P1", 1)], user: "u1"))
                let outcome = try await store.checkout(
                    cartID: cart.id, idempotencyKey: "K\(index)", build: orderBuilder(key: "K\(index)", at: time))
                byTime[time] = makeOrder(for: cart, key: "K\(index)", at: time)
                #expect(
                    outcome == .placed(byTime[time]!, events: [purchaseEvent(for: cart, at: time).at(outcome.sequence)])
                )
            }
            try await putCart(store, makeCart("other", lines: [("P1", 1)], user: "u2"))
            _ = try await store.checkout(
                cartID: "other", idempotencyKey: "KO", build: orderBuilder(key: "KO", at: 9_000))

            let newestFirst = [5_000, 3_000, 2_000, 1_000].map { byTime[Int64($0)]! }
            #expect(try await store.orders(userID: "u1", limit: 10) == newestFirst)
            #expect(try await store.orders(userID: "u1", limit: 2) == Array(newestFirst[0..<2]))
            #expect(try await store.orders(userID: "u2", limit: 10).map(\.cartID) == ["other"])
            #expect(try await store.orders(userID: "nobody", limit: 10) == [])
        }
    }
}

extension CheckoutOutcome {
    /// The sequence of the first committed event of a placed order (0 otherwise), so a
    /// test can build the exact `.placed` value it expects.
    fileprivate var sequence: Int64 {
        guard case .placed(_, let events) = self else { return 0 }
        return events.first?.sequence ?? 0
    }
}
