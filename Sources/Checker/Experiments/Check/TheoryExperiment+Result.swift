import Bounds
import Foundation

extension TheoryExperiment {
    /// Builds the agreement tables from the cells: Theorem A per (m, seed, t), Theorem B per
    /// (m, seed, t, k), Theorem C per (m, seed, k, eps), with the theorems evaluated at each
    /// run's own data (certified lambda0, sigma_max(X), ||y||^2) and step size.
    func result(cells: [TheoryCell]) throws -> CheckResult {
        let c = configuration
        let convention = c.convention
        let grid = try c.checkpointSteps()
        var rowsA: [TheoremARow] = [], rowsB: [TheoremBRow] = [], rowsC: [TheoremCRow] = []
        var rowsK: [KernelThresholdRow] = [], cellsWithoutKernel = 0
        var notes: [String] = []
        var largestInitialLoss = 0.0
        for cell in cells {
            if let rows = try kernelThresholdRows(cell: cell) { rowsK += rows } else { cellsWithoutKernel += 1 }
            let m = cell.samples
            let lambda0 = min(cell.lambda0Certified, 0.5)
            let parameters = try NetworkParameters(samples: m, width: c.width, dimension: cell.dimension, lambda0: lambda0,
                                                   learningRate: cell.etaSum, delta: c.delta, kappa: c.kappa,
                                                   targetNorm2: cell.targetNorm2)
            let theoremA = try TheoremA(parameters)
            let initialResidual = cell.checkpoints.first?.residualNorm2 ?? 0
            largestInitialLoss = max(largestInitialLoss, convention.fromSum(initialResidual / 2, samples: m))
            var previous: TheoryCell.CheckpointRecord? = nil
            for record in cell.checkpoints {
                let measuredRate = previous.flatMap {
                    TheoremARow.contraction(residual: record.residualNorm2, previousResidual: $0.residualNorm2, steps: record.step - $0.step)
                }
                rowsA.append(try TheoremARow(samples: m, seed: cell.seed, iteration: record.step, residual: record.residualNorm2,
                                             initialResidual: initialResidual, predictedRate: theoremA.rate, measuredRate: measuredRate,
                                             width: c.width, widthRequired: theoremA.widthRequired, eta: theoremA.eta,
                                             etaMax: theoremA.etaMax, lambda0Estimate: cell.lambda0Estimate, lambda0: lambda0,
                                             targetNorm2: cell.targetNorm2))
                for (index, k) in c.subnetSizes.enumerated() {
                    rowsB.append(try TheoremBRow(samples: m, seed: cell.seed, iteration: record.step, subnetworkSize: k,
                                                 prunedLoss: convention.fromSum(record.prunedSumLosses[index], samples: m),
                                                 denseLoss: convention.fromSum(record.residualNorm2 / 2, samples: m),
                                                 diameter: 2 * record.rho, targetNorm2: cell.targetNorm2, convention: convention))
                }
                previous = record
            }
            let aPrioriDiameter = try APrioriDiameter(theoremA, largestSingularValue: cell.largestSingularValue)
            let theoremC = try TheoremC(theoremA, diameter: aPrioriDiameter.diameter, diameterSource: .aPriori)
            let steps = cell.checkpoints.map(\.step)
            let measured = Dictionary(uniqueKeysWithValues: (cell.checkpoints + (cell.bisectionRecords ?? [])).map { ($0.step, $0) })
            let crossings = try c.crossings(samples: m, checkpoints: cell.checkpoints) { t in
                guard let r = measured[t] else {
                    throw CheckerError.invalidValue(field: "cell m=\(m) seed=\(cell.seed)", value: "(no measurement at step \(t), which the bisection needs)",
                                                    allowed: "a cell as lth check writes it (remove the file to compute it again)")
                }
                return r
            }
            func crossing(_ quantity: ThresholdCrossing.Quantity, _ k: Int, _ epsilon: Double) -> Int? {
                crossings.first { $0.quantity == quantity && $0.subnetworkSize == k && $0.epsilon == epsilon }?.step
            }
            for (index, k) in c.subnetSizes.enumerated() {
                let pruned = cell.checkpoints.map { convention.fromSum($0.prunedSumLosses[index], samples: m) }
                let predicted = try cell.checkpoints.map { record in
                    convention.fromSum(record.residualNorm2 / 2 + (try TheoremB.greedyTerm(diameter: 2 * record.rho, subnetworkSize: k)), samples: m)
                }
                for epsilon in c.epsilons {
                    let aPriori: TheoremCRow.APriori
                    switch try theoremC.threshold(epsilon: convention.toSum(epsilon, samples: m), subnetworkSize: k) {
                    case let .iterations(t): aPriori = .iterations(t)
                    case let .none(reason): aPriori = .none(reason: reason)
                    }
                    rowsC.append(try TheoremCRow(samples: m, seed: cell.seed, subnetworkSize: k, epsilon: epsilon,
                                                 empiricalThreshold: TheoremCRow.firstCheckpoint(meeting: epsilon, checkpoints: steps, values: pruned),
                                                 settledThreshold: TheoremCRow.settledCheckpoint(meeting: epsilon, checkpoints: steps, values: pruned),
                                                 aPosterioriThreshold: TheoremCRow.firstCheckpoint(meeting: epsilon, checkpoints: steps, values: predicted),
                                                 aPriori: aPriori,
                                                 empiricalCrossing: crossing(.firstPassage, k, epsilon),
                                                 aPosterioriCrossing: crossing(.aPosteriori, k, epsilon)))
                }
            }
        }
        if let first = cells.first {
            let theoremA = try TheoremA(NetworkParameters(samples: first.samples, width: c.width, dimension: first.dimension,
                                                          lambda0: min(first.lambda0Certified, 0.5), learningRate: first.etaSum,
                                                          delta: c.delta, kappa: c.kappa, targetNorm2: first.targetNorm2))
            let step: String
            if let eta = c.eta {
                step = String(format: "the sum squared loss with the same step eta = %g at every m (the theorems' convention; tables and eps in the %@ convention)", eta, c.loss)
            } else if convention == .mean {
                step = String(format: "the mean squared loss with lr = %g, i.e. eta = lr/m on the sum loss the theorems use", c.lr)
            } else {
                step = String(format: "the sum squared loss with eta = lr = %g", c.lr)
            }
            notes.append(String(format: "training: full-batch gradient descent on %@ (eta/eta_max = %.3g at m = %d); width N = %d, kappa = %g, delta = %g",
                                step, theoremA.eta / theoremA.etaMax, first.samples, c.width, c.kappa, c.delta))
        }
        notes.append("greedy forward selection: analyzed variant (with replacement, 1/k averaging, exact scoring of all N neurons on the full training set, ties to the lowest index); D_t is bounded by 2 rho_t")
        notes.append("a posteriori threshold: first checkpoint where l(t) + (2 rho_t)^2 H_k/(2k) <= eps; a priori: Theorem C's t_star with the a priori D, or the sentence why the theorem implies none")
        let located = rowsC.filter { $0.empiricalCrossing != nil }.count, bisected = cells.reduce(0) { $0 + ($1.bisectionRecords?.count ?? 0) }
        let extra = cells.reduce(0) { $0 + ($1.bisectionTrainingSteps ?? 0) }
        notes.append("exact crossings: between the two checkpoints (t_a, t_b] that bracket t_hat or t_post, bisection on the steps (training from the state at t_a, greedy re-run at each midpoint) finds t_c with q(t_c - 1) > eps >= q(t_c), a down-crossing (the first passage lies in (t_a, t_c]; the greedy loss is not monotone in t); \(located) of \(rowsC.count) t_hat located, \(bisected) steps evaluated between checkpoints, \(extra) extra training iterations")
        if cellsWithoutKernel > 0 {
            notes.append("t_K: \(cellsWithoutKernel) cell(s) were written before the kernel-predicted threshold was measured; remove their units in units/ to measure it")
        }
        let description = cells.first.map { "\(c.data) -> \($0.dataDescription)" } ?? c.data
        let provenance = Provenance(toolkitVersion: toolkitVersion, configHash: c.hash, dataDescription: description,
                                    lossConvention: convention)
        let agreement = try Agreement.float32Training(steps: c.steps, samples: c.samples.max() ?? 1, lossScale: largestInitialLoss)
        return try CheckResult(provenance: provenance, checkpoints: grid, agreement: agreement,
                               theoremA: rowsA, theoremB: rowsB, theoremC: rowsC, kernelThresholds: rowsK, notes: notes)
    }
}
