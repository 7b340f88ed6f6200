import AffinityCore
import AffinityStore
import Foundation
import Logging

extension Engine {
    /// `POST /v1/carts`.
    package func createCart(_ input: NewCart) async throws(AffinityError) -> Cart {
        try requireReady()
        guard let channel = try resolveChannel(input.channel) else {
            throw .invalid("channel", "a cart needs a channel")
        }
        if let id = input.id { try Event.checkID(id, field: "id", max: 128) }
        if let user = input.userID { try Event.checkID(user, field: "user_id", max: 256) }
        if let anonymous = input.anonymousID { try Event.checkID(anonymous, field: "anonymous_id", max: 256) }
        let id = input.id ?? "cart_" + Self.randomHex(12)
        let now = options.now()
        return try await cartWrite(id) { current, _ throws -> (CartRow, [EventRecord]) in
            guard current == nil else {
                throw AffinityError(.conflict, code: "cart_exists", message: "cart '\(id)' already exists", field: "id")
            }
            return (
                CartRow(
                    id: id, channel: channel.id, currency: channel.currency, userID: input.userID,
                    anonymousID: input.anonymousID, createdAt: now, updatedAt: now), []
            )
        }
    }

    package func cart(_ id: String) async throws(AffinityError) -> Cart {
        guard let row = try await storeCall({ try await self.store.cart(id) }) else { throw Self.cartNotFound(id) }
        return Cart(row)
    }

    /// Adds `quantity` of a product to the cart (merging with an existing line), at the
    /// catalog price for the cart's channel, if enough is sellable. Emits `add_to_cart`.
    package func addCartItem(_ cartID: String, _ input: CartItemInput) async throws(AffinityError) -> Cart {
        try requireReady()
        guard let productID = input.productID else { throw .invalid("product_id", "product_id is required") }
        let quantity = input.quantity ?? 1
        guard (1...10_000).contains(quantity) else { throw .invalid("quantity", "quantity must be from 1 to 10000") }
        if let recommendation = input.recommendationID {
            try Event.checkID(recommendation, field: "recommendation_id", max: 128)
        }
        let lineID = productID + (input.variantID.map { "/" + $0 } ?? "")
        return try await changeLine(
            cartID, lineID: lineID, productID: productID, variantID: input.variantID,
            recommendationID: input.recommendationID
        ) {
            $0 + quantity
        }
    }

    /// Sets a line's quantity (0 removes it). Emits `add_to_cart` or `remove_from_cart` for the difference.
    package func setCartItem(_ cartID: String, lineID: String, quantity: Int) async throws(AffinityError) -> Cart {
        try requireReady()
        guard (0...10_000).contains(quantity) else { throw .invalid("quantity", "quantity must be from 0 to 10000") }
        return try await changeLine(cartID, lineID: lineID, productID: nil, variantID: nil, recommendationID: nil) {
            _ in quantity
        }
    }

    private func changeLine(
        _ cartID: String, lineID: String, productID: String?, variantID: String?, recommendationID: String?,
        _ newQuantity: @escaping @Sendable (Int) -> Int
    ) async throws(AffinityError) -> Cart {
        let now = options.now()
        return try await cartWrite(cartID) { current, stockOf throws -> (CartRow, [EventRecord]) in
            guard var cart = current else { throw Self.cartNotFound(cartID) }
            guard cart.status == "open" else {
                throw AffinityError(.conflict, code: "cart_closed", message: "cart '\(cartID)' is \(cart.status)")
            }
            let index = cart.lines.firstIndex { $0.lineID == lineID }
            guard let product = productID ?? index.map({ cart.lines[$0].productID }) else {
                throw AffinityError(
                    .notFound, code: "unknown_line", message: "cart has no line '\(lineID)'", field: "line_id")
            }
            let old = index.map { cart.lines[$0].quantity } ?? 0
            let quantity = newQuantity(old)
            let variant = variantID ?? index.flatMap { cart.lines[$0].variantID }
            let price = try self.sellablePrice(
                product, variant: variant, channel: cart.channel, quantity: quantity, stock: try stockOf(product))
            if quantity == 0, let index {
                cart.lines.remove(at: index)
            } else if let index {
                cart.lines[index].quantity = quantity
                cart.lines[index].unitPriceMinor = price
                // The most recent list the product was added from is the one credited.
                if let recommendationID { cart.lines[index].recommendationID = recommendationID }
            } else {
                cart.lines.append(
                    CartLineRow(
                        lineID: lineID, productID: product, variantID: variantID, quantity: quantity,
                        unitPriceMinor: price, recommendationID: recommendationID))
            }
            cart.updatedAt = now
            let delta = quantity - old
            guard delta != 0 else { return (cart, []) }
            let item = EventItem(
                productID: product, variantID: variantID ?? index.flatMap { current?.lines[$0].variantID },
                quantity: abs(delta), priceMinor: price, currency: cart.currency)
            let event = Event(
                eventID: "cart_\(cart.id)_\(Self.randomHex(8))", type: delta > 0 ? "add_to_cart" : "remove_from_cart",
                occurredAt: RFC3339.string(milliseconds: now), channel: cart.channel, userID: cart.userID,
                anonymousID: cart.anonymousID, items: [item],
                recommendationID: delta > 0
                    ? (recommendationID ?? index.flatMap { current?.lines[$0].recommendationID }) : nil,
                properties: .object(["cart_id": .string(cart.id)]))
            return (cart, [try EventCanonicalForm.record(event, occurredAt: now)])
        }
    }

    /// The unit price of a product for a cart in `channel`, or an error that says why it
    /// cannot be sold there (unknown, unpublished, unpriced, not enough stock).
    func sellablePrice(_ productID: String, variant: String?, channel: String, quantity: Int, stock: StockRow?)
        throws -> Int64
    {
        let entry = state.withLock { state in state.products.id(of: productID).flatMap { state.entry($0) } }
        guard let entry else { throw Self.notFound(productID) }
        if let variant, !entry.product.variants.isEmpty, !entry.product.variants.contains(where: { $0.id == variant }) {
            throw AffinityError.invalid("variant_id", "product '\(productID)' has no variant '\(variant)'")
        }
        guard entry.publishedIn.contains(channel), let price = entry.product.price(in: channel, variant: variant) else {
            throw AffinityError.invalid("product_id", "product '\(productID)' is not sold in channel \(channel)")
        }
        if quantity > 0, let stock, stock.manageInventory, !stock.allowBackorder, stock.available < quantity {
            throw AffinityError(
                .conflict, code: "insufficient_stock",
                message: "only \(stock.available) of '\(productID)' available", field: "quantity")
        }
        return price.amountMinor
    }

    private func cartWrite(
        _ id: String,
        _ body: @escaping @Sendable (CartRow?, (String) throws -> StockRow?) throws -> (CartRow, [EventRecord])
    ) async throws(AffinityError) -> Cart {
        do {
            return try await committer.perform { () async throws -> (Cart, [EventRecord]) in
                let (cart, events) = try await self.store.writeCart(id) { current, stock in
                    let (cart, events) = try body(current, stock)
                    return (cart, events)
                }
                return (Cart(cart), events)
            }
        } catch let error as AffinityError {
            throw error
        } catch {
            logger.error("cart write failed", metadata: ["error": "\(error)"])
            throw AffinityError(.unavailable, code: "store_unavailable", message: "the cart could not be stored; retry")
        }
    }

    static func cartNotFound(_ id: String) -> AffinityError {
        AffinityError(.notFound, code: "unknown_cart", message: "no cart '\(id)'", field: "cart_id")
    }

    static func randomHex(_ bytes: Int) -> String {
        Hex.random(bytes: bytes)
    }
}
