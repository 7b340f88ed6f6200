extension ScoringCore {
    /// Which decayed scores a leader list ranks by.
    enum LeaderBoard {
        /// Long half-life popularity (`popular`).
        case popularity
        /// Short half-life popularity (`trending`).
        case trending
    }

    /// The `popular` and `trending` lists: the top admissible items of the request's
    /// scope. The scope is the request's channel when that channel has any events (else
    /// the whole shop) and, with `category`, that category's items only.
    ///
    /// The scope's leader index (`PopularityIndex`, kept current per event; for a category
    /// one over its members, built on first use) is walked instead of the catalogue: its
    /// hot items, then its leaders until `count` admissible ones were met; only when
    /// filters exclude nearly every leader does it fall back to a full pass (over the
    /// category's members, for a category).
    func leaders(
        _ board: LeaderBoard, category: Int32?, _ request: RecommendationRequest, _ excluded: Set<Int32>
    ) -> [ScoredItem] {
        let channel = request.channel.flatMap { c in
            (board == .popularity ? channelPopularity[c] : channelTrending[c]) == nil ? nil : c
        }
        let scores: DecayedScores
        switch (board, channel) {
        case (.popularity, nil): scores = popularity
        case (.popularity, let c?): scores = channelPopularity[c]!
        case (.trending, nil): scores = trending
        case (.trending, let c?): scores = channelTrending[c]!
        }
        func score(_ c: inout ScoredItem.Contributions, _ i: Int32) -> Float {
            let v = scores.normalized(i)
            c.popularity = v
            return v
        }
        let members = category.map { content.items(inCategory: $0) }
        var index: PopularityIndex
        let scope = LeaderScope(trending: board == .trending, channel: channel)
        if let category, let members {
            var byScope = candidateIndexes.categoryLeaders.removeValue(forKey: category) ?? [:]
            index = byScope.removeValue(forKey: scope) ?? PopularityIndex()
            index.refresh(scores, members: members)
            candidateIndexes.categoryLeaders[category] = byScope
        } else {
            index = takeLeaderIndex(board, channel: channel)
            index.refresh(scores)
        }
        defer {
            if let category {
                candidateIndexes.categoryLeaders[category, default: [:]][scope] = index
            } else {
                putLeaderIndex(index, board, channel: channel)
            }
        }
        let n = known.count
        var top = TopK(k: request.count)
        var added = 0
        var visited = 0
        defer { candidatesScored &+= visited }
        let enough = index.walk { i in
            visited += 1
            if Int(i) < n, admissible(i, request, excluded) { top.insert(i, score: scores.normalized(i)) }
        } ordered: { i in
            visited += 1
            guard Int(i) < n, admissible(i, request, excluded) else { return true }
            top.insert(i, score: scores.normalized(i))
            added += 1
            return added < request.count
        }
        if !enough && added < request.count {
            if let members { return ranked(members, request, excluded, score: score) }
            return ranked(0..<Int32(n), request, excluded, score: score)
        }
        return top.sorted().map { e in
            var c = ScoredItem.Contributions()
            c.popularity = e.score
            return ScoredItem(item: e.item, score: e.score, contributions: c)
        }
    }

    /// Moves the leader index of a scope out of `candidateIndexes` (no copy-on-write).
    private func takeLeaderIndex(_ board: LeaderBoard, channel: Int32?) -> PopularityIndex {
        switch (board, channel) {
        case (.popularity, nil):
            defer { candidateIndexes.popularity = PopularityIndex() }
            return candidateIndexes.popularity
        case (.popularity, let c?):
            return candidateIndexes.channelPopularity.removeValue(forKey: c) ?? PopularityIndex()
        case (.trending, nil):
            defer { candidateIndexes.trending = PopularityIndex() }
            return candidateIndexes.trending
        case (.trending, let c?): return candidateIndexes.channelTrending.removeValue(forKey: c) ?? PopularityIndex()
        }
    }

    private func putLeaderIndex(_ index: PopularityIndex, _ board: LeaderBoard, channel: Int32?) {
        switch (board, channel) {
        case (.popularity, nil): candidateIndexes.popularity = index
        case (.popularity, let c?): candidateIndexes.channelPopularity[c] = index
        case (.trending, nil): candidateIndexes.trending = index
        case (.trending, let c?): candidateIndexes.channelTrending[c] = index
        }
    }
}
