import Foundation
import Testing
@testable import Engine

#if canImport(Glibc)
import Glibc
#endif

/// The output-folder rule, its lock and the one atomic writer (`OutputFolder`,
/// `OutputFolderLock`, `StagedFolder`, `AtomicFile`).
@Suite struct OutputFolderTests {
    static func temporaryFolder() throws -> URL {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("lth-output-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: url, withIntermediateDirectories: true)
        return url
    }

    static func entries(_ url: URL) -> [String] {
        ((try? FileManager.default.contentsOfDirectory(atPath: url.path)) ?? []).sorted()
    }

    @Test func anExclusiveLockRefusesEveryOtherHolderAndNamesItsOwner() throws {
        let folder = try Self.temporaryFolder().appendingPathComponent("out")
        let first = try OutputFolderLock.acquire(folder, mode: .exclusive)
        let error = #expect(throws: OutputError.self) { _ = try OutputFolderLock.acquire(folder, mode: .exclusive) }
        #expect(error?.description.contains("pid \(getpid()) on host") == true)
        #expect(error?.isBadInput == true)
        #expect(throws: OutputError.self) { _ = try OutputFolderLock.acquire(folder, mode: .shared) }
        first.release()
        let again = try OutputFolderLock.acquire(folder, mode: .exclusive)
        again.release()
        #expect(try String(contentsOf: folder.appendingPathComponent(OutputFolderLock.fileName), encoding: .utf8).isEmpty)
    }

    @Test func sharedHoldersCoexistAndExcludeAnExclusiveOne() throws {
        let folder = try Self.temporaryFolder()
        let a = try OutputFolderLock.acquire(folder, mode: .shared)
        let b = try OutputFolderLock.acquire(folder, mode: .shared)
        let error = #expect(throws: OutputError.self) { _ = try OutputFolderLock.acquire(folder, mode: .exclusive) }
        #expect(error?.description.contains("sharing it") == true)
        // one lock per cell beside the folder's shared lock
        let cell = folder.appendingPathComponent(".cell-3.lock")
        let cellLock = try OutputFolderLock(lockFile: cell, mode: .exclusive)
        #expect(throws: OutputError.self) { _ = try OutputFolderLock(lockFile: cell, mode: .exclusive) }
        cellLock.release()
        a.release()
        b.release()
        try OutputFolderLock.acquire(folder, mode: .exclusive).release()
    }

    @Test func aFolderLTHDidNotWriteIsRefusedUntouched() throws {
        let folder = try Self.temporaryFolder()
        try Data("mine\n".utf8).write(to: folder.appendingPathComponent("notes.txt"))
        let owner = OutputFolder.Owner(command: "lth imp", settings: [("seeds", "0,1")])
        #expect(throws: OutputError.notWrittenByLTH(folder: folder.path)) { _ = try OutputFolder.claim(folder, owner: owner) }
        #expect(Self.entries(folder) == ["notes.txt"])
    }

    @Test func theSameOwnerResumesAndAnotherConfigurationIsRefused() throws {
        let folder = try Self.temporaryFolder().appendingPathComponent("out")
        let owner = OutputFolder.Owner(command: "lth imp", settings: [("seeds", "0,1")])
        let claim = try OutputFolder.claim(folder, owner: owner)
        try AtomicFile.write([("a.csv", "1\n")], in: folder)
        // a second claim while the first holds the lock
        #expect(throws: OutputError.self) { _ = try OutputFolder.claim(folder, owner: owner) }
        claim.lock.release()
        let other = OutputFolder.Owner(command: "lth imp", settings: [("seeds", "0,2")])
        let error = #expect(throws: OutputError.self) { _ = try OutputFolder.claim(folder, owner: other) }
        #expect(error?.description.contains("rm -r '\(folder.path)'") == true)
        #expect(owner.configuration != other.configuration)
        let resumed = try OutputFolder.claim(folder, owner: owner)
        #expect(Self.entries(folder) == [".lth-output.json", ".lth.lock", "a.csv"])
        resumed.lock.release()
    }

    @Test func aClaimRemovesStalePartialsOfItsOwnOnly() throws {
        let folder = try Self.temporaryFolder()
        let owner = OutputFolder.Owner(command: "lth stability", configuration: "0123456789abcdef")
        try OutputFolder.claim(folder, owner: owner).lock.release()
        try FileManager.default.createDirectory(at: folder.appendingPathComponent("report"), withIntermediateDirectories: true)
        for name in [".a.csv.partial-1A2B3C4D", "report/.t.tex.partial-00000000", "keep.partial-notmine"] {
            try Data().write(to: folder.appendingPathComponent(name))
        }
        try OutputFolder.claim(folder, owner: owner).lock.release()
        #expect(Self.entries(folder) == [".lth-output.json", ".lth.lock", "keep.partial-notmine", "report"])
        #expect(Self.entries(folder.appendingPathComponent("report")).isEmpty)
    }

    @Test func atomicWritesLeaveNoTemporaryFileAndReplaceWhole() throws {
        let folder = try Self.temporaryFolder()
        let urls = try AtomicFile.write([("a.txt", "first\n"), ("b.txt", "second\n")], in: folder)
        #expect(urls.map(\.lastPathComponent) == ["a.txt", "b.txt"])
        try AtomicFile.write(Data("replaced\n".utf8), to: folder.appendingPathComponent("a.txt"))
        #expect(try String(contentsOf: folder.appendingPathComponent("a.txt"), encoding: .utf8) == "replaced\n")
        #expect(Self.entries(folder) == ["a.txt", "b.txt"])
        // a folder that cannot be created: a runtime failure (exit status 1), nothing written
        let inside = folder.appendingPathComponent("a.txt/sub")
        let error = #expect(throws: OutputError.self) { try AtomicFile.write([("c.txt", "x")], in: inside) }
        #expect(error?.isBadInput == false)
        #expect(Self.entries(folder) == ["a.txt", "b.txt"])
    }

    @Test func aStagedFolderReplacesOnlyAnInterruptedRunOfLTH() throws {
        let parent = try Self.temporaryFolder()
        let path = parent.appendingPathComponent("run").path
        let owner = OutputFolder.Owner(command: "lth train", configuration: "0000000000000001")
        // the user's own folder named run.incomplete survives
        try FileManager.default.createDirectory(atPath: path + ".incomplete", withIntermediateDirectories: false)
        try Data("mine\n".utf8).write(to: URL(fileURLWithPath: path + ".incomplete/notes.txt"))
        #expect(throws: OutputError.notWrittenByLTH(folder: path + ".incomplete")) { _ = try StagedFolder(path: path, owner: owner) }
        #expect(Self.entries(URL(fileURLWithPath: path + ".incomplete")) == ["notes.txt"])
        try FileManager.default.removeItem(atPath: path + ".incomplete")
        // a running stage refuses a second one; an interrupted one (lock released) is replaced
        var running: StagedFolder? = try StagedFolder(path: path, owner: owner)
        try Data("1\n".utf8).write(to: URL(fileURLWithPath: path + ".incomplete/partial.txt"))
        let busy = #expect(throws: OutputError.self) { _ = try StagedFolder(path: path, owner: owner) }
        #expect(busy?.description.contains("in use by another lth process") == true)
        running = nil
        let fresh = try StagedFolder(path: path, owner: owner)
        #expect(!FileManager.default.fileExists(atPath: path + ".incomplete/partial.txt"))
        try fresh.finish()
        #expect(FileManager.default.fileExists(atPath: path + "/" + OutputFolder.markerFileName))
        #expect(throws: OutputError.exists(path: path)) { _ = try StagedFolder(path: path, owner: owner) }
        _ = running
    }

    /// The working folder never appears without its lock and marker; a build folder a killed
    /// process left beside it is removed, one without lth's marker is kept.
    @Test func aStagedFolderAppearsLockedAndMarkedAndAbandonedBuildsGo() throws {
        let parent = try Self.temporaryFolder()
        let path = parent.appendingPathComponent("run").path
        let owner = OutputFolder.Owner(command: "lth train", configuration: "0000000000000002")
        let abandoned = parent.appendingPathComponent(".run.incomplete.partial-DEADBEEF")
        try FileManager.default.createDirectory(at: abandoned, withIntermediateDirectories: false)
        try Data("{}".utf8).write(to: abandoned.appendingPathComponent(OutputFolderLock.fileName))
        try Data("{\"command\":\"lth train\",\"configuration\":\"0\"}".utf8).write(to: abandoned.appendingPathComponent(OutputFolder.markerFileName))
        let foreign = parent.appendingPathComponent(".run.incomplete.partial-0000USER")
        try FileManager.default.createDirectory(at: foreign, withIntermediateDirectories: false)
        let staged = try StagedFolder(path: path, owner: owner)
        #expect(Self.entries(parent) == [".run.incomplete.partial-0000USER", "run.incomplete"])
        #expect(Self.entries(URL(fileURLWithPath: staged.workingPath)) == [OutputFolder.markerFileName, OutputFolderLock.fileName])
        #expect(try OutputFolder.recordedOwner(URL(fileURLWithPath: staged.workingPath)) == owner)
        let record = try String(contentsOfFile: staged.workingPath + "/" + OutputFolderLock.fileName, encoding: .utf8)
        #expect(record.hasPrefix("pid \(getpid()) on host"))
        let busy = #expect(throws: OutputError.self) { _ = try StagedFolder(path: path, owner: owner) }
        #expect(busy?.description.contains("pid \(getpid()) on host") == true)
        #expect(Self.entries(parent) == [".run.incomplete.partial-0000USER", "run.incomplete"])
        staged.discard()
        #expect(Self.entries(parent) == [".run.incomplete.partial-0000USER"])
    }

    /// The streaming form: the bytes appended in order appear whole; a failure leaves nothing.
    @Test func aStreamedFileAppearsWholeOrNotAtAll() throws {
        struct Stop: Error {}
        let folder = try Self.temporaryFolder()
        let url = folder.appendingPathComponent("big.bin")
        let values = (0..<100_000).map { Float($0) }
        try AtomicFile.write(to: url) { append in
            try [UInt8](repeating: 7, count: 3).withUnsafeBytes { try append($0) }
            try values.withUnsafeBytes { try append($0) }
        }
        let written = try Data(contentsOf: url)
        #expect(written.count == 3 + 4 * values.count)
        #expect(written.prefix(3) == Data([7, 7, 7]))
        #expect(written.dropFirst(3).withUnsafeBytes { Array($0.bindMemory(to: Float.self)) } == values)
        #expect(throws: Stop.self) {
            try AtomicFile.write(to: url) { append in
                try [UInt8](repeating: 1, count: 10).withUnsafeBytes { try append($0) }
                throw Stop()
            }
        }
        #expect(try Data(contentsOf: url) == written)
        #expect(Self.entries(folder) == ["big.bin"])
    }
}
