import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A result folder that appears whole or not at all (a run directory, a pruned network):
/// everything is written into `PATH.incomplete`, which `finish()` renames to PATH.
///
/// `PATH.incomplete` never appears without its lock and marker: it is built as a hidden
/// folder beside it (`.NAME.incomplete.partial-XXXXXXXX`), locked exclusively
/// (`OutputFolderLock`) and marked (`OutputFolder.markerFileName`), then renamed into place
/// with rename(2), which fails on an existing non-empty folder (one process wins). An existing
/// `PATH.incomplete` is replaced only when it carries the marker and no process holds its
/// lock (a run of lth that was interrupted); one held by a running process is refused
/// (`OutputError.locked`, naming the holder), one without the marker is the user's and is
/// refused untouched (`OutputError.notWrittenByLTH`). PATH itself is never overwritten
/// (`OutputError.exists`).
///
/// A resumable folder (`resuming: true`, a training run) is not replaced: an interrupted
/// `PATH.incomplete` of the same owner is taken over as it is (`isResumed`; its lock taken,
/// stale temporary files removed) for the work to continue in it, and one of another owner is
/// refused (`OutputError.otherConfiguration`) and left as it is.
public final class StagedFolder {
    /// The final path.
    public let path: String
    /// The folder written to until `finish()`.
    public let workingPath: String
    /// Whether `PATH.incomplete` of an interrupted run of the same owner was taken over.
    public let isResumed: Bool
    private let lock: OutputFolderLock

    /// Creates `PATH.incomplete` (and the parents of PATH) for `owner`, or with `resuming`
    /// takes over the one an interrupted run of the same owner left.
    /// - Throws: `OutputError.exists`, `.locked`, `.notWrittenByLTH`, `.notAFolder`, `.unwritable`;
    ///   with `resuming`, `.otherConfiguration`.
    public init(path: String, owner: OutputFolder.Owner, resuming: Bool = false) throws {
        let clean = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        self.path = clean
        workingPath = clean + ".incomplete"
        try StagedFolder.check(path: clean)
        let working = URL(fileURLWithPath: workingPath)
        if resuming, try StagedFolder.staleWorkingFolder(working) {
            let recorded = try OutputFolder.recordedOwner(working)
            if recorded != owner {
                // A running process is named as the holder (a shared probe writes nothing); a
                // stopped run of another configuration is refused and left as it is.
                try OutputFolderLock.acquire(working, mode: .shared).release()
                throw OutputError.otherConfiguration(folder: workingPath, recorded: recorded?.description ?? "another run",
                                                     requested: owner.description)
            }
            let held = try OutputFolderLock.acquire(working, mode: .exclusive)
            AtomicFile.removeStalePartials(in: working, depth: 3)
            lock = held
            isResumed = true
            return
        }
        isResumed = false
        try AtomicFile.createFolder(working.deletingLastPathComponent())
        AtomicFile.removeAbandonedFolders(in: working.deletingLastPathComponent(),
                                          prefix: "." + working.lastPathComponent + AtomicFile.partialInfix, requiringMarker: true)
        // Built beside, complete with lock and marker, before it takes its name.
        let building = AtomicFile.temporaryURL(for: working)
        guard mkdir(building.path, 0o777) == 0 else {
            throw OutputError.unwritable(path: workingPath, reason: "cannot create the folder (\(String(cString: strerror(errno))))")
        }
        var held: OutputFolderLock?
        do {
            held = try OutputFolderLock.acquire(building, mode: .exclusive)
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            try AtomicFile.write((try? encoder.encode(owner)) ?? Data(), to: building.appendingPathComponent(OutputFolder.markerFileName))
            if try StagedFolder.staleWorkingFolder(working) {
                // An earlier lth run that stopped: replaced once its lock is free (a running one is refused).
                let stale = try OutputFolderLock.acquire(working, mode: .exclusive)
                do { try FileManager.default.removeItem(at: working) } catch {
                    throw OutputError.unwritable(path: workingPath, reason: "cannot remove the interrupted earlier run (\(OutputError.reason(of: error)))")
                }
                stale.release()
            }
            guard rename(building.path, workingPath) == 0 else {
                let code = errno
                if code == ENOTEMPTY || code == EEXIST {
                    // Another lth process put its folder in place a moment ago: name it.
                    let record = (try? String(contentsOf: working.appendingPathComponent(OutputFolderLock.fileName), encoding: .utf8))?
                        .trimmingCharacters(in: .whitespacesAndNewlines) ?? ""
                    throw OutputError.locked(folder: workingPath, holder: record.isEmpty ? "another lth process created it a moment ago" : record)
                }
                throw OutputError.unwritable(path: workingPath, reason: "cannot create the folder (\(String(cString: strerror(code))))")
            }
        } catch {
            held?.release()
            try? FileManager.default.removeItem(at: building)
            throw error
        }
        lock = held!
    }

    /// Checks, without writing, that a staged folder can be made at `path`: PATH does not
    /// exist and `PATH.incomplete` is absent or an interrupted run of lth.
    /// - Throws: `OutputError.emptyPath`, `.exists`, `.notWrittenByLTH`, `.notAFolder`.
    public static func check(path: String) throws {
        guard !path.isEmpty else { throw OutputError.emptyPath }
        let clean = path.count > 1 && path.hasSuffix("/") ? String(path.dropLast()) : path
        if FileManager.default.fileExists(atPath: clean) { throw OutputError.exists(path: clean) }
        _ = try staleWorkingFolder(URL(fileURLWithPath: clean + ".incomplete"))
    }

    /// Whether `working` exists; throws when it exists and is not lth's.
    private static func staleWorkingFolder(_ working: URL) throws -> Bool {
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: working.path, isDirectory: &isDirectory) else { return false }
        guard isDirectory.boolValue else { throw OutputError.notAFolder(path: working.path) }
        guard (try? OutputFolder.recordedOwner(working)) ?? nil != nil else { throw OutputError.notWrittenByLTH(folder: working.path) }
        return true
    }

    /// Removes `PATH.incomplete` (this object made it), e.g. when the work it was for failed on
    /// bad input, so that nothing is left behind.
    public func discard() {
        try? FileManager.default.removeItem(atPath: workingPath)
        lock.release()
    }

    /// Renames `PATH.incomplete` to PATH (the lock stays held until this object goes away).
    /// - Throws: `OutputError.exists` when PATH appeared meanwhile, `.unwritable`.
    public func finish() throws {
        if FileManager.default.fileExists(atPath: path) { throw OutputError.exists(path: path) }
        guard rename(workingPath, path) == 0 else {
            let code = errno
            if code == ENOTEMPTY || code == EEXIST || code == ENOTDIR { throw OutputError.exists(path: path) }
            throw OutputError.unwritable(path: path, reason: "cannot rename \(workingPath) into place (\(String(cString: strerror(code))))")
        }
    }
}
