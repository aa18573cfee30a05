import Engine

/// The stages of IMP runs kept as units: `seed<s>-dense` and `seed<s>-t<t>-level<k>`.
/// `wasKept` says whether the last stage handed out was read back rather than computed.
final class KeptIMPStages: IMPStageStore {
    let units: ExperimentUnits
    private(set) var wasKept = false

    init(units: ExperimentUnits) {
        self.units = units
    }

    func dense(seed: UInt64, compute: () throws -> IMPDenseStage) throws -> IMPDenseStage {
        try units.unit("seed\(seed)-dense", report: { self.wasKept = $0 }, compute: compute)
    }

    func level(seed: UInt64, rewind: Int, level: Int, compute: () throws -> IMPLevelStage) throws -> IMPLevelStage {
        try units.unit("seed\(seed)-t\(rewind)-level\(level)", report: { self.wasKept = $0 }, compute: compute)
    }

    /// `line`, marked when its stage was kept from an earlier run.
    func describe(_ line: String) -> String {
        wasKept ? line + " (kept from an earlier run)" : line
    }
}
