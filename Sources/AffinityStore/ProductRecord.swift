/// One catalog product as the store keeps it: the canonical JSON the engine wrote and
/// the upstream version that guards against out-of-order updates.
public struct ProductRecord: Sendable, Equatable {
    public var id: String
    public var payload: String
    public var sourceVersion: Int64?
    /// Milliseconds since the Unix epoch.
    public var updatedAt: Int64

    public init(id: String, payload: String, sourceVersion: Int64?, updatedAt: Int64) {
        self.id = id
        self.payload = payload
        self.sourceVersion = sourceVersion
        self.updatedAt = updatedAt
    }
}
