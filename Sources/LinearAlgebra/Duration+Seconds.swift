extension Duration {
    /// The duration in seconds as a Double: whole seconds + attoseconds * 1e-18 (the one
    /// conversion every timing in the toolkit uses).
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) * 1e-18
    }
}
