import AffinityCore

extension Engine {
    /// Products a feed page holds at most; pages keep the state lock short and the
    /// memory of a 100k-product feed to one page.
    package static let feedPageSize = 1_000

    /// One page of `channel`'s feed, in product-id order after `cursor` (nil: from the
    /// start), and the cursor of the next page (nil: this was the last one). 422 for an
    /// unknown channel.
    package func feedPage(channel channelID: String, after cursor: String?, limit: Int = feedPageSize)
        throws(AffinityError) -> (rows: [FeedRow], next: String?)
    {
        let channel = try feedChannel(channelID)
        let limit = max(1, limit)
        return state.withLock { state in
            var rows: [FeedRow] = []
            let ids = state.sortedProductIDs()
            var index = Self.firstIndex(after: cursor, in: ids)
            while index < ids.count, rows.count < limit {
                let id = ids[index]
                index += 1
                guard let entry = state.products.id(of: id).flatMap({ state.entry($0) }),
                    entry.publishedIn.contains(channel.id),
                    let price = entry.product.price(in: channel.id), price.currency == channel.currency
                else { continue }
                rows.append(Self.feedRow(entry.product, price: price))
            }
            return (rows, index < ids.count ? ids[index - 1] : nil)
        }
    }

    /// Whether `presented` is the configured feed token. Compares SHA-256 digests
    /// (swift-crypto's constant-time equality), so neither the token nor its length leaks
    /// through timing.
    package func feedTokenMatches(_ presented: String) -> Bool {
        Self.secretMatches(presented, options.feedToken)
    }

    /// The channel a feed is for: 422 naming the configured ones when unknown, 503 while
    /// loading (checked before a streamed answer starts).
    package func feedChannel(_ id: String) throws(AffinityError) -> Channel {
        try requireReady()
        guard let channel = try resolveChannel(id) else { throw .invalid("channel", "a feed needs a channel") }
        return channel
    }

    static func feedRow(_ product: Product, price: Price) -> FeedRow {
        let stock = product.stock
        let availability: FeedRow.Availability =
            stock.available > 0 ? .inStock : stock.allowBackorder ? .backorder : .outOfStock
        return FeedRow(
            id: product.id, title: product.title, description: product.description ?? product.title,
            link: product.url ?? "", imageLink: product.imageURL ?? "", availability: availability,
            priceMinor: price.amountMinor, currency: price.currency, brand: product.brand ?? "",
            productType: product.categories.joined(separator: " > "), categories: product.categories,
            stockAvailable: stock.available)
    }

    /// What a feed held: rows written, and products left out because a column the format
    /// requires was empty (no link, image or brand: the marketplace would reject them).
    package struct FeedSummary: Sendable, Equatable {
        package var rows = 0
        package var skipped = 0

        package init(rows: Int = 0, skipped: Int = 0) { (self.rows, self.skipped) = (rows, skipped) }
    }

    /// Every page of `channel`'s feed as text, header first, handed to `write` one page
    /// at a time (the HTTP route streams them; the CLI writes them to a file). Products
    /// missing a column the format requires are left out and counted.
    @discardableResult
    package func writeFeed(channel: String, format: FeedFormat, _ write: (String) async throws -> Void)
        async throws -> FeedSummary
    {
        try await write(format.header)
        let required = format.requiredColumns.compactMap { format.columns.firstIndex(of: $0) }
        var summary = FeedSummary()
        var cursor: String?
        repeat {
            let page = try feedPage(channel: channel, after: cursor)
            var text = ""
            for row in page.rows {
                let cells = row.cells(format)
                guard required.allSatisfy({ !cells[$0].isEmpty }) else {
                    summary.skipped += 1
                    continue
                }
                text += format.line(cells)
                summary.rows += 1
            }
            if !text.isEmpty { try await write(text) }
            cursor = page.next
        } while cursor != nil
        return summary
    }
}
