import Synchronization

/// Requests per second and burst for one key; a rate of 0 means unlimited.
package struct RateLimit: Sendable, Equatable {
    package var rate: Double
    package var burst: Int

    package init(rate: Double, burst: Int) {
        self.rate = rate
        self.burst = burst
    }

    /// No limit.
    package static let unlimited = RateLimit(rate: 0, burst: 0)
}

/// Per-scope limits from the rules file (`rate_limits`), with the defaults below.
package struct RateLimits: Sendable, Equatable {
    package var `public`: RateLimit
    package var secret: RateLimit

    package init(public: RateLimit = RateLimits.defaultPublic, secret: RateLimit = .unlimited) {
        self.public = `public`
        self.secret = secret
    }

    /// A storefront's public key serves every shopper's browser: generous, but bounded.
    package static let defaultPublic = RateLimit(rate: 1_000, burst: 2_000)

    /// The limit for `key`: its own when set, else its scope's.
    package func limit(for key: AuthenticatedKey) -> RateLimit {
        let scope = key.scope == .public ? self.public : secret
        guard key.rate != nil || key.burst != nil else { return scope }
        let rate = key.rate ?? scope.rate
        return RateLimit(rate: rate, burst: key.burst ?? max(1, Int(rate.rounded(.up))))
    }
}

/// Token buckets, one per key id: a key may make `burst` requests at once and `rate` per
/// second after that. Each check holds the lock for a few arithmetic operations, so one
/// noisy key never slows another.
package final class RateLimiter: Sendable {
    private struct Bucket {
        var tokens: Double
        var updated: ContinuousClock.Instant
    }

    private let buckets = Mutex<[String: Bucket]>([:])

    package init() {}

    /// Takes one token for `key` under `limit`: nil when the request may go ahead, else
    /// how long until a token is available (the `Retry-After`).
    package func take(_ key: String, limit: RateLimit, now: ContinuousClock.Instant = .now) -> Duration? {
        guard limit.rate > 0, limit.burst > 0 else { return nil }
        return buckets.withLock { buckets in
            var bucket = buckets[key] ?? Bucket(tokens: Double(limit.burst), updated: now)
            let elapsed = bucket.updated.duration(to: now)
            let seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) * 1e-18
            bucket.tokens = min(Double(limit.burst), bucket.tokens + max(0, seconds) * limit.rate)
            bucket.updated = now
            guard bucket.tokens >= 1 else {
                buckets[key] = bucket
                return .milliseconds(Int64(((1 - bucket.tokens) / limit.rate * 1000).rounded(.up)))
            }
            bucket.tokens -= 1
            buckets[key] = bucket
            return nil
        }
    }
}
