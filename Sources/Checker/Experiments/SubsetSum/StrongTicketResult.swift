import Engine

/// What `StrongTicketExperiment` built: the trained target, the ticket, and the two side by side
/// on the training set and the test set (when the data has one).
public struct StrongTicketResult: Sendable {
    public let experiment: StrongTicketExperiment
    public let ticket: StrongTicket
    public let target: MLP
    public let train: StrongTicketEvaluation
    public let test: StrongTicketEvaluation?
    /// The provenance of the training set.
    public let dataDescription: String
    /// Wall time of training, construction and evaluation.
    public let seconds: Double

    /// d_0, h_1, ..., d_l: the target's widths, input first.
    public var targetWidths: [Int] { [target.inputCount] + target.hiddenWidths + [target.outputCount] }
}
