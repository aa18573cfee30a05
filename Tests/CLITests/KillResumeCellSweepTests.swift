import Foundation
import Testing

/// The cell sweeps (lth check, lth rewinding, lth reproduce) resume after `kill -9` like every
/// other long command: killed once the first cell's unit is on disk, rerun with the same command
/// line and folder, they end with the folder of an uninterrupted run (`KillResumeTests.checkResume`).
/// The units of check and reproduce record the seconds a cell took (in no table); everything
/// else is compared byte for byte.
@Suite struct KillResumeCellSweepTests {
    @Test func checkResumesAtTheFirstMissingCell() throws {
        try KillResumeTests.checkResume(["check", "--data", "synthetic:sphere?m=400&d=6&seed=3", "--samples", "100,200,400",
                                         "--seeds", "0,1", "--width", "400", "--steps", "300", "--checkpoints", "0,100,300",
                                         "--k", "8", "--epsilon", "0.3"], unitsUpToSeconds: true)
    }

    @Test func rewindingResumesAtTheFirstMissingSeed() throws {
        try KillResumeTests.checkResume(SlurmCommandTests.rewinding)
    }

    @Test(.enabled(if: FileManager.default.fileExists(atPath: "/usr/share/datasets/fashion-mnist/train-images-idx3-ubyte.gz"),
                   "needs Debian's dataset-fashion-mnist (make deps)"))
    func reproduceResumesAtTheFirstMissingCell() throws {
        // Its standard output says how many cells were kept and how long the run took.
        try KillResumeTests.checkResume(["reproduce", "--quick"], unitsUpToSeconds: true, sameStandardOutput: false)
    }
}
