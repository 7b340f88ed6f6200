import Yams

extension RulesReader {
    static let filterKeys = [
        "in_stock", "include_categories", "exclude_categories", "include_brands", "exclude_brands", "include_tags",
        "exclude_tags", "price_min", "price_max", "attributes", "exclude_purchased_within", "exclude_cart",
        "exclude_request_ids", "new_within", "include_hidden",
    ]
    static let conditionKeys = [
        "brand", "brands", "category", "categories", "tags", "attributes", "price_min", "price_max", "same_as_context",
    ]

    func filters(_ node: Node, _ path: String) -> PlacementFilters? {
        guard let fields = mapping(node, path, known: Self.filterKeys) else { return nil }
        var result = PlacementFilters()
        let at = { (key: String) in RulesReader.child(path, key) }
        func list(_ key: String) -> [String] { fields[key].flatMap { strings($0, at(key)) } ?? [] }
        if let value = fields["in_stock"].flatMap({ bool($0, at("in_stock")) }) { result.inStock = value }
        result.includeCategories = list("include_categories")
        result.excludeCategories = list("exclude_categories")
        result.includeBrands = list("include_brands")
        result.excludeBrands = list("exclude_brands")
        result.includeTags = list("include_tags")
        result.excludeTags = list("exclude_tags")
        (result.priceMin, result.priceMax) = priceRange(fields, path)
        result.attributes = fields["attributes"].flatMap { attributes($0, at("attributes")) } ?? [:]
        result.excludePurchasedWithin = fields["exclude_purchased_within"].flatMap {
            duration($0, at("exclude_purchased_within"))
        }
        if let value = fields["exclude_cart"].flatMap({ bool($0, at("exclude_cart")) }) { result.excludeCart = value }
        if let value = fields["exclude_request_ids"].flatMap({ bool($0, at("exclude_request_ids")) }) {
            result.excludeRequestIDs = value
        }
        result.newWithinDays = fields["new_within"].flatMap { int($0, at("new_within"), in: 1...36_500) }
        result.includeHidden = fields["include_hidden"].flatMap { bool($0, at("include_hidden")) }
        return result
    }

    func condition(_ node: Node, _ path: String) -> Condition? {
        guard let fields = mapping(node, path, known: Self.conditionKeys) else { return nil }
        if fields.entries.isEmpty {
            fail(node, path, "needs at least one of \(Self.conditionKeys.joined(separator: ", "))")
            return nil
        }
        var result = Condition()
        let at = { (key: String) in RulesReader.child(path, key) }
        func list(_ keys: String...) -> [String] {
            keys.flatMap { key in fields[key].flatMap { strings($0, at(key)) } ?? [] }
        }
        result.brands = list("brand", "brands")
        result.categories = list("category", "categories")
        result.tags = list("tags")
        result.attributes = fields["attributes"].flatMap { attributes($0, at("attributes")) } ?? [:]
        (result.priceMin, result.priceMax) = priceRange(fields, path)
        if let node = fields["same_as_context"], let names = strings(node, at("same_as_context")) {
            for name in names {
                if let field = Condition.ContextField(rawValue: name) {
                    result.sameAsContext.append(field)
                } else {
                    let valid = Condition.ContextField.allCases.map(\.rawValue).joined(separator: ", ")
                    fail(node, at("same_as_context"), "unknown context field '\(name)'; use one of: \(valid)")
                }
            }
        }
        return result
    }

    /// `price_min`/`price_max` in minor units (cents): whole numbers, so 19.99 is refused with a hint.
    func priceRange(_ fields: Fields, _ path: String) -> (Int64?, Int64?) {
        func price(_ key: String) -> Int64? {
            guard let node = fields[key] else { return nil }
            if node.tagName == .float {
                fail(node, Self.child(path, key), "prices are in minor units (cents): write 1999 for 19.99")
                return nil
            }
            return int(node, Self.child(path, key), in: 0...Int.max).map(Int64.init)
        }
        let low = price("price_min")
        let high = price("price_max")
        if let low, let high, low > high {
            fail(fields["price_max"], Self.child(path, "price_max"), "must be at least price_min (\(low)), got \(high)")
            return (nil, nil)
        }
        return (low, high)
    }

    /// Attribute name → accepted values: `{price_band: premium}` or `{price_band: [mid, premium]}`.
    func attributes(_ node: Node, _ path: String) -> [String: [JSONValue]]? {
        guard let fields = entries(node, path) else { return nil }
        var result: [String: [JSONValue]] = [:]
        for (name, _, value) in ordered(fields) {
            let valuePath = Self.child(path, name)
            let items: [Node]
            if case .sequence(let sequence) = value { items = Array(sequence) } else { items = [value] }
            if items.isEmpty { fail(value, valuePath, "list at least one value") }
            var values: [JSONValue] = []
            for item in items {
                if let json = attributeValue(item, valuePath) { values.append(json) }
            }
            if values.count == items.count, !items.isEmpty { result[name] = values }
        }
        return result
    }

    func attributeValue(_ node: Node, _ path: String) -> JSONValue? {
        guard case .scalar(let scalar) = node, node.tagName != .null else {
            fail(node, path, "expected a text, number or true/false value, got \(Self.describe(node))")
            return nil
        }
        switch node.tagName {
        case .bool: return node.bool.map(JSONValue.bool)
        case .int, .float:
            guard let value = node.float, value.isFinite else {
                fail(node, path, "expected a finite number, got \(Self.describe(node))")
                return nil
            }
            return .number(value)
        default: return .string(scalar.string)
        }
    }
}
