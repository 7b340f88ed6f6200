import AffinityStore
import Logging

extension Engine {
    /// The webhook sources this engine can map.
    package static let webhookSources = ["generic", "shopify"]

    /// Checks that `body` is signed for `source` (`headers` keyed by lower-case name):
    /// 404 `unknown_webhook_source` when the source is unknown or has no secret configured
    /// (unsigned deliveries are never accepted), 401 `invalid_signature` when the
    /// signature is missing or wrong. Nothing is read or written.
    package func verifyWebhook(source: String, headers: [String: String], body: [UInt8]) throws(AffinityError) {
        guard Self.webhookSources.contains(source), let secret = options.webhookSecrets[source], !secret.isEmpty else {
            throw AffinityError(
                .notFound, code: "unknown_webhook_source",
                message: Self.webhookSources.contains(source)
                    ? "the webhook source '\(source)' has no secret configured "
                        + "(set AFFINITY_WEBHOOK_SECRET_\(source.uppercased()))"
                    : "unknown webhook source '\(source)'; known sources: "
                        + Self.webhookSources.joined(separator: ", "))
        }
        let valid =
            source == "shopify"
            ? WebhookSignature.verifyShopify(header: headers["x-shopify-hmac-sha256"], body: body, secret: secret)
            : WebhookSignature.verifyGeneric(header: headers["x-affinity-signature"], body: body, secret: secret)
        guard valid else {
            let header = source == "shopify" ? "X-Shopify-Hmac-Sha256" : "X-Affinity-Signature"
            throw AffinityError(
                .unauthorized, code: "invalid_signature",
                message: "the \(header) header is missing or does not sign this body with the configured secret",
                field: header)
        }
    }

    /// Maps a delivery that ``verifyWebhook(source:headers:body:)`` accepted and applies
    /// it once: a delivery id seen before answers `duplicate` and changes nothing.
    /// `query` carries the webhook URL's parameters (`currency`, `channel` for Shopify).
    package func applyWebhook(source: String, headers: [String: String], query: [String: String], body: [UInt8])
        async throws(AffinityError) -> WebhookResult
    {
        try requireReady()
        if source == "shopify" {
            let topic = try Self.requiredHeader(headers, "X-Shopify-Topic")
            let deliveryID = try Self.requiredHeader(headers, "X-Shopify-Webhook-Id")
            var triggeredAt: Int64?
            if let text = headers["x-shopify-triggered-at"] {
                triggeredAt = RFC3339.milliseconds(text)
            }
            let currency = headers["x-affinity-currency"] ?? query["currency"] ?? options.channels.first?.currency ?? ""
            let context = ShopifyMapping.Context(
                currency: currency, channels: options.channels, productID: headers["x-affinity-product-id"],
                triggeredAt: triggeredAt, orderChannel: headers["x-affinity-channel"] ?? query["channel"])
            let change = try ShopifyMapping.change(topic: topic, body: body, context: context)
            return try await deliver(source: source, deliveryID: deliveryID, change)
        }
        let (deliveryID, change) = try GenericWebhook.decode(body, now: options.now())
        return try await deliver(source: source, deliveryID: deliveryID, change)
    }

    /// Records the delivery id, then applies the change; the id is forgotten again when
    /// the change fails in a way a retry could fix (store unavailable, product not yet known).
    func deliver(source: String, deliveryID: String, _ change: WebhookChange) async throws(AffinityError)
        -> WebhookResult
    {
        if case .ignored(let reason) = change { return WebhookResult(status: "ignored", message: reason) }
        let now = options.now()
        guard try await storeCall({ try await self.store.recordDelivery(source: source, id: deliveryID, at: now) })
        else {
            return .duplicate
        }
        do {
            return try await apply(change)
        } catch {
            if error.kind == .unavailable || error.kind == .notFound {
                do {
                    try await store.forgetDelivery(source: source, id: deliveryID)
                } catch let forgetError {
                    logger.error(
                        "cannot forget webhook delivery", metadata: ["id": "\(deliveryID)", "error": "\(forgetError)"])
                }
            }
            throw error
        }
    }

    /// Applies one change through the catalog write API or ingestion.
    package func apply(_ change: WebhookChange) async throws(AffinityError) -> WebhookResult {
        let type = change.typeName
        switch change {
        case .upsertProduct(let product):
            return report(try await putProduct(product), type: type)
        case .deleteProduct(let id, let version):
            do {
                return report(try await deleteProduct(id, sourceVersion: version), type: type)
            } catch let error where error.kind == .notFound {
                return WebhookResult(
                    status: "not_found", type: type, id: id, message: "no product '\(id)'; nothing to delete")
            }
        case .setStock(let id, let update):
            return report(try await setStock(id, update), type: type)
        case .setPrices(let id, let update):
            return report(try await setPrices(id, update), type: type)
        case .inventoryLevel(let itemID, let available, let version, let productID):
            var owner = productID
            if owner == nil { owner = try productOwning(inventoryItem: itemID) }
            guard let id = owner else {
                throw AffinityError(
                    .invalid, code: "unmapped_inventory_item",
                    message:
                        "no product lists inventory item \(itemID) (products/create or products/update stores it); "
                        + "send X-Affinity-Product-Id to name the product", field: "inventory_item_id")
            }
            return report(try await setStock(id, StockUpdate(available: available, sourceVersion: version)), type: type)
        case .purchase(let event):
            let summary: IngestSummary
            do {
                summary = try await ingest([event], batched: false)
            } catch let error where error.code == "event_id_conflict" {
                return WebhookResult(
                    status: "duplicate", type: type, eventID: event.eventID, message: "this order was logged before")
            }
            let status = summary.duplicates > 0 ? "duplicate" : "accepted"
            return WebhookResult(status: status, type: type, eventID: event.eventID)
        case .ignored(let reason):
            return WebhookResult(status: "ignored", message: reason)
        }
    }

    /// The product whose single variant has `inventoryItem` (nil if none); a 422 if the
    /// product has several, whose total one inventory level cannot give.
    func productOwning(inventoryItem: String) throws(AffinityError) -> String? {
        let owner = state.withLock { state -> (String, Int)? in
            for case let entry? in state.catalog {
                guard case .array(let ids)? = entry.product.attributes[ShopifyMapping.inventoryItemsAttribute],
                    ids.contains(.string(inventoryItem))
                else { continue }
                return (entry.product.id, ids.count)
            }
            return nil
        }
        guard let (id, count) = owner else { return nil }
        guard count == 1 else {
            throw AffinityError(
                .invalid, code: "ambiguous_inventory_item",
                message: "product \(id) has \(count) inventory items; one item's level is not the product's stock "
                    + "(products/update carries the total). Send X-Affinity-Product-Id to set it anyway",
                field: "inventory_item_id")
        }
        return id
    }

    private func report(_ result: CatalogWriteResult, type: String?) -> WebhookResult {
        var answer = WebhookResult(
            status: result.status, type: type, id: result.id, storedVersion: result.storedVersion)
        if result.status == "stale" {
            answer.message =
                "older than the stored version \(result.storedVersion.map(String.init) ?? "?"); not applied"
            logger.info("stale webhook change ignored", metadata: ["id": "\(result.id)", "type": "\(type ?? "")"])
        }
        return answer
    }

    private static func requiredHeader(_ headers: [String: String], _ name: String) throws(AffinityError) -> String {
        guard let value = headers[name.lowercased()], !value.isEmpty else {
            throw AffinityError(
                .invalid, code: "missing_header", message: "the \(name) header is required", field: name)
        }
        return value
    }
}
