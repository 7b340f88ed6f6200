import AffinityCore

extension ServingState {
    /// The id an experiment buckets a shopper by: the first anonymous id an event linked
    /// to the shopper's user (so logging in, or a second device, keeps the bucket), else
    /// the request's anonymous id when it sends both, else the user id, else the anonymous id.
    ///
    /// "First" is the linked anonymous id interned earliest (the smallest dense id). The
    /// interners and the core's first links are both in snapshots and rebuilt identically
    /// by replay, so the choice survives restarts without a stored assignment.
    func bucketKey(userID: String?, anonymousID: String?) -> String? {
        if let userID, let linked = linkedAnonymousID(of: "u:" + userID) { return linked }
        if userID == nil, let anonymousID, let linked = linkedAnonymousID(of: "a:" + anonymousID) { return linked }
        if userID != nil, let anonymousID { return anonymousID }
        return userID ?? anonymousID
    }

    /// The external anonymous id first linked to the shopper key's owner (`u:…` or `a:…`), if any.
    func linkedAnonymousID(of key: String) -> String? {
        guard let shopper = shoppers.id(of: key) else { return nil }
        let owner = core.canonical(shopper)
        guard let alias = core.firstLinkedAnonymous(of: owner) else { return nil }
        return String(shoppers.string(for: alias).dropFirst(2))
    }
}
