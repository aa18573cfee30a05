/// What `PaperExperiment.run` returns: the configuration, the checkpoint steps and every cell
/// (one per (m, seed), in the configuration's order), from which the tables, the plateau rows,
/// the fits and the figures are computed (nothing else is needed, so a resumed run gives the
/// same tables).
public struct PaperExperimentResult: Sendable, Equatable {
    public let configuration: PaperExperimentConfiguration
    /// t_0 = 0 < ... < t_J = T.
    public let checkpointSteps: [Int]
    public let cells: [PaperExperimentCell]
    /// How many cells were read from disk instead of computed.
    public let reusedCells: Int
    /// `Dataset.description` of the whole training split and of the test set used.
    public let trainDescription: String
    public let testDescription: String

    public init(configuration: PaperExperimentConfiguration, checkpointSteps: [Int], cells: [PaperExperimentCell],
                reusedCells: Int, trainDescription: String, testDescription: String) {
        self.configuration = configuration
        self.checkpointSteps = checkpointSteps
        self.cells = cells
        self.reusedCells = reusedCells
        self.trainDescription = trainDescription
        self.testDescription = testDescription
    }

    /// Every row of every cell.
    public var rows: [PaperExperimentRow] { cells.flatMap(\.rows) }

    /// The mean of every measurement over the seeds at one (m, t, k).
    public struct MeanRow: Sendable, Equatable {
        public let samples: Int
        public let iteration: Int
        public let subnetworkSize: Int
        public let seeds: Int
        public let meanDistinctNeurons: Double
        public let dense: NetworkPerformance
        public let greedyObjective: Double
        public let pruned: NetworkPerformance
        public let fineTuned: NetworkPerformance?
    }

    /// Seed means, ordered by m (configuration order), t, k.
    public var meanRows: [MeanRow] {
        var out: [MeanRow] = []
        for m in configuration.sizes {
            let ofM = rows.filter { $0.samples == m }
            for t in checkpointSteps {
                for k in configuration.subnetworkSizes.sorted() {
                    let group = ofM.filter { $0.iteration == t && $0.subnetworkSize == k }
                    guard !group.isEmpty else { continue }
                    let tuned = group.compactMap(\.fineTuned)
                    out.append(MeanRow(samples: m, iteration: t, subnetworkSize: k, seeds: group.count,
                                       meanDistinctNeurons: paperAverage(group.map { Double($0.distinctNeurons) }),
                                       dense: .mean(group.map(\.dense)), greedyObjective: paperAverage(group.map(\.greedyObjective)),
                                       pruned: .mean(group.map(\.pruned)),
                                       fineTuned: tuned.count == group.count ? .mean(tuned) : nil))
                }
            }
        }
        return out
    }
}

extension NetworkPerformance {
    /// The componentwise mean (of a non-empty list).
    static func mean(_ list: [NetworkPerformance]) -> NetworkPerformance {
        NetworkPerformance(trainAccuracy: paperAverage(list.map(\.trainAccuracy)), testAccuracy: paperAverage(list.map(\.testAccuracy)),
                           trainCrossEntropy: paperAverage(list.map(\.trainCrossEntropy)), testCrossEntropy: paperAverage(list.map(\.testCrossEntropy)),
                           trainSquaredLoss: paperAverage(list.map(\.trainSquaredLoss)), testSquaredLoss: paperAverage(list.map(\.testSquaredLoss)))
    }
}

/// The arithmetic mean, summed in order (nan when empty).
func paperAverage(_ values: [Double]) -> Double { values.isEmpty ? .nan : values.reduce(0, +) / Double(values.count) }
