import Foundation

#if canImport(Glibc)
import Glibc
#endif

/// Why an output file or folder cannot be written. Each `description` is one line naming the
/// path, what is wrong and what to do. `isBadInput` separates the user's choice of output
/// (a busy folder, a folder of someone else or of another configuration: exit status 2) from
/// a failure of the machine (disk full, permission denied: exit status 1).
public enum OutputError: Error, CustomStringConvertible, Equatable, Sendable {
    /// Writing failed (disk full, permission denied, read-only file system, ...).
    case unwritable(path: String, reason: String)
    /// Another process holds the folder's lock; `holder` is what it recorded ("pid 12 on host h since ...").
    case locked(folder: String, holder: String)
    /// The folder exists, is not empty and was not written by lth (no marker file).
    case notWrittenByLTH(folder: String)
    /// The folder was written by lth for another command or configuration.
    case otherConfiguration(folder: String, recorded: String, requested: String)
    /// The path exists and is not a folder.
    case notAFolder(path: String)
    /// The path exists (a result that is never overwritten).
    case exists(path: String)
    /// The output path is the empty string.
    case emptyPath

    /// True for everything but `unwritable`: the output the user chose cannot be used.
    public var isBadInput: Bool {
        if case .unwritable = self { return false }
        return true
    }

    public var description: String {
        switch self {
        case let .unwritable(path, reason):
            return "cannot write \(path): \(reason)"
        case let .locked(folder, holder):
            return "output folder \(folder) is in use by another lth process (\(holder)); wait for it to finish, or write to another folder"
        case let .notWrittenByLTH(folder):
            return "output folder \(folder) is not empty and was not written by lth (no \(OutputFolder.markerFileName)); nothing in it is touched: choose a new or empty folder"
        case let .otherConfiguration(folder, recorded, requested):
            return "output folder \(folder) holds the results of \(recorded), not of \(requested); to start fresh: rm -r '\(folder)' (or write to another folder)"
        case let .notAFolder(path):
            return "\(path) exists and is not a folder (allowed: a new or empty folder, or one this configuration wrote)"
        case let .exists(path):
            return "\(path) already exists and is never overwritten (remove it or choose another path)"
        case .emptyPath:
            return "the output path is empty (allowed: the path of a new folder)"
        }
    }

    /// The reason of a Foundation file error in a few words ("No space left on device"):
    /// the POSIX message of its underlying error when there is one.
    public static func reason(of error: any Error) -> String {
        let bridged = error as NSError
        if bridged.domain == NSPOSIXErrorDomain { return String(cString: strerror(Int32(bridged.code))) }
        if let underlying = bridged.userInfo[NSUnderlyingErrorKey] as? NSError, underlying.domain == NSPOSIXErrorDomain {
            return String(cString: strerror(Int32(underlying.code)))
        }
        return error.localizedDescription
    }
}
