import Engine
import Foundation

/// An experiment whose units are independent cells (`SweepCell`) that any process may compute
/// in any order: `TheoryExperiment` (lth check), `PaperExperiment` (lth reproduce) and
/// `RewindingSweep` (lth rewinding). It is an `Experiment` like every long command: the output
/// folder is claimed by the configuration hash (`OutputFolder`), every cell is a unit in
/// `<out>/units` (`ExperimentUnits`, verified by configuration hash and data checksum on
/// resume). A local run (`run(output:progress:)`) computes the cells one after the other under
/// the folder's lock; a Slurm submission claims the folder once (`prepare`) and each array task
/// computes one cell (`runCell`) under that cell's own lock, sharing the folder with the others.
/// Both come to the same `cell(at:units:progress:)`, so a cell computed by a task is the cell a
/// local run would have computed and keeps.
public protocol CellSweep: Experiment, Sendable {
    /// The cells of this configuration, `cells[i].index == i`, named as their units.
    var cells: [SweepCell] { get }
    /// The output folder.
    var sweepFolder: URL { get }
    /// Checks everything that can be checked before a cell is computed (configuration, data),
    /// without writing.
    func preflightCells() throws
    /// Keeps or computes cell `index` as a unit of `units`.
    /// - Returns: true when the cell was computed, false when it was kept.
    func cell(at index: Int, units: ExperimentUnits, progress: (String) -> Void) throws -> Bool
    /// An upper estimate of the peak resident memory of one cell's process, in bytes (the
    /// largest over the cells), for the scheduler's memory request.
    var cellMemoryEstimate: Int { get }
}

extension CellSweep {
    /// One unit per cell.
    public var unitCount: Int { cells.count }

    /// Where the cells are kept (`<out>/units`), with their locks while tasks compute them.
    public var unitsFolder: URL { sweepFolder.appendingPathComponent(ExperimentUnits.folderName) }

    /// The units of this configuration in the output folder.
    public var units: ExperimentUnits {
        ExperimentUnits(folder: unitsFolder, configuration: configurationHash, dataChecksum: dataChecksum)
    }

    /// The cells whose unit is missing, in index order.
    public func missingCells() -> [SweepCell] {
        let units = self.units
        return cells.filter { !units.isKept($0.name) }
    }

    /// Reads back every kept cell (verified as `cell(at:units:progress:)` keeps it: configuration
    /// hash, data checksum, the cell's own checks) without computing anything, so that a damaged
    /// or foreign unit is refused in one line before the first line of progress.
    /// - Throws: `ExperimentError` naming the unit.
    public func checkKeptCells() throws {
        let units = self.units
        for cell in cells where units.isKept(cell.name) {
            _ = try self.cell(at: cell.index, units: units) { _ in }
        }
    }

    /// Checks the cells' configuration and data and claims the output folder for this
    /// configuration (the Slurm submission's step before any task runs): records the owner and
    /// `claimed`'s files, creates the units folder, and lets the folder's lock go again.
    /// Idempotent for the same configuration.
    /// - Throws: what `preflightCells` throws; `OutputError` for a folder in use, not lth's or of
    ///   another configuration.
    public func prepare() throws {
        try preflightCells()
        let folder = try claim(sweepFolder)
        try AtomicFile.createFolder(unitsFolder)
        withExtendedLifetime(folder) {}
    }

    /// One array task: computes cell `index` under its lock (`<name>.lock` beside the units; a
    /// stale lock of a killed task is taken over), or keeps it when a task finished it. The
    /// folder must have been claimed by this configuration (`prepare`, which a task run by hand
    /// on a new folder does itself); the task holds its
    /// shared lock (`OutputFolderLock`), as the other tasks of the array do, so no command
    /// claims the folder while tasks compute in it.
    /// - Returns: true when the cell was computed now.
    /// - Throws: `SweepError.noSuchCell`, `.notASlurmFolder`, `.cellBusy`; `OutputError.locked`
    ///   while a command owns the folder; `ExperimentError` for a
    ///   damaged or foreign kept cell; what the cell throws.
    public func runCell(_ index: Int, progress: (String) -> Void) throws -> Bool {
        guard cells.indices.contains(index) else { throw SweepError.noSuchCell(index: index, count: cells.count) }
        // A task started by hand on a new folder claims it first (a submission has done so already).
        if try OutputFolder.recordedOwner(sweepFolder) == nil { try prepare() } else { try preflightCells() }
        guard try OutputFolder.recordedOwner(sweepFolder) == owner else {
            throw SweepError.notASlurmFolder(folder: sweepFolder.path, reason: "it was not prepared for this configuration (no submission claimed it)")
        }
        let shared = try OutputFolderLock.acquire(sweepFolder, mode: .shared)
        defer { shared.release() }
        let units = self.units
        if units.isKept(cells[index].name) { return try cell(at: index, units: units, progress: progress) }
        let lock = try CellLock.acquire(at: unitsFolder.appendingPathComponent(cells[index].lockName), isStale: Self.isStale)
        lock.releaseOnTermination()
        defer { lock.release() }
        return try cell(at: index, units: units, progress: progress)
    }

    /// Whether a lock's holder is known to be gone: its process has exited on this host, or its
    /// Slurm task has left the queue (`CellLiveness`).
    static func isStale(_ holder: CellLock.Holder?) -> Bool {
        let queue = holder?.task.map { task in SlurmCommands.view(jobs: [String(task.split(separator: "_")[0])]).queue } ?? nil
        if case .gone = CellLiveness.holderState(holder, host: CellLock.hostName, queue: queue, isAlive: SlurmArray.processExists) { return true }
        return false
    }
}
