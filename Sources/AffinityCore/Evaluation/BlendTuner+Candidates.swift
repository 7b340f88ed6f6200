extension BlendTuner {
    /// A named blend in the tuning grid.
    public struct Candidate: Sendable, Equatable {
        /// Short label for reports.
        public var name: String
        /// The weights tried.
        public var weights: BlendWeights
    }

    /// Grid for shoppers inside a session. First is the configured blend (the
    /// fallback); the rest are archetypes, one per source that can dominate a shop:
    /// ALS (taste-driven catalogues), co-occurrence / sequence (browsing paths),
    /// popularity (hit-driven), plus an even mix. Kept small (≤ 8) because every
    /// extra candidate is another chance to overfit the holdout.
    public var continuingCandidates: [Candidate] {
        Self.grid(
            configured: config.blend.forYou,
            vectorsHeavy: BlendWeights(cooccurrence: 0.3, sequence: 0.2, vectors: 1, popularity: 0.1, content: 0.05),
            balanced: BlendWeights(cooccurrence: 1, sequence: 0.5, vectors: 1, popularity: 1, content: 0.05))
    }

    /// Grid for shoppers back after a break; same archetypes, first the configured
    /// returning blend, plus the co/seq/vectors mix found best on a shop view log.
    public var returningCandidates: [Candidate] {
        Self.grid(
            configured: config.blend.forYouReturning,
            vectorsHeavy: BlendWeights(cooccurrence: 0.3, sequence: 0.1, vectors: 1, popularity: 0.2, content: 0.05),
            balanced: BlendWeights(cooccurrence: 0.7, sequence: 0.3, vectors: 1, popularity: 0.75, content: 0.05))
    }

    /// The archetypes in a fixed order (ties keep the earlier one); only the configured,
    /// vectors-heavy and balanced weights differ between the two groups.
    private static func grid(configured: BlendWeights, vectorsHeavy: BlendWeights, balanced: BlendWeights)
        -> [Candidate]
    {
        [
            Candidate(name: "configured", weights: configured),
            Candidate(name: "vectors-only", weights: BlendWeights(vectors: 1, popularity: 0.02)),
            Candidate(name: "vectors-heavy", weights: vectorsHeavy),
            Candidate(
                name: "sequence-heavy",
                weights: BlendWeights(cooccurrence: 1, sequence: 1, vectors: 0.2, popularity: 0.1, content: 0.05)),
            Candidate(
                name: "popularity-heavy",
                weights: BlendWeights(cooccurrence: 0.2, sequence: 0.1, vectors: 0.2, popularity: 2, content: 0.05)),
            Candidate(name: "balanced", weights: balanced),
        ]
    }
}

/// What `BlendTuner.tune` chose and why.
public struct BlendTuning: Sendable {
    /// Which for-you blend a held-out case informs.
    public enum Segment: String, Sendable {
        /// Gap to the previous event within the session half-life: `for_you`.
        case continuing
        /// Longer gap: `for_you_returning`.
        case returning
    }

    /// One candidate's score on one segment.
    public struct Entry: Sendable {
        /// Segment scored.
        public var segment: Segment
        /// Candidate label.
        public var name: String
        /// Candidate weights.
        public var weights: BlendWeights
        /// Held-out cases in the segment.
        public var cases: Int
        /// Mean NDCG@k over those cases.
        public var ndcg: Double
        /// Standard error of the paired NDCG difference to the configured blend.
        public var standardError: Double
        /// Whether this candidate was installed.
        public var chosen: Bool
    }

    /// `config.blend` with `forYou` / `forYouReturning` replaced by the choices.
    public var blend: BlendConfig
    /// Every candidate's score, for logging.
    public var entries: [Entry]

    /// One line per candidate, e.g. for the engine's training log.
    public var report: String {
        entries.map { e in
            let n = (e.ndcg * 10_000).rounded() / 10_000, se = (e.standardError * 10_000).rounded() / 10_000
            return "\(e.segment.rawValue) \(e.name): cases \(e.cases) ndcg \(n) ±\(se)\(e.chosen ? " *" : "")"
        }.joined(separator: "\n")
    }
}
