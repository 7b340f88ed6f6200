public import AffinityCore
public import ArgumentParser

/// `--strategy NAME` parses straight into the core's names; a typo is a usage error that
/// lists the valid ones.
extension StrategyName: ExpressibleByArgument {
    public static var allValueStrings: [String] { StrategyName.served.map(\.rawValue) }
}
