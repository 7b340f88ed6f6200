import Crypto

/// A split of one placement's traffic between variants, so a rule change can be measured
/// before it becomes the default.
package struct Experiment: Sendable, Equatable {
    /// One arm of the split.
    package struct Variant: Sendable, Equatable {
        /// Unique within the experiment; recorded with every impression.
        package var id: String
        /// Relative share of traffic (positive; weights need not sum to 100).
        package var weight: Double
        /// What the variant changes on the placement; empty for the control.
        package var overrides: PlacementOverrides

        package init(id: String, weight: Double, overrides: PlacementOverrides = .init()) {
            self.id = id
            self.weight = weight
            self.overrides = overrides
        }
    }

    /// Part of the bucketing hash, so renaming an experiment reshuffles shoppers.
    package var id: String
    /// The placement whose traffic is split (it exists in the same file).
    package var placement: String
    /// In file order; bucketing walks them in this order.
    package var variants: [Variant]
    /// The variant id that represents current behaviour (the baseline for comparisons).
    package var control: String
    /// How long after an impression a shopper's events count towards the variant (seconds).
    package var attributionWindow: Int64

    /// Attribution window when the file does not set one: a day.
    package static let defaultAttributionWindow: Int64 = 86_400

    package init(
        id: String, placement: String, variants: [Variant], control: String = "control",
        attributionWindow: Int64 = Experiment.defaultAttributionWindow
    ) {
        self.id = id
        self.placement = placement
        self.variants = variants
        self.control = control
        self.attributionWindow = attributionWindow
    }

    /// The variant for a shopper (user id, else anonymous id). Deterministic and sticky: a
    /// hash of experiment id and shopper id, so every replica and every visit agree without
    /// storing assignments; a weight change moves only the shoppers near the boundaries.
    package func variant(for shopperID: String) -> Variant {
        let digest = Array(SHA256.hash(data: Array("\(id)\u{0}\(shopperID)".utf8)))
        let bits = digest.prefix(8).reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
        let unit = Double(bits >> 11) / Double(UInt64(1) << 53)  // [0, 1)
        let total = variants.reduce(0) { $0 + $1.weight }
        var threshold = unit * total
        for variant in variants {
            if threshold < variant.weight { return variant }
            threshold -= variant.weight
        }
        return variants[variants.count - 1]
    }
}
