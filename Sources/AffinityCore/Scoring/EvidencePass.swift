/// Which co-occurrence contributions one `accumulate` call adds.
///
/// In a large catalogue a shopper's 20 seeds reach ~10k neighbour entries, most of
/// them tiny (old seeds weigh 2% of the newest), and every item they touch would
/// become a candidate that costs a slot, a popularity lookup and a vector bound.
/// Splitting the work in two passes keeps the candidate set to the items with at
/// least one contribution of `floor` or more (plus the vector probe and popularity
/// leaders) while still giving each of those its complete, exact sum.
enum EvidencePass {
    /// Every contribution, making candidates (small catalogues: exact).
    case all
    /// Contributions `>= floor`, making candidates.
    case strong(floor: Float)
    /// Contributions `< floor`, added only to items that are already candidates.
    case weak(floor: Float)

    var floor: Float {
        switch self {
        case .all: 0
        case .strong(let f), .weak(let f): f
        }
    }
}
