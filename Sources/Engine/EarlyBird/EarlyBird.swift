/// Early-bird tickets (You et al. 2020): the neuron mask drawn from the network during training
/// stops changing early; the ticket is declared when the mask distance between consecutive
/// checkpoints has stayed below a threshold for a window of checkpoints.
public struct EarlyBirdDetector: Sendable, Codable, Equatable {
    /// Neuron densities (fraction of each hidden layer's neurons kept), each in (0, 1].
    public var densities: [Double]
    /// Number of consecutive distances that must all be below `threshold` (You et al.: 5).
    public var window: Int
    /// Distance threshold epsilon (You et al.: 0.1).
    public var threshold: Double
    public var score: NeuronMaskScore

    public init(densities: [Double] = [0.3, 0.5, 0.7], window: Int = 5, threshold: Double = 0.1,
                score: NeuronMaskScore = .outputWeightedNorm) {
        self.densities = densities
        self.window = window
        self.threshold = threshold
        self.score = score
    }

    /// Checks densities in (0, 1] (at least one), window >= 1 and threshold in (0, 1].
    public func validate() throws {
        guard !densities.isEmpty else { throw PruningError.invalidOption(.densities, value: "(none)", allowed: "at least one density in (0, 1]") }
        for d in densities { try PruningError.checkDensity(d, parameter: .densities) }
        guard window >= 1 else { throw PruningError.invalidOption(.window, value: "\(window)", allowed: "an integer >= 1") }
        guard threshold > 0, threshold <= 1 else {
            throw PruningError.invalidOption(.maskDistanceThreshold, value: "\(threshold)", allowed: "a distance in (0, 1]")
        }
    }

    /// Masks, distances and the detected ticket for every density, from the networks at the
    /// checkpoint iterations `steps` (increasing, one network per step).
    /// - Throws: `PruningError.invalidOption` for bad options, fewer than two checkpoints or
    ///   steps that do not increase.
    public func detect(steps: [Int], networks: [MLP]) throws -> EarlyBirdResult {
        try detect(steps: steps, scores: networks.map(score.scores))
    }

    /// `detect(steps:networks:)` from the networks' neuron scores (`score.scores`, one entry per
    /// checkpoint), e.g. scores kept while the networks were not.
    public func detect(steps: [Int], scores: [[[Double]]]) throws -> EarlyBirdResult {
        try validate()
        guard steps.count == scores.count, steps.count >= 2 else {
            throw PruningError.invalidOption(.checkpoints, value: "\(steps.count) checkpoint(s)", allowed: "at least two checkpoints")
        }
        for k in 1..<steps.count where steps[k] <= steps[k - 1] {
            throw PruningError.invalidOption(.checkpoints, value: "\(steps)", allowed: "increasing iterations")
        }
        var tracks: [EarlyBirdTrack] = []
        for density in densities {
            let masks = try scores.map { try NeuronMask.top($0, density: density) }
            let n = masks.count
            var matrix = [[Double]](repeating: [Double](repeating: 0, count: n), count: n)
            for i in 0..<n { for j in (i + 1)..<n { let d = masks[i].distance(to: masks[j]); matrix[i][j] = d; matrix[j][i] = d } }
            // consecutive[k] = distance(mask_k, mask_(k-1)); the entry for k = 0 is undefined (nil).
            let consecutive: [Double?] = (0..<n).map { $0 == 0 ? nil : matrix[$0][$0 - 1] }
            var ticket: Int? = nil
            if n > window {
                for k in window..<n {
                    if ((k - window + 1)...k).allSatisfy({ consecutive[$0]! < threshold }) { ticket = k; break }
                }
            }
            tracks.append(EarlyBirdTrack(density: density, masks: masks, consecutiveDistances: consecutive,
                                         pairwiseDistances: matrix, ticketIndex: ticket, ticketStep: ticket.map { steps[$0] }))
        }
        return EarlyBirdResult(steps: steps, window: window, threshold: threshold, score: score, tracks: tracks)
    }
}

/// The masks and distances of one neuron density.
public struct EarlyBirdTrack: Sendable, Codable, Equatable {
    public var density: Double
    /// The neuron mask at each checkpoint.
    public var masks: [NeuronMask]
    /// Entry k: normalized Hamming distance between the masks of checkpoints k-1 and k (nil for k = 0).
    public var consecutiveDistances: [Double?]
    /// The full symmetric matrix of distances between all checkpoints' masks.
    public var pairwiseDistances: [[Double]]
    /// The first checkpoint index k at which the last `window` consecutive distances
    /// (entries k-window+1...k) are all below the threshold; nil when never.
    public var ticketIndex: Int?
    /// The iteration of that checkpoint.
    public var ticketStep: Int?
}

/// The result of `EarlyBirdDetector.detect(steps:networks:)`.
public struct EarlyBirdResult: Sendable, Codable, Equatable {
    public var steps: [Int]
    public var window: Int
    public var threshold: Double
    public var score: NeuronMaskScore
    /// One track per density, in the detector's order.
    public var tracks: [EarlyBirdTrack]
}
