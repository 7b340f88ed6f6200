extension DecayedScores {
    /// Writes the scaled values together with their anchor and running maximum:
    /// the values are only meaningful relative to the anchor, and the maximum may
    /// deliberately overestimate, so neither can be recomputed on load.
    func write(to w: inout SnapshotWriter) {
        w.f64(halfLife)
        w.bool(anchor != nil)
        w.i64(anchor ?? 0)
        w.f64(maxValue)
        w.array(values)
    }

    /// Reads scores written by `write(to:)`, insisting on the half-life the current
    /// configuration implies (values scaled under another half-life would rank
    /// differently after the next event) and an anchor no later than the newest event.
    static func read(
        from r: inout SnapshotReader, halfLife expected: Double, latest: Int64, _ what: String
    ) throws(ScoringCoreSnapshotError) -> DecayedScores {
        let halfLife = try r.f64("\(what) half-life")
        guard halfLife.bitPattern == expected.bitPattern else {
            throw .corrupt("\(what) half-life \(halfLife) differs from the configured \(expected)")
        }
        let hasAnchor = try r.bool("\(what) anchor flag")
        let anchor = try r.i64("\(what) anchor")
        guard !hasAnchor || SnapshotReader.plausible(anchor, latest: latest) else {
            throw .corrupt("\(what) anchor \(anchor) is not a plausible event time")
        }
        let maxValue = try r.f64("\(what) maximum")
        let values = try r.doubles("\(what) values")
        return DecayedScores(halfLife: halfLife, values: values, anchor: hasAnchor ? anchor : nil, maxValue: maxValue)
    }
}
