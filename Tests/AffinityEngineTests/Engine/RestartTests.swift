import AffinityCore
import AffinityEngine
import AffinityStore
import Testing

@Suite("Restart and identity")
struct RestartTests {
    /// A small history: several shoppers viewing and buying overlapping products.
    func history() -> [Event] {
        var events: [Event] = []
        for index in 0..<60 {
            let user = "u\(index % 6)"
            let product = "P\((index * 7) % 11)"
            events.append(view("v\(index)", product: product, user: user, minutesAgo: Int64(600 - index * 5)))
            if index % 4 == 0 {
                var buy = view("b\(index)", product: product, user: user, minutesAgo: Int64(598 - index * 5))
                buy.type = "purchase"
                buy.items = [EventItem(productID: product, quantity: 1), EventItem(productID: "P\((index + 3) % 11)")]
                events.append(buy)
            }
        }
        return events
    }

    func lists(_ engine: Engine) async throws -> [String: [String]] {
        var result: [String: [String]] = [:]
        for user in ["u0", "u3", "u5"] {
            result["recent:\(user)"] = try await engine.recommend(
                RecommendationQuery(strategy: .recentlyViewed, userID: user)
            ).items.map(\.productID)
            result["buy_again:\(user)"] = try await engine.recommend(
                RecommendationQuery(strategy: .buyAgain, userID: user)
            ).items.map(\.productID)
        }
        result["trending"] = try await engine.recommend(RecommendationQuery(strategy: .trending, count: 20)).items.map(
            \.productID)
        result["popular"] = try await engine.recommend(RecommendationQuery(strategy: .popular, count: 20)).items.map(
            \.productID)
        return result
    }

    @Test("a new engine on the same directory answers exactly as before")
    func restart() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let before: [String: [String]]
        let trendingScores: [Float]
        do {
            let engine = try await makeEngine(directory)
            let events = history()
            // In a few requests of different sizes.
            _ = try await engine.ingest(Array(events[0..<10]), batched: true)
            for event in events[10..<30] { _ = try await engine.ingest([event], batched: false) }
            _ = try await engine.ingest(Array(events[30...]), batched: true)
            before = try await lists(engine)
            trendingScores = try await engine.recommend(RecommendationQuery(strategy: .trending, count: 20)).items.map(
                \.score)
        }
        #expect(before["recent:u0"]?.isEmpty == false)
        #expect(before["trending"]?.isEmpty == false)
        #expect(before["buy_again:u0"]?.isEmpty == false)

        let reopened = try await makeEngine(directory)
        #expect(try await reopened.statistics().events == history().count)
        let after = try await lists(reopened)
        #expect(after == before)
        let scores = try await reopened.recommend(RecommendationQuery(strategy: .trending, count: 20)).items.map(
            \.score)
        #expect(scores == trendingScores)
    }

    @Test("recently_viewed lists the most recent view first")
    func recentOrder() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        _ = try await engine.ingest(
            [
                view("1", product: "P1", minutesAgo: 30), view("2", product: "P2", minutesAgo: 20),
                view("3", product: "P3", minutesAgo: 10),
            ], batched: true)
        let list = try await engine.recommend(RecommendationQuery(strategy: .recentlyViewed, userID: "u1"))
        #expect(list.items.map(\.productID) == ["P3", "P2", "P1"])
    }

    @Test("an event with user_id and anonymous_id links the anonymous history to the user")
    func linking() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        do {
            let engine = try await makeEngine(directory)
            _ = try await engine.ingest(
                [view("anon", product: "PA", user: nil, anonymous: "a1", minutesAgo: 30)], batched: false)
            let beforeLogin = try await engine.recommend(RecommendationQuery(strategy: .recentlyViewed, userID: "u1"))
            #expect(beforeLogin.items.map(\.productID).contains("PA") == false)
            _ = try await engine.ingest(
                [view("login", product: "PB", user: "u1", anonymous: "a1", minutesAgo: 20)], batched: false)
            let linked = try await engine.recommend(RecommendationQuery(strategy: .recentlyViewed, userID: "u1"))
            #expect(Set(linked.items.map(\.productID)) == ["PA", "PB"])
            // Later anonymous events on the same device reach the user too.
            _ = try await engine.ingest(
                [view("later", product: "PC", user: nil, anonymous: "a1", minutesAgo: 10)], batched: false)
            let later = try await engine.recommend(RecommendationQuery(strategy: .recentlyViewed, userID: "u1"))
            #expect(later.items.map(\.productID) == ["PC", "PB", "PA"])
        }
        // And the link survives a restart.
        let reopened = try await makeEngine(directory)
        let list = try await reopened.recommend(RecommendationQuery(strategy: .recentlyViewed, userID: "u1"))
        #expect(list.items.map(\.productID) == ["PC", "PB", "PA"])
    }

    @Test("an event without personalisation consent never shapes the shopper's own list")
    func consent() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        var private_ = view("p", product: "PX", minutesAgo: 5)
        private_.consent = Consent(personalization: false)
        _ = try await engine.ingest([view("v", product: "PV", minutesAgo: 10), private_], batched: true)
        let list = try await engine.recommend(RecommendationQuery(strategy: .recentlyViewed, userID: "u1"))
        #expect(list.items.map(\.productID) == ["PV"])
        #expect(try await engine.statistics().events == 2)
    }
}

@Suite("Consent and popularity")
struct ConsentPopularityTests {
    @Test("an event without personalisation consent is stored but never applied to the model")
    func aggregateCounts() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let engine = try await makeEngine(directory)
        var private_ = view("p", product: "PX", user: "u2", minutesAgo: 5)
        private_.type = "purchase"
        private_.consent = Consent(personalization: false)
        _ = try await engine.ingest([view("v", product: "PV", user: "u1", minutesAgo: 10), private_], batched: true)
        let popular = try await engine.recommend(RecommendationQuery(strategy: .popular)).items.map(\.productID)
        #expect(popular.contains("PV"))
        #expect(!popular.contains("PX"))
        #expect(try await engine.statistics().events == 2)
        let own = try await engine.recommend(RecommendationQuery(strategy: .buyAgain, userID: "u2")).items.map(
            \.productID)
        #expect(own.isEmpty)
    }
}
