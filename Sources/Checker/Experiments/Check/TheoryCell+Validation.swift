import Foundation

extension TheoryCell {
    /// Reads the cell file of run (m, seed) of `configuration` and checks it against the
    /// configuration, so that a damaged or foreign cell is rejected instead of reused:
    /// m and seed as in its name, one checkpoint per step of the configuration's schedule
    /// (in order), one pruned loss per subnet size at every checkpoint, every measurement
    /// finite (losses, rho, ||y||^2, sigma_max and seconds >= 0, eta on the sum loss equal
    /// to the configuration's), dimension >= 1, and the bisection's records (steps strictly
    /// inside the grid, off it, increasing; a cell written before they existed is refused, so an
    /// old folder never silently gives tables without exact crossings). The data checksum is checked by the
    /// caller that has the data (`TheoryExperiment.run`).
    /// - Returns: nil when there is no file at `url` (the run is not done yet).
    /// - Throws: `CheckerError.invalidValue` naming the file and the first problem.
    public static func read(from url: URL, configuration: TheoryCheckConfiguration, samples m: Int, seed: Int) throws -> TheoryCell? {
        guard let data = FileManager.default.contents(atPath: url.path) else { return nil }
        func reject(_ problem: String) -> CheckerError {
            .invalidValue(field: "cell file '\(url.path)'", value: problem,
                          allowed: "a cell of this configuration as lth check writes it (remove the file to compute the run again)")
        }
        let cell: TheoryCell
        do { cell = try JSONDecoder().decode(TheoryCell.self, from: data) } catch {
            throw reject("(not the JSON of a cell)")
        }
        guard cell.samples == m, cell.seed == seed else { throw reject("(it records m = \(cell.samples), seed = \(cell.seed))") }
        guard cell.dimension >= 1 else { throw reject("(dimension \(cell.dimension))") }
        let steps = try configuration.checkpointSteps()
        guard cell.checkpoints.map(\.step) == steps else {
            throw reject("(checkpoints at steps \(cell.checkpoints.map(\.step).prefix(20).map(String.init).joined(separator: ",")), the configuration's are \(steps.prefix(20).map(String.init).joined(separator: ",")))")
        }
        let sizes = configuration.subnetSizes.count
        func nonNegative(_ x: Double) -> Bool { x.isFinite && x >= 0 }
        for record in cell.checkpoints {
            guard record.prunedSumLosses.count == sizes else {
                throw reject("(step \(record.step) has \(record.prunedSumLosses.count) pruned losses, the configuration has \(sizes) subnet sizes)")
            }
            guard nonNegative(record.residualNorm2), nonNegative(record.rho), record.prunedSumLosses.allSatisfy(nonNegative) else {
                throw reject("(step \(record.step) holds a negative, NaN or infinite loss or rho)")
            }
        }
        guard nonNegative(cell.targetNorm2), nonNegative(cell.largestSingularValue), nonNegative(cell.seconds),
              cell.lambda0Estimate.isFinite, cell.lambda0Certified.isFinite else {
            throw reject("(a negative, NaN or infinite ||y||^2, sigma_max, lambda0 or seconds)")
        }
        guard let between = cell.bisectionRecords, let extra = cell.bisectionTrainingSteps, extra >= 0 else {
            throw reject("(written before lth check located the exact crossings between checkpoints)")
        }
        let grid = Set(steps)
        for (i, record) in between.enumerated() {
            guard record.step > 0, record.step < (steps.last ?? 0), !grid.contains(record.step),
                  i == 0 || between[i - 1].step < record.step else {
                throw reject("(bisection step \(record.step) is not a new step inside the grid, or out of order)")
            }
            guard record.prunedSumLosses.count == sizes, nonNegative(record.residualNorm2), nonNegative(record.rho),
                  record.prunedSumLosses.allSatisfy(nonNegative) else {
                throw reject("(bisection step \(record.step) has a wrong number of pruned losses, or a negative, NaN or infinite value)")
            }
        }
        let etaSum = configuration.etaSum(samples: m)
        guard cell.etaSum == etaSum else { throw reject("(eta = \(cell.etaSum) on the sum loss, the configuration's is \(etaSum))") }
        if let kernel = cell.kernelThresholds, kernel.count != configuration.epsilons.count {
            throw reject("(\(kernel.count) kernel thresholds t_K, the configuration has \(configuration.epsilons.count) targets eps)")
        }
        return cell
    }
}
