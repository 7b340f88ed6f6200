import AffinityCore
import Yams

extension RulesReader {
    static let placementKeys = [
        "strategy", "count", "blend", "filters", "boosts", "buries", "pins", "diversity", "fallback", "scope",
    ]
    static let blendKeys = ["cooccurrence", "sequence", "vectors", "popularity", "recency", "content"]
    static let defaultCount = 10

    func placement(_ node: Node, _ path: String, channels: Set<String>) -> Placement? {
        guard let fields = mapping(node, path, known: Self.placementKeys) else { return nil }
        let hasStrategy = require(fields, "strategy", "one of \(Self.strategyList)") != nil
        let overrides = self.overrides(fields, path, channels: channels, baseCount: Self.defaultCount)
        guard hasStrategy, let strategy = overrides.strategy else { return nil }
        return Placement(strategy: strategy).applying(overrides)
    }

    /// Every placement field that is present; shared by placements and experiment variants.
    func overrides(_ fields: Fields, _ path: String, channels: Set<String>, baseCount: Int) -> PlacementOverrides {
        var result = PlacementOverrides()
        let at = { (key: String) in RulesReader.child(path, key) }
        result.strategy = fields["strategy"].flatMap { strategy($0, at("strategy")) }
        result.count = fields["count"].flatMap { int($0, at("count"), in: 1...RecommendationQuery.maxCount) }
        result.blend = fields["blend"].flatMap { blend($0, at("blend")) }
        result.filters = fields["filters"].flatMap { filters($0, at("filters")) }
        result.boosts = fields["boosts"].flatMap { adjustments($0, at("boosts"), boost: true) }
        result.buries = fields["buries"].flatMap { adjustments($0, at("buries"), boost: false) }
        let count = result.count ?? baseCount
        result.pins = fields["pins"].flatMap { pins($0, at("pins"), count: count, channels: channels) }
        result.diversity = fields["diversity"].flatMap { diversity($0, at("diversity")) }
        result.fallback = fields["fallback"].flatMap { node in
            guard let items = sequence(node, at("fallback")) else { return nil }
            let names = items.enumerated().map { strategy($1, at("fallback") + "[\($0)]") }
            return names.contains(nil) ? nil : names.compactMap { $0 }
        }
        result.scope = fields["scope"].flatMap { scope($0, at("scope"), channels: channels) }
        return result
    }

    /// `scope: {channel: request|all|<channel>, category: <category>|context}`.
    func scope(_ node: Node, _ path: String, channels: Set<String>) -> PlacementScope? {
        guard let fields = mapping(node, path, known: ["channel", "category"]) else { return nil }
        var result = PlacementScope()
        if let channelNode = fields["channel"], let name = string(channelNode, path + ".channel") {
            switch name {
            case "request": result.channel = .request
            case "all": result.channel = .all
            default:
                guard channels.contains(name) else {
                    let list = channels.sorted().joined(separator: ", ")
                    fail(
                        channelNode, path + ".channel",
                        "unknown channel '\(name)'; use request, all or a declared channel (\(list))")
                    return nil
                }
                result.channel = .named(name)
            }
        }
        if let categoryNode = fields["category"], let name = string(categoryNode, path + ".category") {
            result.category = name == "context" ? .context : .named(name)
        }
        return result
    }

    static var strategyList: String { StrategyName.servedList }

    func strategy(_ node: Node, _ path: String) -> StrategyName? {
        guard let name = string(node, path) else { return nil }
        guard let strategy = StrategyName(rawValue: name), StrategyName.served.contains(strategy) else {
            let names = StrategyName.served.map(\.rawValue)
            let hint = Self.closest(to: name, in: names).map { "did you mean '\($0)'? " } ?? ""
            fail(node, path, "unknown strategy '\(name)'; \(hint)valid strategies: \(Self.strategyList)")
            return nil
        }
        return strategy
    }

    func blend(_ node: Node, _ path: String) -> PlacementBlend? {
        guard let fields = mapping(node, path, known: Self.blendKeys) else { return nil }
        var values: [String: Float] = [:]
        var valid = true
        for (name, _, value) in ordered(fields) {
            if let weight = number(value, Self.child(path, name)) {
                values[name] = Float(weight)
            } else {
                valid = false
            }
        }
        guard valid else { return nil }
        guard values.values.contains(where: { $0 > 0 }) else {
            fail(node, path, "at least one weight must be above 0 (\(Self.blendKeys.joined(separator: ", ")))")
            return nil
        }
        return PlacementBlend(
            cooccurrence: values["cooccurrence"], sequence: values["sequence"], vectors: values["vectors"],
            popularity: values["popularity"], recency: values["recency"], content: values["content"])
    }

    func adjustments(_ node: Node, _ path: String, boost: Bool) -> [Adjustment]? {
        guard let items = sequence(node, path) else { return nil }
        var result: [Adjustment] = []
        for (index, item) in items.enumerated() {
            let itemPath = "\(path)[\(index)]"
            guard let fields = mapping(item, itemPath, known: ["when", "factor"]) else { continue }
            let when = require(fields, "when", "the condition, e.g. when: {brand: Acme}").flatMap {
                condition($0, itemPath + ".when")
            }
            let example = boost ? "1.5" : "0.5"
            guard let factorNode = require(fields, "factor", "the score multiplier, e.g. factor: \(example)"),
                let factor = number(factorNode, itemPath + ".factor")
            else { continue }
            let factorPath = itemPath + ".factor"
            if factor == 0 {
                fail(factorNode, factorPath, "must be above 0; to remove matching items use filters instead")
            } else if boost, factor < 1 {
                fail(factorNode, factorPath, "a boost factor below 1 lowers the score; move this rule to 'buries'")
            } else if !boost, factor > 1 {
                fail(factorNode, factorPath, "a bury factor above 1 raises the score; move this rule to 'boosts'")
            } else if let when {
                result.append(Adjustment(when: when, factor: Float(factor)))
            }
        }
        return result.count == items.count ? result : nil
    }

    func pins(_ node: Node, _ path: String, count: Int, channels: Set<String>) -> [Pin]? {
        guard let items = sequence(node, path) else { return nil }
        var result: [Pin] = []
        for (index, item) in items.enumerated() {
            let itemPath = "\(path)[\(index)]"
            let known = ["product_id", "position", "channels", "from", "until"]
            guard let fields = mapping(item, itemPath, known: known) else { continue }
            let product = require(fields, "product_id", "the product to pin, e.g. product_id: P0042").flatMap {
                string($0, itemPath + ".product_id")
            }
            let position = require(fields, "position", "1 is the first slot").flatMap { (node: Node) -> Int? in
                guard let value = int(node, itemPath + ".position", in: 1...Int.max) else { return nil }
                guard value <= count else {
                    fail(
                        node, itemPath + ".position",
                        "position \(value) is beyond the list (count \(count)); use 1…\(count)")
                    return nil
                }
                return value
            }
            let pinChannels = fields["channels"].flatMap { channelList($0, itemPath + ".channels", known: channels) }
            let from = fields["from"].flatMap { instant($0, itemPath + ".from") }
            let until = fields["until"].flatMap { instant($0, itemPath + ".until") }
            if let from, let until, from >= until {
                fail(fields["until"], itemPath + ".until", "must be after 'from'; the pin would never show")
                continue
            }
            let failed =
                (fields["channels"] != nil && pinChannels == nil) || (fields["from"] != nil && from == nil)
                || (fields["until"] != nil && until == nil)
            guard let product, let position, !failed else { continue }
            result.append(Pin(productID: product, position: position, channels: pinChannels, from: from, until: until))
        }
        return result.count == items.count ? result : nil
    }

    func channelList(_ node: Node, _ path: String, known: Set<String>) -> [String]? {
        guard let names = strings(node, path) else { return nil }
        let unknown = names.filter { !known.contains($0) }
        guard unknown.isEmpty else {
            let list = known.sorted().joined(separator: ", ")
            fail(node, path, "unknown channel '\(unknown[0])'; declared channels: \(list) (add it under 'channels')")
            return nil
        }
        return names
    }

    func diversity(_ node: Node, _ path: String) -> Diversity? {
        guard
            let fields = mapping(node, path, known: ["max_per_category", "max_per_brand", "mmr_lambda", "similarity"])
        else {
            return nil
        }
        var result = Diversity()
        result.maxPerCategory = fields["max_per_category"].flatMap {
            int($0, path + ".max_per_category", in: 1...Int.max)
        }
        result.maxPerBrand = fields["max_per_brand"].flatMap { int($0, path + ".max_per_brand", in: 1...Int.max) }
        if let lambdaNode = fields["mmr_lambda"], let lambda = number(lambdaNode, path + ".mmr_lambda") {
            if lambda > 1 {
                fail(
                    lambdaNode, path + ".mmr_lambda",
                    "must be between 0 (most varied) and 1 (most relevant), got \(lambda)")
            } else {
                result.mmrLambda = Float(lambda)
            }
        }
        if let node = fields["similarity"], let names = strings(node, path + ".similarity") {
            let valid = Diversity.SimilarityFeature.allCases.map(\.rawValue).joined(separator: ", ")
            var features: [Diversity.SimilarityFeature] = []
            for name in names {
                guard let feature = Diversity.SimilarityFeature(rawValue: name) else {
                    fail(node, path + ".similarity", "unknown similarity '\(name)'; use any of: \(valid)")
                    return nil
                }
                if !features.contains(feature) { features.append(feature) }
            }
            guard !features.isEmpty else {
                fail(node, path + ".similarity", "needs at least one of: \(valid)")
                return nil
            }
            result.similarity = features
        }
        return result
    }
}
