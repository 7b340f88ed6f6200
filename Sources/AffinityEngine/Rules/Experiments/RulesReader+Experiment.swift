import Yams

extension RulesReader {
    static let experimentKeys = ["placement", "variants", "control", "attribution_window"]

    func experiment(
        _ id: String, _ node: Node, _ path: String, placements placementsNode: Node?, known: [String: Placement],
        channels: Set<String>, running: [String: Experiment]
    ) -> Experiment? {
        guard let fields = mapping(node, path, known: Self.experimentKeys) else { return nil }
        let placementName = require(fields, "placement", "the placement whose traffic is split").flatMap {
            string($0, path + ".placement")
        }
        var placement: Placement?
        if let placementName, let placementNode = fields["placement"] {
            placement = known[placementName]
            let declared = placementsNode?.mapping?[placementName] != nil  // declared but invalid: already reported
            if placement == nil, !declared {
                let names = known.keys.sorted()
                let hint = Self.closest(to: placementName, in: names).map { "did you mean '\($0)'? " } ?? ""
                fail(
                    placementNode, path + ".placement",
                    "unknown placement '\(placementName)'; \(hint)declared placements: \(names.joined(separator: ", "))"
                )
            } else if let other = running.values.first(where: { $0.placement == placementName }) {
                fail(
                    placementNode, path + ".placement",
                    "placement '\(placementName)' already runs experiment '\(other.id)'; run one experiment per placement"
                )
                placement = nil
            }
        }
        let window = fields["attribution_window"].flatMap { duration($0, path + ".attribution_window") }
        let variants = require(fields, "variants", "at least two variants, e.g. '- {id: control, weight: 50}'")
            .flatMap { self.variants($0, path + ".variants", placement: placement, channels: channels) }
        guard let variants else { return nil }
        let control: String
        if let controlNode = fields["control"] {
            guard let name = string(controlNode, path + ".control") else { return nil }
            guard variants.contains(where: { $0.id == name }) else {
                let ids = variants.map(\.id).joined(separator: ", ")
                fail(controlNode, path + ".control", "no variant is called '\(name)'; variants: \(ids)")
                return nil
            }
            control = name
        } else {
            guard variants.contains(where: { $0.id == "control" }) else {
                fail(
                    fields["variants"], path + ".variants",
                    "no control: call one variant 'control' or add 'control: <variant id>' to the experiment")
                return nil
            }
            control = "control"
        }
        guard let placementName, placement != nil else { return nil }
        return Experiment(
            id: id, placement: placementName, variants: variants, control: control,
            attributionWindow: window ?? Experiment.defaultAttributionWindow)
    }

    func variants(_ node: Node, _ path: String, placement: Placement?, channels: Set<String>)
        -> [Experiment.Variant]?
    {
        guard let items = sequence(node, path) else { return nil }
        if items.count < 2 {
            fail(node, path, "an experiment needs at least two variants (a control and a change)")
            return nil
        }
        var result: [Experiment.Variant] = []
        var seen: Set<String> = []
        for (index, item) in items.enumerated() {
            let itemPath = "\(path)[\(index)]"
            guard let fields = mapping(item, itemPath, known: ["id", "weight", "overrides"]) else { continue }
            let id = require(fields, "id", "a name such as control or vectors_heavy").flatMap {
                string($0, itemPath + ".id")
            }
            if let id, !seen.insert(id).inserted {
                fail(fields["id"], itemPath + ".id", "variant '\(id)' is declared twice; variant ids must be unique")
                continue
            }
            var weight = require(fields, "weight", "its share of traffic, e.g. weight: 50").flatMap {
                number($0, itemPath + ".weight")
            }
            if weight == 0 {
                fail(fields["weight"], itemPath + ".weight", "must be above 0; remove the variant to stop it")
                weight = nil
            }
            var overrides = PlacementOverrides()
            if let node = fields["overrides"] {
                let overridesPath = itemPath + ".overrides"
                guard let map = mapping(node, overridesPath, known: Self.placementKeys) else { continue }
                overrides = self.overrides(
                    map, overridesPath, channels: channels, baseCount: placement?.count ?? Self.defaultCount)
                // A shorter list must still hold the placement's own pins when the variant keeps them.
                if let count = overrides.count, map["pins"] == nil,
                    let deepest = placement?.pins.map(\.position).max(), deepest > count
                {
                    fail(
                        map["count"], overridesPath + ".count",
                        "the placement pins a product at position \(deepest); use a count of at least \(deepest) "
                            + "or override 'pins' too")
                }
            }
            guard let id, let weight else { continue }
            result.append(Experiment.Variant(id: id, weight: weight, overrides: overrides))
        }
        return result.count == items.count ? result : nil
    }
}
