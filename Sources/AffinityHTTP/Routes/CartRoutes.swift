import AffinityEngine
import HTTPTypes
import Hummingbird

/// Carts and checkout (public key: storefronts run them); orders (secret key).
struct CartRoutes {
    let engine: Engine

    func register(on group: RouterGroup<AffinityRequestContext>) {
        group.post("carts", use: create)
        group.get("carts/:id") { _, context in
            try jsonResponse(try await engine.cart(try context.parameters.require("id")))
        }
        group.post("carts/:id/items", use: addItem)
        group.patch("carts/:id/items/:line", use: setItem)
        group.delete("carts/:id/items/:line") { _, context in
            let cart = try await engine.setCartItem(
                try context.parameters.require("id"), lineID: try context.parameters.require("line"), quantity: 0)
            return try jsonResponse(cart)
        }
        group.post("carts/:id/checkout", use: checkout)
    }

    func registerOrders(on group: RouterGroup<AffinityRequestContext>) {
        group.get("orders/:id") { _, context in
            try jsonResponse(try await engine.order(try context.parameters.require("id")))
        }
        group.get("users/:id/orders") { request, context in
            let limit = Int(request.uri.queryParameters.get("limit") ?? "") ?? 100
            return try jsonResponse([
                "orders": try await engine.orders(userID: try context.parameters.require("id"), limit: limit)
            ])
        }
    }

    @Sendable func create(_ request: Request, context: AffinityRequestContext) async throws -> Response {
        let input = try await decode(NewCart.self, request, context)
        return try jsonResponse(try await engine.createCart(input), status: .created)
    }

    @Sendable func addItem(_ request: Request, context: AffinityRequestContext) async throws -> Response {
        let input = try await decode(CartItemInput.self, request, context)
        return try jsonResponse(try await engine.addCartItem(try context.parameters.require("id"), input))
    }

    @Sendable func setItem(_ request: Request, context: AffinityRequestContext) async throws -> Response {
        let input = try await decode(CartItemInput.self, request, context)
        guard let quantity = input.quantity else { throw AffinityError.invalid("quantity", "quantity is required") }
        let cart = try await engine.setCartItem(
            try context.parameters.require("id"), lineID: try context.parameters.require("line"), quantity: quantity)
        return try jsonResponse(cart)
    }

    @Sendable func checkout(_ request: Request, context: AffinityRequestContext) async throws -> Response {
        guard let key = request.headers[HTTPField.Name("Idempotency-Key")!], !key.isEmpty else {
            throw AffinityError.invalid("Idempotency-Key", "checkout needs an Idempotency-Key header")
        }
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        var input = CheckoutInput()
        if body.readableBytes > 0 {
            try requireContentType(request, ["application/json"])
            input = try EventDecoding.decode(CheckoutInput.self, from: body.readableBytesView)
        }
        let result = try await engine.checkout(try context.parameters.require("id"), idempotencyKey: key, input)
        return try jsonResponse(result.order, status: result.created ? .created : .ok)
    }

    private func decode<T: Decodable>(_ type: T.Type, _ request: Request, _ context: AffinityRequestContext)
        async throws -> T
    {
        try requireContentType(request, ["application/json"])
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        return try EventDecoding.decode(T.self, from: body.readableBytesView)
    }
}
