import AffinityCore
import AffinityStore
import Foundation
import Logging

extension Engine {
    /// `PUT /v1/products/{id}`: creates or replaces a product (with its stock). An older
    /// `source_version` than the stored one is ignored and reported as `stale`.
    package func putProduct(_ product: Product) async throws(AffinityError) -> CatalogWriteResult {
        try requireReady()
        try product.validate(channels: options.channels)
        return try await catalogWrite { () async throws -> (CatalogWriteResult, Product?) in
            let outcome = try await self.store.upsertProducts([try self.productRecord(product)])[0]
            return (Self.result(product.id, outcome), outcome == .applied ? product : nil)
        }
    }

    /// `DELETE /v1/products/{id}`: the product disappears from the catalog and every list.
    package func deleteProduct(_ id: String, sourceVersion: Int64?) async throws(AffinityError) -> CatalogWriteResult {
        try requireReady()
        let now = options.now()
        let result = try await catalogWrite { () async throws -> (CatalogWriteResult, Product?) in
            let outcome = try await self.store.deleteProduct(id, sourceVersion: sourceVersion, at: now)
            if outcome == .applied { self.state.withLock { $0.remove(id) } }
            return (Self.result(id, outcome), nil)
        }
        if result.status == "not_found" { throw Self.notFound(id) }
        return result
    }

    /// `PUT /v1/products/{id}/stock`.
    package func setStock(_ id: String, _ update: StockUpdate) async throws(AffinityError) -> CatalogWriteResult {
        try requireReady()
        guard update.available >= 0 || update.allowBackorder == true else {
            throw .invalid("available", "available must be ≥ 0")
        }
        let result = try await catalogWrite { () async throws -> (CatalogWriteResult, Product?) in
            let row = StockRow(
                available: update.available, allowBackorder: update.allowBackorder ?? false,
                manageInventory: update.manageInventory ?? true, sourceVersion: update.sourceVersion)
            let outcome = try await self.store.setStock(id, row)
            return (Self.result(id, outcome), outcome == .applied ? try await self.storedProduct(id) : nil)
        }
        if result.status == "not_found" { throw Self.notFound(id) }
        return result
    }

    /// `PUT /v1/products/{id}/prices`: replaces the product's prices.
    package func setPrices(_ id: String, _ update: PricesUpdate) async throws(AffinityError) -> CatalogWriteResult {
        try requireReady()
        try Product.validate(prices: update.prices, channels: options.channels, field: "prices")
        let now = options.now()
        let result = try await catalogWrite { () async throws -> (CatalogWriteResult, Product?) in
            let outcome = try await self.store.updatePrices(id, version: update.sourceVersion, at: now) { payload in
                var product = try JSONDecoder().decode(Product.self, from: Data(payload.utf8))
                product.prices = update.prices.map {
                    Price(channel: $0.channel, amountMinor: $0.amountMinor, currency: $0.currency.uppercased())
                }
                return String(decoding: try Self.productEncoder.encode(product), as: UTF8.self)
            }
            return (Self.result(id, outcome), outcome == .applied ? try await self.storedProduct(id) : nil)
        }
        if result.status == "not_found" { throw Self.notFound(id) }
        return result
    }

    /// A product as `channel` sees it (404 if unknown or deleted).
    package func product(_ id: String, channel channelID: String?) throws(AffinityError) -> ProductView {
        try requireReady()
        let channel = try resolveChannel(channelID)
        guard
            let view = state.withLock({ state in state.products.id(of: id).flatMap { state.entry($0) } })
                .map({ Self.view($0.product, channel: channel) })
        else { throw Self.notFound(id) }
        return view
    }

    /// A page of products in id order, filtered; `cursor` is the last id of the previous page.
    package func listProducts(_ query: ProductQuery) throws(AffinityError) -> ProductPage {
        try requireReady()
        guard (1...500).contains(query.limit) else { throw .invalid("limit", "limit must be from 1 to 500") }
        let channel = try resolveChannel(query.channel)
        let text = query.text?.lowercased()
        return state.withLock { state in
            var items: [ProductView] = []
            var next: String?
            let ids = state.sortedProductIDs()
            for id in ids[Self.firstIndex(after: query.cursor, in: ids)...] {
                guard let entry = state.products.id(of: id).flatMap({ state.entry($0) }) else { continue }
                let product = entry.product
                if let category = query.category, !product.categories.contains(category) { continue }
                if let brand = query.brand, product.brand != brand { continue }
                if let channel, !entry.publishedIn.contains(channel.id) { continue }
                if let inStock = query.inStock, product.stock.isSellable != inStock { continue }
                if let text, !product.title.lowercased().contains(text),
                    !(product.description ?? "").lowercased().contains(text)
                {
                    continue
                }
                if items.count == query.limit {
                    next = items.last?.product.id
                    break
                }
                items.append(Self.view(product, channel: channel))
            }
            return ProductPage(items: items, nextCursor: next)
        }
    }

    /// Where a page starts: binary search for the first id after the cursor, so paging
    /// deep into a large catalogue does not rescan it.
    static func firstIndex(after cursor: String?, in ids: [String]) -> Int {
        guard let cursor else { return 0 }
        var low = 0
        var high = ids.count
        while low < high {
            let middle = (low + high) / 2
            if ids[middle] <= cursor { low = middle + 1 } else { high = middle }
        }
        return low
    }

    func resolveChannel(_ id: String?) throws(AffinityError) -> Channel? {
        guard let id else { return nil }
        guard let channel = options.channels.first(where: { $0.id == id }) else {
            throw .invalid("channel", Product.unknownChannel(id, options.channels))
        }
        return channel
    }

    /// Runs a catalog write on the writer thread and indexes the product it returns.
    private func catalogWrite(
        _ body: @escaping @Sendable () async throws -> (CatalogWriteResult, Product?)
    ) async throws(AffinityError) -> CatalogWriteResult {
        await leaveDemo()
        do {
            return try await committer.perform { () async throws -> (CatalogWriteResult, [EventRecord]) in
                let (result, product) = try await body()
                if let product { self.state.withLock { $0.upsert(product) } }
                return (result, [])
            }
        } catch let error as AffinityError {
            throw error
        } catch {
            logger.error("catalog write failed", metadata: ["error": "\(error)"])
            throw AffinityError(
                .unavailable, code: "store_unavailable", message: "the change could not be stored; retry")
        }
    }

    func productRecord(_ product: Product) throws -> ProductRecord {
        ProductRecord(
            id: product.id, payload: String(decoding: try Self.productEncoder.encode(product), as: UTF8.self),
            sourceVersion: product.sourceVersion, updatedAt: options.now(),
            stock: StockRow(available: product.stock.available, allowBackorder: product.stock.allowBackorder))
    }

    /// The stored product with its current stock row.
    func storedProduct(_ id: String) async throws -> Product? {
        try await store.product(id).map(Self.product(from:))
    }

    static func product(from record: ProductRecord) throws -> Product {
        var product = try JSONDecoder().decode(Product.self, from: Data(record.payload.utf8))
        product.stock = Stock(
            available: record.stock.available,
            allowBackorder: record.stock.allowBackorder || !record.stock.manageInventory)
        return product
    }

    static func view(_ product: Product, channel: Channel?) -> ProductView {
        ProductView(
            product: product, channel: channel?.id, price: channel.flatMap { product.price(in: $0.id) },
            published: channel.map { product.isPublished(in: $0.id) }, available: product.stock.isSellable)
    }

    static func result(_ id: String, _ outcome: UpdateOutcome) -> CatalogWriteResult {
        switch outcome {
        case .applied: .applied(id)
        case .stale(let stored): CatalogWriteResult(id: id, status: "stale", storedVersion: stored)
        case .notFound: CatalogWriteResult(id: id, status: "not_found", storedVersion: nil)
        }
    }

    static func notFound(_ id: String) -> AffinityError {
        AffinityError(.notFound, code: "unknown_product", message: "no product '\(id)'", field: "id")
    }

    static let productEncoder: JSONEncoder = {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }()
}
