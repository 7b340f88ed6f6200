extension ModelConfig {
    /// A hash of exactly the settings that shape `ScoringCore`'s accumulated state, so
    /// a snapshot is only restored under hyper-parameters that would have built the
    /// same state from the same events. Query-time settings (blend weights, seeds,
    /// measure, damping, ALS and training schedule) are deliberately excluded: tuning
    /// them must not force a full replay.
    ///
    /// Computed as 64-bit FNV-1a over a fixed little-endian field encoding (event
    /// weights sorted by kind), so it is stable across processes and platforms.
    var stateFingerprint: UInt64 {
        var w = SnapshotWriter()
        w.count(eventWeights.count)
        for (kind, weight) in eventWeights.sorted(by: { $0.key < $1.key }) {
            w.string(kind)
            w.f32(weight)
        }
        w.f32(defaultEventWeight)
        w.i64(Int64(history.window))
        w.f64(popularity.halfLifeSeconds)
        w.f64(popularity.trendingHalfLifeSeconds)
        w.i64(Int64(cooccurrence.window))
        w.f64(cooccurrence.distanceDecay)
        w.i64(Int64(cooccurrence.maxNeighbours))
        w.f32(content.categoryWeight)
        w.f32(content.brandWeight)
        w.f32(content.tokenWeight)
        var h: UInt64 = 0xCBF2_9CE4_8422_2325
        for b in w.bytes { h = (h ^ UInt64(b)) &* 0x0000_0100_0000_01B3 }
        return h
    }
}
