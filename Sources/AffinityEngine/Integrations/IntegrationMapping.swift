/// What one third-party call (a Segment call, a GA4 event) became: an Affinity event to
/// ingest, nothing (a call Affinity has no use for, said why), or a rejection (the call
/// means something but cannot be read). One call never decides another's fate.
package struct IntegrationMapping: Sendable, Equatable {
    package enum Outcome: Sendable, Equatable {
        case event(Event)
        case ignored(String)
        case rejected(AffinityError)
    }

    /// Segment's `messageId`, echoed in the result.
    package var messageID: String?
    /// GA4's event `name`, echoed in the result.
    package var name: String?
    package var outcome: Outcome

    package init(messageID: String? = nil, name: String? = nil, _ outcome: Outcome) {
        self.messageID = messageID
        self.name = name
        self.outcome = outcome
    }

    /// The mapped event, if the call became one.
    package var event: Event? {
        if case .event(let event) = outcome { return event }
        return nil
    }
}
