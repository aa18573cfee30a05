import Engine
import Foundation

/// A dense run part-way, kept as an experiment's state (`ExperimentUnits.keepState`): the unit
/// it computes, its training state (`StoredTrainingState`, bit for bit) and the snapshots W(t)
/// taken so far (`MLP` Codable: Float32 bits).
struct StoredDenseRun: Codable {
    var unit: String
    var training: StoredTrainingState
    var snapshots: [Int: MLP]

    init(unit: String, _ progress: DenseRunProgress) {
        self.unit = unit
        training = StoredTrainingState(progress.state)
        snapshots = progress.snapshots
    }

    var progress: DenseRunProgress { DenseRunProgress(state: training.state, snapshots: snapshots) }
}

extension ExperimentUnits {
    /// The shortest time between two training states kept while a run goes on (5 s): writing
    /// one costs about as much as a few hundred steps of a small network.
    static let stateInterval = Duration.seconds(5)

    /// A dense run keeps its state again only after training for at least this many times as
    /// long as writing the last state took.
    static let keepingCostFactor = 50

    /// What a progress line adds for a run that continued from step `step` of an earlier run
    /// (nothing for nil).
    static func continuation(_ step: Int?) -> String {
        step.map { " (continued from step \($0) of an earlier run)" } ?? ""
    }

    /// Unit `name`, made of the dense run `run` (`value` of the finished run), resumable in the
    /// middle: while the run trains, its progress (training state and the snapshots so far) is
    /// kept as the experiment's one state at its first pause (the first snapshot iteration
    /// 0 < t < T or after `stateInterval`), then at the snapshot iterations and about every
    /// `stateInterval` between them, provided the run trained for `keepingCostFactor` times as
    /// long as the last state took to write; a run started again after an interruption continues from
    /// that state when it belongs to `name` (`DenseRun.run(from:)`: the uninterrupted run's
    /// result bit for bit), and the state is removed once the unit is written. `report` is called
    /// once, with whether the unit was kept and the step the run continued from (nil: from 0).
    /// - Throws: `ExperimentError` for a damaged or foreign unit or state; `OutputError.unwritable`;
    ///   the training's errors.
    func denseRun<Value: Codable>(_ name: String, _ run: DenseRun, report: (_ kept: Bool, _ continuedFrom: Int?) -> Void,
                                  value: (SparseTrainingRun) -> Value) throws -> Value {
        var continued: Int?, computed = false
        let result = try unit(name, report: { report($0, continued) }) { () throws -> Value in
            computed = true
            let kept = try keptState(StoredDenseRun.self).flatMap { $0.unit == name ? $0.progress : nil }
            if let kept {
                do { try run.validate(kept) } catch {
                    throw ExperimentError.damagedUnit(path: url(Self.stateName)?.path ?? Self.stateName, reason: "\(error)")
                }
                continued = kept.state.step
            }
            // The first pause keeps the state; a later one when the time since the last kept
            // state is at least `keepingCostFactor` times what writing it took (so at most about
            // 1/50 of the run goes to keeping states: a state holds the network, its momentum
            // buffers and every snapshot so far, 9.5 MB for LeNet-300-100 with two snapshots),
            // and, between snapshots, at least `stateInterval`.
            let clock = ContinuousClock()
            var lastKept: ContinuousClock.Instant?, writing = Duration.zero
            return value(try run.run(from: kept, pauseInterval: Self.stateInterval) { progress in
                let atSnapshot = progress.snapshots[progress.state.step] != nil
                if let lastKept {
                    let since = clock.now - lastKept
                    guard since >= writing * Self.keepingCostFactor, atSnapshot || since >= Self.stateInterval else { return }
                }
                let began = clock.now
                try keepState(StoredDenseRun(unit: name, progress))
                lastKept = clock.now
                writing = clock.now - began
            })
        }
        if computed { try removeState() }
        return result
    }
}
