import AffinityStore
import Synchronization

extension Engine {
    /// `PUT /v1/users/{user_id}/consent`: sets the user's consent to personalisation from
    /// now on. With `false` their lists stop being personal at once and their later events
    /// are stored for analytics only (they shape no profile and link no identity), whatever
    /// the events themselves carry; `true` lets later events personalise again.
    package func setConsent(_ userID: String, personalization: Bool) async throws(AffinityError) -> Bool {
        try Event.checkID(userID, field: "user_id", max: 256)
        try await storeCall {
            try await self.store.setConsent(userID: userID, personalization: personalization, at: self.options.now())
        }
        withoutConsent.withLock { set in
            if personalization { set.remove(userID) } else { set.insert(userID) }
        }
        state.withLock { state in
            if personalization { state.withoutConsent.remove(userID) } else { state.withoutConsent.insert(userID) }
        }
        return personalization
    }
}
