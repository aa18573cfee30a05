import Bounds
import Engine
import Foundation

extension TheoryCheckConfiguration {
    /// Every exact crossing of run m (`ThresholdCrossing`): for each quantity (t_post, t_hat),
    /// subnet size k and eps whose first passage on the grid is bracketed by two checkpoints
    /// (t_a, t_b], t_b > 0, the bisection's t_c. `record(t)` gives the measurements after t
    /// iterations (the checkpoints' own records at grid steps).
    ///
    /// Evaluations are shared: each bisection starts from the tightest bracket the steps
    /// measured so far allow, hi = the earliest measured step with q <= eps (the grid's t_b, or
    /// an earlier step another bisection measured), lo = the latest measured step before it
    /// (q(lo) > eps by the choice of hi). So t_c is also earlier than every measured step with
    /// q <= eps, and the bound never costs more than `locate` on (t_a, t_b]. All t_post
    /// crossings come first (by bracket, k, eps), then the t_hat crossings: when Theorem B holds
    /// at t_post (l_k <= l + D^2 H_k/(2k) <= eps there) the t_hat bisection starts at or below
    /// it, so t_hat's t_c <= t_post's t_c, and the exact check t_hat <= t_post fails only where
    /// Theorem B fails. The order is the order of evaluation: `TheoryExperiment.measure`
    /// measures with it and `result` replays it on the stored records, so both see the same steps.
    func crossings(samples m: Int, checkpoints: [TheoryCell.CheckpointRecord],
                   record: (Int) throws -> TheoryCell.CheckpointRecord) throws -> [ThresholdCrossing] {
        let convention = self.convention
        let grid = checkpoints.map(\.step)
        let byStep = Dictionary(uniqueKeysWithValues: checkpoints.map { ($0.step, $0) })
        var found: [(lower: Int, upper: Int, index: Int, epsilon: Double, quantity: ThresholdCrossing.Quantity)] = []
        for (index, k) in subnetSizes.enumerated() {
            for epsilon in epsilons {
                for quantity in ThresholdCrossing.Quantity.allCases {
                    if let b = try ThresholdCrossing.bracket(grid: grid, isBelow: {
                        try byStep[$0]!.meets(quantity, index: index, subnetworkSize: k, epsilon: epsilon, samples: m, convention: convention)
                    }) {
                        found.append((b.lower, b.upper, index, epsilon, quantity))
                    }
                }
            }
        }
        let rank: (ThresholdCrossing.Quantity) -> Int = { $0 == .aPosteriori ? 0 : 1 }
        found.sort { ($0.lower, rank($0.quantity), $0.index, $0.epsilon) < ($1.lower, rank($1.quantity), $1.index, $1.epsilon) }
        var measured = Dictionary(uniqueKeysWithValues: checkpoints.map { ($0.step, $0) })
        return try found.map { f in
            let k = subnetSizes[f.index]
            func isBelow(_ r: TheoryCell.CheckpointRecord) throws -> Bool {
                try r.meets(f.quantity, index: f.index, subnetworkSize: k, epsilon: f.epsilon, samples: m, convention: convention)
            }
            let steps = measured.keys.sorted()
            var upper = f.upper
            for t in steps where t < f.upper {
                if try isBelow(measured[t]!) { upper = t; break }
            }
            let lower = steps.last { $0 < upper }!
            let step = try ThresholdCrossing.locate(after: lower, atOrBefore: upper) { t in
                let r = try record(t)
                measured[t] = r
                return try isBelow(r)
            }
            return ThresholdCrossing(quantity: f.quantity, subnetworkSize: k, epsilon: f.epsilon, lower: f.lower, upper: f.upper, step: step)
        }
    }
}

extension TheoryExperiment {
    /// The measurements at off-grid steps for the bisections of `crossings`, taken by training
    /// from the kept checkpoint states: `anchors` holds the `TrainingState` at the lower end t_a
    /// of every bracket (kept by `measure` while the dense run went by). A step is trained to
    /// from the nearest kept state at or below it (an anchor, or an evaluated step's state; those
    /// below the anchor a request starts from are dropped, so the states of about one bracket
    /// are held), with `Trainer.advance`: bit for bit the dense run's parameters at that step.
    final class CrossingProbe {
        let trainer: Trainer
        let evaluate: (Network) throws -> TheoryCell.CheckpointRecord
        let checkpoints: [Int: TheoryCell.CheckpointRecord]
        var anchors: [Int: TrainingState]
        var states: [Int: TrainingState] = [:]
        /// The off-grid evaluations, by step.
        var records: [Int: TheoryCell.CheckpointRecord] = [:]
        /// Training iterations taken beyond the dense run.
        var trainingSteps = 0

        init(trainer: Trainer, checkpoints: [TheoryCell.CheckpointRecord], anchors: [Int: TrainingState],
             evaluate: @escaping (Network) throws -> TheoryCell.CheckpointRecord) {
            self.trainer = trainer
            self.checkpoints = Dictionary(uniqueKeysWithValues: checkpoints.map { ($0.step, $0) })
            self.anchors = anchors
            self.evaluate = evaluate
        }

        /// The record after `step` iterations: a checkpoint's, an earlier evaluation, or trained and evaluated now.
        func record(at step: Int) throws -> TheoryCell.CheckpointRecord {
            if let r = checkpoints[step] ?? records[step] { return r }
            guard let anchor = anchors.keys.filter({ $0 <= step }).max() else {
                throw CheckerError.invalidValue(field: "crossing bisection", value: "step \(step)", allowed: "a step inside a bracket whose lower checkpoint state was kept")
            }
            states = states.filter { $0.key >= anchor }
            let start = states.filter { $0.key <= step }.max { $0.key < $1.key }?.value ?? anchors[anchor]!
            let state = try trainer.advance(from: start, to: step)
            trainingSteps += step - start.step
            states[step] = state
            var r = try evaluate(state.network)
            r.step = step
            records[step] = r
            return r
        }
    }
}
