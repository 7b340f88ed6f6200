package import AffinityCore

#if canImport(Glibc)
    import Glibc
#elseif canImport(Darwin)
    import Darwin
#endif

/// How to open an ``Engine``.
package struct EngineOptions: Sendable {
    /// Directory for `affinity.sqlite` and model snapshots; created if missing when
    /// ``createDataDirectory`` is set.
    package var dataDirectory: String
    /// Create ``dataDirectory`` (and its database) when it does not exist yet. When false,
    /// ``Engine/init(options:logger:)`` refuses a missing directory, or one without an
    /// `affinity.sqlite`, with a ``DataDirectoryError`` and creates nothing: commands that
    /// only read a data directory turn a mistyped path into an error, not an empty store.
    package var createDataDirectory: Bool
    /// Seed a fresh data directory with the demo store.
    package var seedDemo: Bool
    package var model: ModelConfig
    /// Sales channels (from config); requests and products name these.
    package var channels: [Channel]
    /// Event types beyond the built-in ones.
    package var customEventTypes: Set<String>
    /// Keys from the environment or config; missing ones are generated on first start.
    package var publicKey: String?
    package var secretKey: String?
    /// `synchronous=FULL` (default): every acknowledged write survives power loss.
    package var synchronousFull: Bool
    /// The clock, in Unix milliseconds (tests pin it).
    package var now: @Sendable () -> Int64
    /// Webhook source name (`generic`, `shopify`) → shared HMAC secret; a source without one is refused.
    package var webhookSecrets: [String: String]
    /// Integration (`segment`, `ga4`) → shared secret its sender may authenticate with
    /// instead of the secret key (`AFFINITY_SEGMENT_SECRET`, `AFFINITY_GA4_API_SECRET`);
    /// an integration without one takes the secret key only.
    package var integrationSecrets: [String: String] = [:]
    /// A token that may fetch product feeds as `?token=` (marketplaces that pull a URL
    /// cannot send a header); nil: feeds take the secret key only.
    package var feedToken: String?
    /// The marketers' rules (placements, experiments) and the file they came from; when
    /// given, `channels` should be the rules' channels.
    package var rules: RulesConfig?
    package var rulesPath: String?
    /// The user-token signing secret (`AFFINITY_USER_TOKEN_SECRET`); else the rules
    /// file's `user_token_secret`, else one generated on first start and stored.
    package var userTokenSecret: String?
    /// Whether opening the engine may create missing keys and the user-token secret
    /// (false for tools that only manage an existing data directory, e.g. `affinity keys`).
    package var provisionCredentials = true

    package init(
        dataDirectory: String, seedDemo: Bool = false, model: ModelConfig = ModelConfig(),
        channels: [Channel] = DemoStore.demoChannels, customEventTypes: Set<String> = [],
        publicKey: String? = nil, secretKey: String? = nil, synchronousFull: Bool = true,
        now: @escaping @Sendable () -> Int64 = EngineOptions.systemNow, webhookSecrets: [String: String] = [:],
        rules: RulesConfig? = nil, rulesPath: String? = nil, createDataDirectory: Bool = true
    ) {
        self.dataDirectory = dataDirectory
        self.createDataDirectory = createDataDirectory
        self.seedDemo = seedDemo
        self.model = model
        self.channels = rules?.channels ?? channels
        self.customEventTypes = customEventTypes
        self.publicKey = publicKey
        self.secretKey = secretKey
        self.synchronousFull = synchronousFull
        self.now = now
        self.webhookSecrets = webhookSecrets
        self.rules = rules
        self.rulesPath = rulesPath
    }

    /// Wall-clock time in Unix milliseconds.
    package static let systemNow: @Sendable () -> Int64 = {
        var spec = timespec()
        clock_gettime(CLOCK_REALTIME, &spec)
        return Int64(spec.tv_sec) * 1000 + Int64(spec.tv_nsec) / 1_000_000
    }
}
