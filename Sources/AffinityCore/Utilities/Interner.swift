/// Maps external string identifiers to dense `Int32` ids and back.
///
/// Every hot path in the core indexes contiguous arrays by id, so strings are
/// hashed exactly once, at the boundary, and never per candidate. Ids are
/// assigned in first-seen order starting at 0 and are never reused, which keeps
/// them stable for the lifetime of the interner (and of snapshots built on it).
public struct Interner: Sendable, Equatable {
    private var ids: [String: Int32] = [:]
    private var strings: [String] = []

    /// Creates an empty interner; ids start at 0.
    public init() {}

    /// Creates an interner pre-populated in order, so that `strings[i]` gets id `i`
    /// (restoring a persisted mapping must reproduce the same ids).
    public init(strings: [String]) {
        for s in strings { intern(s) }
    }

    /// The number of distinct strings seen, which is also the next id to be assigned
    /// and therefore the size dense per-id arrays must have.
    public var count: Int { strings.count }

    /// All strings in id order, for persisting the mapping.
    public var allStrings: [String] { strings }

    /// Returns the id of `string`, assigning the next free id on first sight.
    @discardableResult
    public mutating func intern(_ string: String) -> Int32 {
        if let id = ids[string] { return id }
        let id = Int32(strings.count)
        ids[string] = id
        strings.append(string)
        return id
    }

    /// Looks up an id without assigning one, so read-only requests cannot grow state.
    public func id(of string: String) -> Int32? { ids[string] }

    /// The string for an id previously returned by `intern(_:)`; traps on an unknown id
    /// because that is a programming error, not a data error.
    public func string(for id: Int32) -> String { strings[Int(id)] }
}
