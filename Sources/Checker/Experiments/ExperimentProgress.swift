/// What an experiment tells its caller while it runs: `unit` once per finished unit (computed,
/// or kept from an earlier run), with a one-line description; `note` for any other line. The
/// command line turns these into its one progress reporter ("[3/8, elapsed, ETA] line" on
/// standard error, nothing with --quiet).
public struct ExperimentProgress {
    public var unit: (String) -> Void
    public var note: (String) -> Void

    public init(unit: @escaping (String) -> Void, note: @escaping (String) -> Void = { _ in }) {
        self.unit = unit
        self.note = note
    }

    /// Reports nothing.
    public static var silent: ExperimentProgress { ExperimentProgress(unit: { _ in }) }
}
