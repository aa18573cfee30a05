import Foundation

/// The one rule for the output folders of lth: a folder is used only when it is new, empty,
/// or was written by the same command with the same configuration; nothing else in it is ever
/// deleted or overwritten.
///
/// lth marks every folder it claims with `.lth-output.json` (`Owner`: the command and a hash
/// of its configuration) and holds the folder's exclusive lock (`OutputFolderLock`) while it
/// writes. A folder that is not empty (ignoring the lock file, the marker and stale temporary
/// files of `AtomicFile`) and has no marker is refused (`OutputError.notWrittenByLTH`); a
/// marker of another command or configuration is refused (`.otherConfiguration`, with the
/// command that starts fresh); the same owner resumes and rewrites its own files.
public struct OutputFolder: Sendable {
    /// The marker file naming the owner.
    public static let markerFileName = ".lth-output.json"

    /// Who writes a folder: a command and the hash of everything that determines its results.
    public struct Owner: Sendable, Equatable, Codable, CustomStringConvertible {
        /// The command, e.g. "lth imp".
        public var command: String
        /// The configuration hash (16 hex digits of FNV-1a, `Owner(command:settings:)`).
        public var configuration: String

        public init(command: String, configuration: String) {
            self.command = command
            self.configuration = configuration
        }

        /// The owner whose configuration hash is the FNV-1a hash of `settings` rendered one
        /// `key=value` per line, in the order given.
        public init(command: String, settings: [(key: String, value: String)]) {
            self.init(command: command, configuration: FNV1a.hex(of: settings.map { "\($0.key)=\($0.value)\n" }.joined()))
        }

        public var description: String { "'\(command)' with configuration \(configuration)" }
    }

    public let url: URL
    public let owner: Owner
    /// The exclusive lock, held as long as this value lives.
    public let lock: OutputFolderLock

    /// Checks `url` without writing anything (for validation before any output).
    /// - Throws: `OutputError.notAFolder`, `.notWrittenByLTH`, `.otherConfiguration`.
    public static func check(_ url: URL, owner: Owner) throws {
        let manager = FileManager.default
        var isDirectory: ObjCBool = false
        guard manager.fileExists(atPath: url.path, isDirectory: &isDirectory) else { return }
        guard isDirectory.boolValue else { throw OutputError.notAFolder(path: url.path) }
        if let recorded = try recordedOwner(url) {
            guard recorded == owner else {
                throw OutputError.otherConfiguration(folder: url.path, recorded: recorded.description, requested: owner.description)
            }
            return
        }
        guard isEffectivelyEmpty(url) else { throw OutputError.notWrittenByLTH(folder: url.path) }
    }

    /// Claims `url` for `owner`: checks it (as `check`), creates it when missing, takes its
    /// exclusive lock, checks again under the lock, records the marker and removes stale
    /// temporary files of earlier interrupted writes.
    /// - Throws: the errors of `check`, `OutputError.locked`, `.unwritable`.
    public static func claim(_ url: URL, owner: Owner) throws -> OutputFolder {
        try check(url, owner: owner)
        let lock = try OutputFolderLock.acquire(url, mode: .exclusive)
        try check(url, owner: owner)
        if try recordedOwner(url) != owner {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys]
            let data = (try? encoder.encode(owner)) ?? Data()
            try AtomicFile.write(data + Data("\n".utf8), to: url.appendingPathComponent(markerFileName))
        }
        AtomicFile.removeStalePartials(in: url)
        return OutputFolder(url: url, owner: owner, lock: lock)
    }

    /// The owner recorded in the folder's marker (nil without a marker).
    /// - Throws: `OutputError.notWrittenByLTH` when the marker is not lth's.
    public static func recordedOwner(_ url: URL) throws -> Owner? {
        guard let data = FileManager.default.contents(atPath: url.appendingPathComponent(markerFileName).path) else { return nil }
        guard let owner = try? JSONDecoder().decode(Owner.self, from: data) else { throw OutputError.notWrittenByLTH(folder: url.path) }
        return owner
    }

    /// True when the folder holds nothing but lth's lock file, marker and temporary files.
    public static func isEffectivelyEmpty(_ url: URL) -> Bool {
        let entries = (try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []
        return entries.allSatisfy { $0 == OutputFolderLock.fileName || $0 == markerFileName || AtomicFile.isPartial($0) }
    }
}
