import Yams

extension RulesReader {
    /// `rate_limits: {public: {rate: 100, burst: 200}, secret: {rate: 0}}`: per key, by
    /// scope; `rate: 0` is unlimited; an unnamed scope keeps its default.
    func rateLimits(_ node: Node) -> RateLimits? {
        guard let fields = mapping(node, "rate_limits", known: ["public", "secret"]) else { return nil }
        var result = RateLimits()
        for (name, _, value) in ordered(fields) {
            let path = "rate_limits.\(name)"
            guard let limit = rateLimit(value, path) else { return nil }
            if name == "public" { result.public = limit } else { result.secret = limit }
        }
        return result
    }

    private func rateLimit(_ node: Node, _ path: String) -> RateLimit? {
        guard let fields = mapping(node, path, known: ["rate", "burst"]) else { return nil }
        guard let rateNode = require(fields, "rate", "requests per second, e.g. rate: 100 (0: unlimited)"),
            let rate = number(rateNode, path + ".rate")
        else { return nil }
        guard rate >= 0 else {
            fail(rateNode, path + ".rate", "must be 0 (unlimited) or more requests per second")
            return nil
        }
        let burst = fields["burst"].flatMap { int($0, path + ".burst", in: 1...10_000_000) }
        if fields["burst"] != nil && burst == nil { return nil }
        return RateLimit(rate: rate, burst: burst ?? max(1, Int((rate * 2).rounded(.up))))
    }
}
