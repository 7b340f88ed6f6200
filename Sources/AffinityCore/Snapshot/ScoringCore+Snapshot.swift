/// Everything a snapshot restores, decoded and validated before the core exists,
/// so a bad snapshot never yields a half-initialised core.
private struct RestoredState {
    var latestTimestamp: Int64
    var known: [Bool]
    var frequency: [Float]
    var aliases: [Int32: Int32]
    var firstAnonymous: [Int32: Int32]
    var shoppers: [ShopperState?]
    var popularity, trending, categoryPopularity: DecayedScores
    var channelPopularity: [Int32: DecayedScores]
    var channelTrending: [Int32: DecayedScores]
    var sequence, symmetric, basket, coView, viewToPurchase: CooccurrenceIndex
    var content: ContentIndex
    var model: ALSModel?
    var blend: BlendConfig?
}

extension ScoringCore {
    /// "AFSC": identifies a ScoringCore state snapshot.
    static let snapshotMagic: [UInt8] = [0x41, 0x46, 0x53, 0x43]
    /// Bumped whenever the payload layout changes; older builds then refuse newer
    /// snapshots instead of misreading them. 2 added the installed blends, 3 the
    /// per-channel trending scores, 4 the first linked anonymous ids (and re-linking
    /// instead of merging users, so older snapshots are rebuilt from the log).
    public static let snapshotFormatVersion: UInt32 = 4
    /// Magic, version, config fingerprint, payload length.
    static let snapshotHeaderSize = 4 + 4 + 8 + 8

    /// The complete incremental state, so a restarted server can load the newest
    /// snapshot and replay only the events logged after it, ending up exactly where
    /// a server that never restarted would be (bit-identical scores).
    ///
    /// Layout: "AFSC", format version (UInt32), fingerprint of the state-shaping
    /// configuration (UInt64), payload length (UInt64), payload, CRC-32 of all
    /// preceding bytes; little-endian throughout. Per-request scratch buffers are not
    /// state and are not stored. Call it under the engine's lock; cost is linear in
    /// the state size with bulk copies.
    public func encodedState() -> [UInt8] {
        let modelBytes = model?.encoded() ?? []
        var entries = 0
        for index in [sequence, symmetric, basket, coView, viewToPurchase] {
            entries += index.rowTotals.count
            for row in index.rows { entries += row.count }
        }
        var w = SnapshotWriter(reservingCapacity: 4_096 + 8 * entries + 12 * known.count + modelBytes.count)
        for b in ScoringCore.snapshotMagic { w.u8(b) }
        w.u32(ScoringCore.snapshotFormatVersion)
        w.u64(config.stateFingerprint)
        let lengthOffset = w.count
        w.u64(0)
        w.i64(latestTimestamp)
        w.array(known.map { $0 ? UInt8(1) : 0 })
        w.array(frequency)
        let aliasKeys = aliases.keys.sorted()
        w.array(aliasKeys)
        w.array(aliasKeys.map { aliases[$0]! })
        let firstKeys = firstAnonymous.keys.sorted()
        w.array(firstKeys)
        w.array(firstKeys.map { firstAnonymous[$0]! })
        ShopperState.write(shoppers, to: &w)
        popularity.write(to: &w)
        trending.write(to: &w)
        categoryPopularity.write(to: &w)
        let channels = channelPopularity.keys.sorted()
        w.array(channels)
        for c in channels { channelPopularity[c]!.write(to: &w) }
        let trendingChannels = channelTrending.keys.sorted()
        w.array(trendingChannels)
        for c in trendingChannels { channelTrending[c]!.write(to: &w) }
        for index in [sequence, symmetric, basket, coView, viewToPurchase] { index.write(to: &w) }
        content.write(to: &w)
        w.bool(model != nil)
        w.blob(modelBytes)
        w.bool(installedBlend != nil)
        installedBlend?.write(to: &w)
        w.patchU64(UInt64(w.count - ScoringCore.snapshotHeaderSize), at: lengthOffset)
        w.u32(CRC32.checksum(w.bytes))
        return w.bytes
    }

    /// Restores a core from `encodedState()` bytes. `config` must shape state the
    /// same way as the writer's (see `ScoringCoreSnapshotError.configMismatch`);
    /// query-time settings such as blend weights may differ. Checks, in order: size,
    /// magic, version, declared length, checksum, configuration, then every count and
    /// id in the payload, so corrupt input is reported, never trusted or trapped on.
    public convenience init(decodingState bytes: [UInt8], config: ModelConfig) throws(ScoringCoreSnapshotError) {
        let state = try ScoringCore.decodeState(bytes, config: config)
        self.init(config: config)
        latestTimestamp = state.latestTimestamp
        known = state.known
        frequency = state.frequency
        aliases = state.aliases
        firstAnonymous = state.firstAnonymous
        shoppers = state.shoppers
        popularity = state.popularity
        trending = state.trending
        categoryPopularity = state.categoryPopularity
        channelPopularity = state.channelPopularity
        channelTrending = state.channelTrending
        sequence = state.sequence
        symmetric = state.symmetric
        basket = state.basket
        coView = state.coView
        viewToPurchase = state.viewToPurchase
        content = state.content
        install(model: state.model)
        install(blend: state.blend)
    }

    /// Validates the envelope and decodes the payload.
    private static func decodeState(_ bytes: [UInt8], config: ModelConfig) throws(ScoringCoreSnapshotError)
        -> RestoredState
    {
        let header = snapshotHeaderSize
        guard bytes.count >= 4 else { throw .truncated }
        guard Array(bytes[0..<4]) == snapshotMagic else { throw .badMagic }
        guard bytes.count >= header + 4 else { throw .truncated }
        var r = SnapshotReader(bytes, offset: 4, end: bytes.count)
        let version = try r.u32("format version")
        guard version == snapshotFormatVersion else { throw .unsupportedVersion(version) }
        let fingerprint = try r.u64("config fingerprint")
        let length = try r.u64("payload length")
        guard length <= UInt64(bytes.count - header - 4) else { throw .truncated }
        let total = header + Int(length) + 4
        guard bytes.count == total else { throw .corrupt("\(bytes.count - total) unexpected bytes after the checksum") }
        let stored =
            UInt32(bytes[total - 4]) | UInt32(bytes[total - 3]) << 8
            | UInt32(bytes[total - 2]) << 16 | UInt32(bytes[total - 1]) << 24
        guard stored == CRC32.checksum(bytes[0..<(total - 4)]) else { throw .checksumMismatch }
        guard fingerprint == config.stateFingerprint else { throw .configMismatch }
        r = SnapshotReader(bytes, offset: header, end: total - 4)
        return try decodePayload(&r, config: config)
    }

    /// Decodes the payload in the order `encodedState()` wrote it.
    private static func decodePayload(
        _ r: inout SnapshotReader, config: ModelConfig
    ) throws(ScoringCoreSnapshotError) -> RestoredState {
        let latest = try r.i64("latest timestamp")
        guard latest == .min || SnapshotReader.plausible(latest, latest: latest) else {
            throw .corrupt("latest event time \(latest) is out of range")
        }
        let knownBytes = try r.array(UInt8.self, "known items")
        guard knownBytes.allSatisfy({ $0 <= 1 }) else { throw .corrupt("known-item flags other than 0/1") }
        let itemCount = knownBytes.count
        let frequency = try r.floats(count: itemCount, "item frequencies")
        let aliases = try decodeAliases(&r)
        let firstUsers = try r.array(Int32.self, "first-link users")
        let firstAliases = try r.array(Int32.self, count: firstUsers.count, "first-link anonymous ids")
        var firstAnonymous = [Int32: Int32](minimumCapacity: firstUsers.count)
        for (user, anonymous) in zip(firstUsers, firstAliases) {
            guard user >= 0, anonymous >= 0 else { throw .corrupt("first link \(user) → \(anonymous) is invalid") }
            firstAnonymous[user] = anonymous
        }
        guard firstAnonymous.count == firstUsers.count else { throw .corrupt("first-link users repeat") }
        // Slots only grow to hold a recorded shopper or an alias endpoint.
        var slotLimit = 0
        for (f, t) in aliases { slotLimit = max(slotLimit, Int(f) + 1, Int(t) + 1) }
        let shoppers = try ShopperState.read(from: &r, itemCount: itemCount, slotLimit: slotLimit, latest: latest)
        let pop = config.popularity
        let popularity = try DecayedScores.read(from: &r, halfLife: pop.halfLifeSeconds, latest: latest, "popularity")
        let trending = try DecayedScores.read(
            from: &r, halfLife: pop.trendingHalfLifeSeconds, latest: latest, "trending")
        let categories = try DecayedScores.read(
            from: &r, halfLife: pop.trendingHalfLifeSeconds, latest: latest, "category trending")
        let channels = try r.array(Int32.self, "channels")
        var channelPopularity = [Int32: DecayedScores](minimumCapacity: channels.count)
        for c in channels {
            channelPopularity[c] = try DecayedScores.read(
                from: &r, halfLife: pop.halfLifeSeconds, latest: latest, "channel \(c) popularity")
        }
        guard channelPopularity.count == channels.count else { throw .corrupt("channels repeat") }
        let trendingChannels = try r.array(Int32.self, "trending channels")
        var channelTrending = [Int32: DecayedScores](minimumCapacity: trendingChannels.count)
        for c in trendingChannels {
            channelTrending[c] = try DecayedScores.read(
                from: &r, halfLife: pop.trendingHalfLifeSeconds, latest: latest, "channel \(c) trending")
        }
        guard channelTrending.count == trendingChannels.count else { throw .corrupt("trending channels repeat") }
        let cap = config.cooccurrence.maxNeighbours
        var indexes: [CooccurrenceIndex] = []
        for name in ["sequence", "symmetric", "basket", "co-view", "view-to-purchase"] {
            indexes.append(
                try CooccurrenceIndex.read(from: &r, maxNeighbours: cap, itemCount: itemCount, "\(name) index"))
        }
        let content = try ContentIndex.read(from: &r, config: config.content, itemCount: itemCount)
        let hasModel = try r.bool("model flag")
        let modelBytes = try r.blob("model")
        var model: ALSModel?
        if hasModel {
            do throws(ALSModelDecodingError) {
                model = try ALSModel(decoding: modelBytes)
            } catch {
                throw .corrupt("embedded ALS model: \(error)")
            }
        } else if !modelBytes.isEmpty {
            throw .corrupt("model bytes present but flagged absent")
        }
        let blend = try r.bool("installed blend flag") ? try BlendConfig.read(from: &r) : nil
        guard r.remaining == 0 else { throw .corrupt("\(r.remaining) bytes left after the last section") }
        return RestoredState(
            latestTimestamp: latest, known: knownBytes.map { $0 == 1 }, frequency: frequency, aliases: aliases,
            firstAnonymous: firstAnonymous,
            shoppers: shoppers, popularity: popularity, trending: trending, categoryPopularity: categories,
            channelPopularity: channelPopularity, channelTrending: channelTrending, sequence: indexes[0],
            symmetric: indexes[1], basket: indexes[2],
            coView: indexes[3], viewToPurchase: indexes[4], content: content, model: model,
            blend: blend)
    }

    /// Reads identity merges and rejects cycles, which would make `canonical` loop.
    private static func decodeAliases(_ r: inout SnapshotReader) throws(ScoringCoreSnapshotError) -> [Int32: Int32] {
        let from = try r.array(Int32.self, "alias sources")
        let to = try r.array(Int32.self, count: from.count, "alias targets")
        var aliases = [Int32: Int32](minimumCapacity: from.count)
        for (f, t) in zip(from, to) {
            guard f >= 0, t >= 0, f != t else { throw .corrupt("alias \(f) → \(t) is invalid") }
            aliases[f] = t
        }
        guard aliases.count == from.count else { throw .corrupt("alias sources repeat") }
        // 0 = unvisited, 1 = on the current chain, 2 = known to terminate.
        var mark = [Int32: UInt8](minimumCapacity: aliases.count)
        for start in from where mark[start] == nil {
            var chain: [Int32] = []
            var s = start
            while let next = aliases[s], mark[s] != 2 {
                guard mark[s] != 1 else { throw .corrupt("alias cycle through shopper \(s)") }
                mark[s] = 1
                chain.append(s)
                s = next
            }
            for c in chain { mark[c] = 2 }
        }
        return aliases
    }
}
