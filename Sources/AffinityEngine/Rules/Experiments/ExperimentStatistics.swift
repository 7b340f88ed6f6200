import Foundation

/// A point estimate with an optional 95 % confidence interval. The interval is nil when
/// the data cannot support one (no impressions, a single observation, a zero count
/// under a logarithm), so reports never show `NaN`.
package struct Estimate: Sendable, Equatable, Encodable {
    package var value: Double
    package var low: Double?
    package var high: Double?

    package init(value: Double, low: Double? = nil, high: Double? = nil) {
        self.value = value
        self.low = low
        self.high = high
    }

    enum CodingKeys: String, CodingKey {
        case value
        case low = "ci95_low"
        case high = "ci95_high"
    }
}

/// The statistics behind experiment reports: pure functions, no I/O.
package enum ExperimentStatistics {
    /// The two-sided 95 % normal quantile.
    package static let z95 = 1.959_963_984_540_054

    /// A proportion `successes / trials` with its Wilson score interval, which stays
    /// inside [0, 1] and behaves for small counts and for 0 or 100 %. Nil interval
    /// (value 0) when there are no trials.
    package static func wilson(successes: Int, trials: Int, z: Double = z95) -> Estimate {
        guard trials > 0 else { return Estimate(value: 0) }
        let n = Double(trials)
        let p = Double(min(max(successes, 0), trials)) / n
        let z2 = z * z
        let denominator = 1 + z2 / n
        let center = (p + z2 / (2 * n)) / denominator
        let half = z / denominator * (p * (1 - p) / n + z2 / (4 * n * n)).squareRoot()
        // Exactly 0 and 1 at the edges (the formula lands there only up to rounding).
        let low = successes <= 0 ? 0 : max(0, center - half)
        let high = successes >= trials ? 1 : min(1, center + half)
        return Estimate(value: p, low: low, high: high)
    }

    /// The mean of `values` with a normal-approximation interval, mean ± z·s/√n, where
    /// s is the sample standard deviation. Nil interval for fewer than two values.
    package static func mean(_ values: [Double], z: Double = z95) -> Estimate {
        guard !values.isEmpty else { return Estimate(value: 0) }
        let n = Double(values.count)
        let mean = values.reduce(0, +) / n
        guard values.count > 1 else { return Estimate(value: mean) }
        let variance = values.reduce(0) { $0 + ($1 - mean) * ($1 - mean) } / (n - 1)
        let half = z * (variance / n).squareRoot()
        return Estimate(value: mean, low: mean - half, high: mean + half)
    }

    /// Relative lift of a treatment proportion over a control proportion,
    /// `(p_t / p_c) − 1`, with an interval from the delta method on the log ratio:
    /// Var(log p̂) ≈ (1 − p) / x for x successes, so
    /// log(p_t / p_c) ± z·√((1 − p_t)/x_t + (1 − p_c)/x_c), exponentiated, minus 1.
    /// Nil when the control rate is 0 (no lift is defined); nil interval when either
    /// arm has no successes.
    package static func relativeLift(
        treatment: (successes: Int, trials: Int), control: (successes: Int, trials: Int), z: Double = z95
    ) -> Estimate? {
        guard treatment.trials > 0, control.trials > 0, control.successes > 0 else { return nil }
        let pt = Double(treatment.successes) / Double(treatment.trials)
        let pc = Double(control.successes) / Double(control.trials)
        let lift = pt / pc - 1
        guard treatment.successes > 0 else { return Estimate(value: lift) }
        let logRatio = log(pt / pc)
        let se = ((1 - pt) / Double(treatment.successes) + (1 - pc) / Double(control.successes)).squareRoot()
        return Estimate(value: lift, low: exp(logRatio - z * se) - 1, high: exp(logRatio + z * se) - 1)
    }
}
