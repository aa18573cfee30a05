import Engine

/// The stages of IMP runs kept as units: `seed<s>-dense` and `seed<s>-t<t>-level<k>`; a dense
/// run interrupted part-way continues from the progress it kept (`ExperimentUnits.denseRun`).
/// `wasKept` says whether the last stage handed out was read back rather than computed,
/// `continuedFrom` the step a dense run continued from.
final class KeptIMPStages: IMPStageStore {
    let units: ExperimentUnits
    private(set) var wasKept = false
    private(set) var continuedFrom: Int?

    init(units: ExperimentUnits) {
        self.units = units
    }

    func dense(_ run: DenseRun) throws -> IMPDenseStage {
        try units.denseRun("seed\(run.seed)-dense", run, report: { self.wasKept = $0; self.continuedFrom = $1 }, value: IMPDenseStage.init)
    }

    func level(seed: UInt64, rewind: Int, level: Int, compute: () throws -> IMPLevelStage) throws -> IMPLevelStage {
        continuedFrom = nil
        return try units.unit("seed\(seed)-t\(rewind)-level\(level)", report: { self.wasKept = $0 }, compute: compute)
    }

    /// `line`, marked when its stage was kept from an earlier run or continued from one.
    func describe(_ line: String) -> String {
        wasKept ? line + " (kept from an earlier run)" : line + ExperimentUnits.continuation(continuedFrom)
    }
}
