import Checker
import Foundation

extension CellSweep {
    /// A local run in the sweep's own output folder, without progress, as `lth check` and
    /// `lth reproduce` run it (the folder is claimed and let go when the result is returned).
    func runInFolder(progress: @escaping (String) -> Void = { _ in }) throws -> Result {
        try run(output: sweepFolder, progress: ExperimentProgress(unit: progress, note: progress)).result
    }
}
