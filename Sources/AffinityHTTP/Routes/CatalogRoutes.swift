import AffinityCore
import AffinityEngine
import Hummingbird

/// Catalog, stock and prices: secret key writes, public key reads.
struct CatalogRoutes {
    let engine: Engine

    func registerReads(on group: RouterGroup<AffinityRequestContext>) {
        group.get("products", use: list)
        group.get("products/:id", use: get)
    }

    func registerWrites(on group: RouterGroup<AffinityRequestContext>) {
        group.put("products/:id", use: put)
        group.delete("products/:id", use: delete)
        group.put("products/:id/stock", use: putStock)
        group.put("products/:id/prices", use: putPrices)
        group.post("products/bulk") { request, context in
            try await bulk(request, context) { line in try await engine.putProduct(try decodeProduct(line, id: nil)) }
        }
        group.post("stock/bulk") { request, context in
            try await bulk(request, context) { line in
                let input = try EventDecoding.decode(BulkStockLine.self, from: line)
                return try await engine.setStock(input.productID, input.update)
            }
        }
        group.post("prices/bulk") { request, context in
            try await bulk(request, context) { line in
                let input = try EventDecoding.decode(BulkPricesLine.self, from: line)
                return try await engine.setPrices(
                    input.productID, PricesUpdate(prices: input.prices, sourceVersion: input.sourceVersion))
            }
        }
    }

    @Sendable func get(_ request: Request, context: AffinityRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let q = request.uri.queryParameters
        var view = try engine.product(id, channel: q.get("channel"))
        let include = (q.get("include") ?? "").split(separator: ",").map(String.init)
        if !include.isEmpty {
            var lists: [String: [RecommendedItem]] = [:]
            for name in include {
                let strategy: StrategyName =
                    switch name {
                    case "similar": .similarItems
                    case "bought_together": .frequentlyBoughtTogether
                    case "also_viewed": .othersAlsoViewed
                    default:
                        throw AffinityError.invalid("include", "include takes similar, bought_together, also_viewed")
                    }
                let count = Int(q.get("count") ?? "") ?? 10
                lists[name] =
                    try await engine.recommend(
                        RecommendationQuery(
                            strategy: strategy, userID: q.get("user_id"), anonymousID: q.get("anonymous_id"),
                            channel: q.get("channel"), count: count, itemID: id)
                    ).items
            }
            view.recommendations = lists
        }
        return try jsonResponse(view)
    }

    @Sendable func list(_ request: Request, context: AffinityRequestContext) async throws -> Response {
        let q = request.uri.queryParameters
        var inStock: Bool?
        if let text = q.get("in_stock") {
            guard let value = Bool(text) else { throw AffinityError.invalid("in_stock", "in_stock is true or false") }
            inStock = value
        }
        var limit = 50
        if let text = q.get("limit") {
            guard let value = Int(text) else { throw AffinityError.invalid("limit", "limit must be a whole number") }
            limit = value
        }
        let query = ProductQuery(
            channel: q.get("channel"), category: q.get("category"), brand: q.get("brand"), text: q.get("q"),
            inStock: inStock, limit: limit, cursor: q.get("cursor"))
        return try jsonResponse(try engine.listProducts(query))
    }

    @Sendable func put(_ request: Request, context: AffinityRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        try requireContentType(request, ["application/json"])
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        return try jsonResponse(try await engine.putProduct(try decodeProduct(body.readableBytesView, id: id)))
    }

    @Sendable func delete(_ request: Request, context: AffinityRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        let version = request.uri.queryParameters.get("source_version").flatMap { Int64($0) }
        return try jsonResponse(try await engine.deleteProduct(id, sourceVersion: version))
    }

    @Sendable func putStock(_ request: Request, context: AffinityRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        try requireContentType(request, ["application/json"])
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        let update = try EventDecoding.decode(StockUpdate.self, from: body.readableBytesView)
        return try jsonResponse(try await engine.setStock(id, update))
    }

    @Sendable func putPrices(_ request: Request, context: AffinityRequestContext) async throws -> Response {
        let id = try context.parameters.require("id")
        try requireContentType(request, ["application/json"])
        let body = try await request.body.collect(upTo: context.maxUploadSize)
        let update = try EventDecoding.decode(PricesUpdate.self, from: body.readableBytesView)
        return try jsonResponse(try await engine.setPrices(id, update))
    }

    /// A product body; the path id wins and must match a body id if one is given.
    func decodeProduct(_ bytes: some Collection<UInt8>, id: String?) throws -> Product {
        var product = try EventDecoding.decode(Product.self, from: bytes)
        if let id {
            if !product.id.isEmpty, product.id != id {
                throw AffinityError.invalid("id", "the body's id '\(product.id)' differs from the path's '\(id)'")
            }
            product.id = id
        }
        return product
    }

    /// NDJSON with one result per line: `{"line", "id", "status"}` or the line's error.
    func bulk(
        _ request: Request, _ context: AffinityRequestContext,
        _ handle: @Sendable ([UInt8]) async throws -> CatalogWriteResult
    ) async throws -> Response {
        try requireContentType(request, ["application/x-ndjson", "application/ndjson", "application/jsonl"])
        var results: [BulkLineResult] = []
        var counts = [String: Int]()
        var number = 0
        var lines = NDJSONLines(body: request.body).makeAsyncIterator()
        while let next = try await lines.nextLine() {
            number += 1
            guard case .bytes(let line) = next else {
                if case .tooLong(let length) = next {
                    results.append(
                        BulkLineResult(
                            line: number, status: "rejected", error: .init(EventDecoding.lineTooLong(length))))
                    counts["rejected", default: 0] += 1
                }
                continue
            }
            if line.allSatisfy({ $0 == 32 || $0 == 9 || $0 == 13 }) { continue }
            do {
                let result = try await handle(line)
                results.append(
                    BulkLineResult(
                        line: number, id: result.id, status: result.status, storedVersion: result.storedVersion))
                counts[result.status, default: 0] += 1
            } catch let error as AffinityError {
                if error.kind == .unavailable { throw error }
                results.append(BulkLineResult(line: number, status: "rejected", error: .init(error)))
                counts["rejected", default: 0] += 1
            }
        }
        return try jsonResponse(BulkSummary(counts: counts, results: results))
    }
}
