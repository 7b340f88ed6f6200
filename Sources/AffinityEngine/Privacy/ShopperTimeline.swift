import AffinityStore

/// Which of the events that mention a user or one of its anonymous ids are that user's,
/// following the linking rules: an event with both ids links the anonymous id to the user
/// from that event on; the anonymous id's events before its first link follow the user it
/// is first linked to (browsing before login); after a re-link to another user they are
/// that user's. Fed in log order; answers each owned event once, in log order.
struct ShopperTimeline {
    let user: String
    private var owner: [String: String] = [:]
    private var owners: [String: Set<String>] = [:]
    private var beforeFirstLink: [String: [EventRecord]] = [:]
    /// Anonymous ids ever linked to the user, in the order first linked.
    private(set) var linked: [String] = []

    init(user: String) { self.user = user }

    /// The events among `record` and those held back that are now known to be the user's.
    mutating func feed(_ record: EventRecord) -> [EventRecord] {
        guard let anonymous = record.anonymousID else { return record.userID == user ? [record] : [] }
        // An event without consent to personalisation links nothing (as in memory).
        guard let eventUser = record.userID, record.personalization else {
            if let eventUser = record.userID { return eventUser == user ? [record] : [] }
            switch owner[anonymous] {
            case nil:
                beforeFirstLink[anonymous, default: []].append(record)
                return []
            case user?: return [record]
            default: return []
            }
        }
        let first = owner[anonymous] == nil
        owner[anonymous] = eventUser
        owners[anonymous, default: []].insert(eventUser)
        let held = beforeFirstLink.removeValue(forKey: anonymous) ?? []
        guard eventUser == user else { return [] }
        if !linked.contains(anonymous) { linked.append(anonymous) }
        return (first ? held : []) + [record]
    }

    /// Anonymous ids only ever linked to the user (not a shared device): erased with it.
    var exclusive: [String] { linked.filter { (owners[$0]?.count ?? 0) <= 1 } }
}
