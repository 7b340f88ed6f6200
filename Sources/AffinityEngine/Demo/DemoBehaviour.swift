import Foundation

/// Shopper sessions over the demo catalog. Each shopper has favourite categories,
/// brands and a price band; sessions browse one category (sometimes hopping to its
/// complement), may add to cart, may buy (often with a complementary product), and a
/// registered shopper's early sessions are anonymous until a login links the two ids.
struct DemoBehaviour {
    let catalog: DemoCatalog
    let shoppers: Int
    /// The last instant of behaviour; sessions fall in the 60 days before it.
    let end: Int64
    private static let dayMillis: Int64 = 86_400_000
    private static let currencies = ["web": "EUR", "app": "USD", "kiosk": "GBP"]

    private struct Taste {
        var categories: [String]
        var brands: Set<Int>
        var band: Int
    }

    func events(random: inout SeededRandom) -> [Event] {
        var sessions: [(time: Int64, shopper: Int, session: Int)] = []
        var tastes: [Taste] = []
        var loginSession: [Int] = []
        var channelOf: [String] = []
        var sessionCount = 0
        for shopper in 0..<shoppers {
            tastes.append(taste(random: &random))
            channelOf.append(["web", "app", "kiosk"][random.weighted([0.55, 0.35, 0.10])])
            let count = 3 + random.below(8)
            loginSession.append(random.chance(0.7) ? random.below(count) : Int.max)
            var times = (0..<count).map { _ in end - Int64(random.below(60 * 86_400)) * 1000 }
            times.sort()
            for (index, time) in times.enumerated() { sessions.append((time, shopper, index)) }
            sessionCount += count
        }
        sessions.sort { ($0.time, $0.shopper) < ($1.time, $1.shopper) }
        var events: [Event] = []
        var orderNumber = 0
        for (number, session) in sessions.enumerated() {
            let shopper = session.shopper
            let loggedIn = session.session >= loginSession[shopper]
            var context = SessionContext(
                shopper: shopper, session: number, time: session.time,
                channel: random.chance(0.85) ? channelOf[shopper] : random.pick(["web", "app", "kiosk"]),
                userID: loggedIn ? "U" + String(100_000 + shopper).dropFirst() : nil,
                anonymousID: "A" + String(100_000 + shopper).dropFirst())
            browse(&context, taste: tastes[shopper], random: &random, orderNumber: &orderNumber)
            events += context.events
        }
        for index in events.indices { events[index].eventID = "e" + String(10_000_000 + index).dropFirst() }
        return events
    }

    private func taste(random: inout SeededRandom) -> Taste {
        let all = catalog.categories
        var categories: [String] = []
        let primary = random.below(DemoCatalog.departments.count)
        let secondary = random.below(DemoCatalog.departments.count)
        for department in [primary, primary, secondary] {
            let category = random.pick(DemoCatalog.departments[department].categories)
            if !categories.contains(category) { categories.append(category) }
        }
        while categories.count < 3 {
            let category = random.pick(all)
            if !categories.contains(category) { categories.append(category) }
        }
        let brands = Set((0..<2).map { _ in random.below(catalog.brands.count) })
        return Taste(categories: categories, brands: brands, band: random.weighted([0.45, 0.4, 0.15]))
    }

    private func choose(in category: String, taste: Taste, random: inout SeededRandom) -> Int {
        let candidates = catalog.byCategory[category] ?? []
        let weights = candidates.map { index in
            var weight = catalog.appeal[index] * catalog.appeal[index].squareRoot()
            if taste.brands.contains(catalog.brandOf[index]) { weight *= 4 }
            weight *= catalog.priceBand[index] == taste.band ? 2.5 : 0.6
            return weight
        }
        return candidates[random.weighted(weights)]
    }

    private func browse(
        _ context: inout SessionContext, taste: Taste, random: inout SeededRandom, orderNumber: inout Int
    ) {
        var category =
            random.chance(0.85)
            ? taste.categories[random.weighted([0.55, 0.3, 0.15])] : random.pick(catalog.categories)
        if random.chance(0.4) {
            let shown = (0..<4).map { _ in catalog.products[choose(in: category, taste: taste, random: &random)].id }
            context.emit(
                "list_view", items: shown.enumerated().map { EventItem(productID: $1, position: $0) }, random: &random)
        } else if random.chance(0.25) {
            context.emit("search", items: [], query: category.replacingOccurrences(of: "-", with: " "), random: &random)
        }
        var viewed: [Int] = []
        for _ in 0..<(2 + random.below(6)) {
            if let last = viewed.last, random.chance(0.2),
                let complement = DemoCatalog.complements[catalog.products[last].categories[0]]
            {
                category = complement
            }
            let product = choose(in: category, taste: taste, random: &random)
            viewed.append(product)
            context.emit("product_view", items: [EventItem(productID: catalog.products[product].id)], random: &random)
        }
        guard random.chance(0.45), !viewed.isEmpty else { return }
        let pick = random.pick(viewed)
        var basket = [pick]
        if let complement = DemoCatalog.complements[catalog.products[pick].categories[0]], random.chance(0.45) {
            let extra = choose(in: complement, taste: taste, random: &random)
            context.emit("product_view", items: [EventItem(productID: catalog.products[extra].id)], random: &random)
            basket.append(extra)
        }
        let currency = Self.currencies[context.channel]!
        let lines = basket.map { index -> EventItem in
            let product = catalog.products[index]
            return EventItem(
                productID: product.id, quantity: 1 + (random.chance(0.1) ? 1 : 0),
                priceMinor: product.price(in: context.channel)!.amountMinor, currency: currency)
        }
        for line in lines {
            var item = line
            item.currency = nil
            item.priceMinor = nil
            context.emit("add_to_cart", items: [item], random: &random)
        }
        if random.chance(0.12) {
            context.emit("remove_from_cart", items: [EventItem(productID: lines.last!.productID)], random: &random)
            return
        }
        guard random.chance(0.6) else { return }
        orderNumber += 1
        let revenue = lines.reduce(Int64(0)) { $0 + $1.priceMinor! * Int64($1.quantity!) }
        context.emit(
            "purchase", items: lines,
            order: EventOrder(
                orderID: "O" + String(1_000_000 + orderNumber).dropFirst(), revenueMinor: revenue, currency: currency),
            random: &random)
    }
}

/// The shopper, clock and output of one demo session.
private struct SessionContext {
    var shopper: Int
    var session: Int
    var time: Int64
    var channel: String
    var userID: String?
    var anonymousID: String
    var events: [Event] = []

    mutating func emit(
        _ type: String, items: [EventItem], query: String? = nil, order: EventOrder? = nil,
        random: inout SeededRandom
    ) {
        time += Int64(20 + random.below(160)) * 1000
        events.append(
            Event(
                eventID: "", type: type, occurredAt: RFC3339.string(milliseconds: time), channel: channel,
                userID: userID, anonymousID: anonymousID, sessionID: "S" + String(1_000_000 + session).dropFirst(),
                items: items.isEmpty ? nil : items, query: query, order: order))
    }
}
