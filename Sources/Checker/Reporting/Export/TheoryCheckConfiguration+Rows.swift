/// The configuration as (key, value) rows for the exported notebook and report, with the keys
/// of a configuration file (`k`, not `subnetSizes`) in documentation order, without
/// `out` (not part of the hash).
extension TheoryCheckConfiguration {
    public var rows: [(key: String, value: String)] {
        func list<T>(_ values: [T]) -> String { "[" + values.map { "\($0)" }.joined(separator: ", ") + "]" }
        return [
            ("data", data),
            ("classes", classes.map(list) ?? "(the source's own labels)"),
            ("samples", list(samples)),
            ("seeds", list(seeds)),
            ("width", "\(width)"),
            ("kappa", "\(kappa)"),
            ("lr", "\(lr)"),
            ("reduction", loss),
            ("steps", "\(steps)"),
            ("checkpoints", checkpoints),
            ("k", list(subnetSizes)),
            ("epsilon", list(epsilons)),
            ("delta", "\(delta)"),
        ]
    }
}
