/// The demo catalog: departments of four categories each, brands that specialise in a
/// few departments, prices in three bands, and complementary category pairs.
struct DemoCatalog {
    static let departments: [(name: String, categories: [String])] = [
        ("footwear", ["running-shoes", "trail-shoes", "sneakers", "sandals"]),
        ("apparel", ["t-shirts", "hoodies", "jackets", "socks"]),
        ("electronics", ["phones", "phone-cases", "headphones", "chargers"]),
        ("computing", ["laptops", "laptop-bags", "mice", "keyboards"]),
        ("kitchen", ["coffee-makers", "coffee-beans", "mugs", "grinders"]),
        ("home", ["lamps", "light-bulbs", "cushions", "throws"]),
        ("outdoor", ["tents", "sleeping-bags", "backpacks", "water-bottles"]),
        ("beauty", ["shampoo", "conditioner", "face-cream", "sunscreen"]),
        ("toys", ["building-sets", "puzzles", "board-games", "plush-toys"]),
        ("books", ["novels", "cookbooks", "travel-guides", "gift-cards"]),
    ]
    /// Bought together: each category's complement (symmetric pairs).
    static let complements: [String: String] = {
        let pairs = [
            ("running-shoes", "socks"), ("phones", "phone-cases"), ("laptops", "laptop-bags"),
            ("coffee-makers", "coffee-beans"), ("lamps", "light-bulbs"), ("shampoo", "conditioner"),
            ("tents", "sleeping-bags"), ("headphones", "chargers"), ("mice", "keyboards"),
            ("grinders", "mugs"), ("trail-shoes", "backpacks"), ("board-games", "puzzles"),
        ]
        var map: [String: String] = [:]
        for (a, b) in pairs {
            map[a] = b
            map[b] = a
        }
        return map
    }()
    static let adjectives = [
        "Classic", "Urban", "Pro", "Lite", "Eco", "Prime", "Nova", "Core", "Flex", "Aero", "Terra", "Pure",
    ]
    static let brandStems = [
        "Acme", "Borealis", "Cobalt", "Driftwood", "Ember", "Fjord", "Granite", "Halcyon", "Iris", "Juniper",
        "Kestrel", "Lumen", "Meridian", "Nimbus", "Orchid", "Pioneer", "Quartz", "Redwood", "Sable", "Tundra",
    ]
    static let brandSuffixes = ["", " Co", " Labs"]

    var products: [Product] = []
    /// Product indices per category, in catalog order.
    var byCategory: [String: [Int]] = [:]
    /// 0 budget, 1 mid, 2 premium.
    var priceBand: [Int] = []
    var brandOf: [Int] = []
    /// Popularity within the category (Zipf-like appeal).
    var appeal: [Double] = []
    var brands: [String] = []
    var brandDepartments: [[Int]] = []
    var categories: [String] { Self.departments.flatMap(\.categories) }

    /// The instant the catalog is generated for (products were created in the year before).
    let end: Int64

    init(random: inout SeededRandom, productCount: Int, end: Int64) {
        self.end = end
        for suffix in Self.brandSuffixes {
            for stem in Self.brandStems { brands.append(stem + suffix) }
        }
        brandDepartments = brands.indices.map { _ in
            var departments: [Int] = []
            for _ in 0..<(1 + random.below(3)) { departments.append(random.below(Self.departments.count)) }
            return departments
        }
        let categoryList = categories
        for index in 0..<productCount {
            let category = categoryList[index % categoryList.count]
            let department = Self.departments.firstIndex { $0.categories.contains(category) }!
            let candidates = brands.indices.filter { brandDepartments[$0].contains(department) }
            let brand = candidates.isEmpty ? random.below(brands.count) : random.pick(candidates)
            let band = random.weighted([0.4, 0.4, 0.2])
            byCategory[category, default: []].append(index)
            priceBand.append(band)
            brandOf.append(brand)
            appeal.append(1 / Double(byCategory[category]!.count))
            products.append(makeProduct(index, category: category, brand: brand, band: band, random: &random))
        }
    }

    private func makeProduct(_ index: Int, category: String, brand: Int, band: Int, random: inout SeededRandom)
        -> Product
    {
        let id = "P" + String(10000 + index).dropFirst()
        let base = [900, 3500, 12000][band] + random.below([2500, 8000, 30000][band])
        let euro = Int64(base / 100 * 100 + 99)
        var tags: [String] = []
        if random.chance(0.1) { tags.append("new") }
        if random.chance(0.12) { tags.append("eco") }
        if random.chance(0.06) { tags.append("clearance") }
        let noun = category.split(separator: "-").map { $0.prefix(1).uppercased() + $0.dropFirst() }.joined(
            separator: " ")
        let title = "\(brands[brand]) \(random.pick(Self.adjectives)) \(noun) \(100 + random.below(900))"
        let stockRoll = random.unit()
        let stock =
            stockRoll < 0.06
            ? Stock(available: 0, allowBackorder: false)
            : stockRoll < 0.09 ? Stock(available: 0, allowBackorder: true) : Stock(available: 1 + random.below(200))
        let listings = DemoStore.demoChannels.map { channel in
            Listing(channel: channel.id, published: !(channel.id == "kiosk" && random.chance(0.05)))
        }
        let prices = [
            Price(channel: "web", amountMinor: euro, currency: "EUR"),
            Price(channel: "app", amountMinor: (euro * 108 / 100) / 100 * 100 + 99, currency: "USD"),
            Price(channel: "kiosk", amountMinor: (euro * 86 / 100) / 100 * 100 + 99, currency: "GBP"),
        ]
        let created = end - Int64(random.below(365)) * 86_400_000
        return Product(
            id: id, title: title, categories: [category], brand: brands[brand], tags: tags,
            attributes: ["price_band": .string(["budget", "mid", "premium"][band])],
            imageURL: "https://demo.affinity.local/images/\(id).jpg",
            url: "https://demo.affinity.local/products/\(id)",
            createdAt: RFC3339.string(milliseconds: created), sourceVersion: 1, listings: listings,
            prices: prices, stock: stock)
    }
}
