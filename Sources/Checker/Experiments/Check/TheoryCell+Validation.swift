import Foundation

extension TheoryCell {
    /// What is wrong with this cell as run (m, seed) of `configuration`, computed from data with
    /// checksum `dataChecksum` (as its unit records), or nil: the same data checksum, m and seed as
    /// in its name, one checkpoint per step of the configuration's schedule (in order), one
    /// pruned loss per subnet size at every checkpoint, every measurement finite (losses, rho,
    /// ||y||^2, sigma_max and seconds >= 0, eta on the sum loss equal to the configuration's),
    /// dimension >= 1, and the bisection's records (steps strictly inside the grid, off it,
    /// increasing; a cell written before they existed is refused, so an old folder never silently
    /// gives tables without exact crossings). The unit store (`ExperimentUnits`) checks the
    /// configuration hash and the data checksum; this checks what a damaged or hand-edited unit
    /// of the right hash could get wrong.
    public func problem(configuration: TheoryCheckConfiguration, samples m: Int, seed: Int, dataChecksum: String) -> String? {
        let cell = self
        guard cell.dataChecksum == dataChecksum else { return "it records data checksum \(cell.dataChecksum), its unit \(dataChecksum)" }
        guard cell.samples == m, cell.seed == seed else { return "it records m = \(cell.samples), seed = \(cell.seed)" }
        guard cell.dimension >= 1 else { return "dimension \(cell.dimension)" }
        guard let steps = try? configuration.checkpointSteps() else { return "the configuration's checkpoints cannot be read" }
        guard cell.checkpoints.map(\.step) == steps else {
            return "checkpoints at steps \(cell.checkpoints.map(\.step).prefix(20).map(String.init).joined(separator: ",")), the configuration's are \(steps.prefix(20).map(String.init).joined(separator: ","))"
        }
        let sizes = configuration.subnetSizes.count
        func nonNegative(_ x: Double) -> Bool { x.isFinite && x >= 0 }
        for record in cell.checkpoints {
            guard record.prunedSumLosses.count == sizes else {
                return "step \(record.step) has \(record.prunedSumLosses.count) pruned losses, the configuration has \(sizes) subnet sizes"
            }
            guard nonNegative(record.residualNorm2), nonNegative(record.rho), record.prunedSumLosses.allSatisfy(nonNegative) else {
                return "step \(record.step) holds a negative, NaN or infinite loss or rho"
            }
        }
        guard nonNegative(cell.targetNorm2), nonNegative(cell.largestSingularValue), nonNegative(cell.seconds),
              cell.lambda0Estimate.isFinite, cell.lambda0Certified.isFinite else {
            return "a negative, NaN or infinite ||y||^2, sigma_max, lambda0 or seconds"
        }
        guard let between = cell.bisectionRecords, let extra = cell.bisectionTrainingSteps, extra >= 0 else {
            return "written before lth check located the exact crossings between checkpoints"
        }
        let grid = Set(steps)
        for (i, record) in between.enumerated() {
            guard record.step > 0, record.step < (steps.last ?? 0), !grid.contains(record.step),
                  i == 0 || between[i - 1].step < record.step else {
                return "bisection step \(record.step) is not a new step inside the grid, or out of order"
            }
            guard record.prunedSumLosses.count == sizes, nonNegative(record.residualNorm2), nonNegative(record.rho),
                  record.prunedSumLosses.allSatisfy(nonNegative) else {
                return "bisection step \(record.step) has a wrong number of pruned losses, or a negative, NaN or infinite value"
            }
        }
        let etaSum = configuration.etaSum(samples: m)
        guard cell.etaSum == etaSum else { return "eta = \(cell.etaSum) on the sum loss, the configuration's is \(etaSum)" }
        if let kernel = cell.kernelThresholds, kernel.count != configuration.epsilons.count {
            return "\(kernel.count) kernel thresholds t_K, the configuration has \(configuration.epsilons.count) targets eps"
        }
        return nil
    }
}
