import AffinityCore
import AffinityStore

/// The in-memory side of the engine: id interning, the catalog index and the scoring
/// core, changed only by committed events and catalog writes (under the engine's lock).
final class ServingState {
    var products = Interner()
    /// Shoppers: `u:<user_id>` and `a:<anonymous_id>`, so the two id spaces never collide.
    var shoppers = Interner()
    var channels = Interner()
    var categories = Interner()
    var tokens = Interner()
    /// Indexed by product id; `nil` for products known only from events.
    var catalog: [CatalogEntry?] = []
    var catalogCount = 0
    /// Per channel id (and `""` for no channel): whether each product may be shown.
    /// Kept current on every catalog write so a request's filter is one array lookup.
    var servable: [String: [Bool]] = [:]
    /// The same for listing-style lists: servable and not hidden from listings.
    var listable: [String: [Bool]] = [:]
    /// Catalog-filter masks of recently asked placements (see `ServingState+FilterMasks`),
    /// kept current per catalog write like `servable`.
    var filterMasks: [FilterMask] = []
    let channelList: [Channel]
    private var sortedIDsCache: [String]?
    let core: ScoringCore
    let model: ModelConfig
    /// The last log position applied.
    var appliedSequence: Int64 = 0
    /// Users who withdrew consent to personalisation (`PUT /v1/users/{id}/consent`):
    /// their lists are not personal, and their later events do not shape their profile.
    var withoutConsent: Set<String> = []

    init(model: ModelConfig, channels: [Channel], core: ScoringCore? = nil) {
        self.model = model
        channelList = channels
        self.core = core ?? ScoringCore(config: model)
    }

    /// A copy for one worker of an offline job: shares everything copy-on-write and has a
    /// core replica of its own (see ``ScoringCore/replica()``), so workers score in
    /// parallel without the engine's lock. Nothing applied to either is seen by the other.
    func replica() -> ServingState {
        let copy = ServingState(model: model, channels: channelList, core: core.replica())
        copy.products = products
        copy.shoppers = shoppers
        copy.channels = channels
        copy.categories = categories
        copy.tokens = tokens
        copy.catalog = catalog
        copy.catalogCount = catalogCount
        copy.servable = servable
        copy.listable = listable
        copy.filterMasks = filterMasks
        copy.sortedIDsCache = sortedIDsCache
        copy.appliedSequence = appliedSequence
        copy.withoutConsent = withoutConsent
        return copy
    }

    func apply(_ records: [EventRecord]) {
        for record in records { apply(record) }
    }

    /// Applies one committed event; a record at or before ``appliedSequence`` is already
    /// in memory and is skipped, so replay after a live apply is harmless.
    func apply(_ record: EventRecord) {
        guard record.sequence > appliedSequence else { return }
        appliedSequence = record.sequence
        // An event without consent to personalisation is kept for analytics only: it
        // neither shapes a profile nor links identities.
        guard record.personalization else { return }
        var shopper: Int32?
        if let user = record.userID { shopper = shoppers.intern("u:" + user) }
        if let anonymous = record.anonymousID {
            let alias = shoppers.intern("a:" + anonymous)
            if let user = shopper {
                // From this event on the anonymous id is this user's; see ScoringCore.link.
                core.link(anonymous: alias, to: user)
            } else {
                shopper = alias
            }
        }
        guard let shopper, !record.productIDs.isEmpty else { return }
        let items = record.productIDs.map { products.intern($0) }
        let channel = record.channel.map { channels.intern($0) }
        core.record(
            shopper: shopper, items: items, kind: EventKind(rawValue: record.type),
            timestamp: record.occurredAt / 1000, channel: channel)
    }

    /// Installs or replaces a product in the catalog index and the core's attributes.
    func upsert(_ product: Product) {
        let id = products.intern(product.id)
        if catalog.count <= Int(id) {
            catalog.append(contentsOf: repeatElement(nil, count: Int(id) + 1 - catalog.count))
        }
        if catalog[Int(id)] == nil {
            catalogCount += 1
            sortedIDsCache = nil
        }
        let entry = CatalogEntry(product)
        catalog[Int(id)] = entry
        setServable(id, "", entry.isServable(in: nil), listable: entry.isListable(in: nil))
        for channel in channelList {
            setServable(id, channel.id, entry.isServable(in: channel), listable: entry.isListable(in: channel))
        }
        updateFilterMasks(id)
        var words = product.tags.map { "tag:" + $0 }
        words += product.title.lowercased().split(whereSeparator: { !$0.isLetter && !$0.isNumber }).map { "w:" + $0 }
        core.setItemAttributes(
            id, categories: product.categories.map { categories.intern($0) },
            brand: product.brand.map { tokens.intern("brand:" + $0) },
            tokens: words.map { tokens.intern($0) })
    }

    private func setServable(_ id: Int32, _ channel: String, _ value: Bool, listable isListable: Bool) {
        func set(_ masks: inout [String: [Bool]], _ value: Bool) {
            var mask = masks.removeValue(forKey: channel) ?? []
            if mask.count <= Int(id) { mask.append(contentsOf: repeatElement(false, count: Int(id) + 1 - mask.count)) }
            mask[Int(id)] = value
            masks[channel] = mask
        }
        set(&servable, value)
        set(&listable, isListable)
    }

    /// The filter mask for a request in `channel`.
    func servable(in channel: Channel?) -> [Bool] {
        servable[channel?.id ?? ""] ?? []
    }

    /// The mask for listing-style lists in `channel` (hidden products left out).
    func listable(in channel: Channel?) -> [Bool] {
        listable[channel?.id ?? ""] ?? []
    }

    /// Removes an erased user's own profile, and their anonymous ids', from memory now
    /// (the aggregate indexes follow with the rebuild from the erased log).
    func forget(userID: String, anonymousIDs: [String]) {
        if let id = shoppers.id(of: "u:" + userID) { core.forget(id) }
        for anonymous in anonymousIDs {
            if let id = shoppers.id(of: "a:" + anonymous) { core.forget(id) }
        }
    }

    /// Takes a deleted product out of the catalog and every list.
    func remove(_ productID: String) {
        guard let id = products.id(of: productID), entry(id) != nil else { return }
        catalog[Int(id)] = nil
        catalogCount -= 1
        sortedIDsCache = nil
        for key in servable.keys { setServable(id, key, false, listable: false) }
        updateFilterMasks(id)
    }

    /// Live product ids in ascending order (cached until the catalog changes).
    func sortedProductIDs() -> [String] {
        if let cached = sortedIDsCache { return cached }
        var ids: [String] = []
        for (index, entry) in catalog.enumerated() where entry != nil { ids.append(products.string(for: Int32(index))) }
        ids.sort()
        sortedIDsCache = ids
        return ids
    }

    func entry(_ id: Int32) -> CatalogEntry? {
        Int(id) < catalog.count ? catalog[Int(id)] : nil
    }

    /// Dense id of a shopper from the request's ids (user wins), without interning; nil
    /// when the shopper (or the user an anonymous id now belongs to) withdrew consent, so
    /// the list is not personal.
    ///
    /// An anonymous id that is linked to a user stands for that user only when the request
    /// may see the user's profile: never for another `user_id` (a user not seen yet on a
    /// device another user logged in on gets no list of theirs), and not when
    /// `followLinks` is false (a public-key request for history without the user's token).
    func shopper(userID: String?, anonymousID: String?, followLinks: Bool = true) -> Int32? {
        if let userID {
            if withoutConsent.contains(userID) { return nil }
            if let id = shoppers.id(of: "u:" + userID) { return id }
        }
        guard let anonymousID, let id = shoppers.id(of: "a:" + anonymousID) else { return nil }
        guard core.canonical(id) != id else { return id }
        // Linked to a user: another user's profile is never a fallback.
        guard userID == nil, followLinks else { return nil }
        if let owner = linkedUser(of: id), withoutConsent.contains(owner) { return nil }
        return id
    }

    /// The user an anonymous id is linked to now, if any (its `user_id`).
    func linkedUser(ofAnonymous anonymousID: String) -> String? {
        shoppers.id(of: "a:" + anonymousID).flatMap(linkedUser(of:))
    }

    private func linkedUser(of anonymous: Int32) -> String? {
        let owner = core.canonical(anonymous)
        guard owner != anonymous else { return nil }
        let key = shoppers.string(for: owner)
        return key.hasPrefix("u:") ? String(key.dropFirst(2)) : nil
    }
}
