import Foundation
import Testing

/// The one progress reporter draws a bar on a terminal and plain lines elsewhere: under a
/// pseudo-terminal (`script`) the cell lines scroll above a bar redrawn in place; through a
/// pipe the same lines come without any bar or control character.
@Suite struct ProgressBarTests {
    static let check = ["check", "--data", "synthetic:sphere?m=120&d=5&seed=3", "--samples", "40,60,80", "--seeds", "0",
                        "--width", "16", "--steps", "20", "--checkpoints", "0,10,20", "--k", "4", "--epsilon", "0.5"]

    @Test(.enabled(if: FileManager.default.isExecutableFile(atPath: "/usr/bin/script"), "needs script(1) from util-linux for a pseudo-terminal"))
    func barOnATerminalPlainLinesInAPipe() throws {
        let directory = try LTHProcess.temporaryDirectory()
        defer { try? FileManager.default.removeItem(at: directory) }
        let quoted = ([LTHProcess.executable.path] + Self.check + ["--out", directory.appendingPathComponent("tty").path])
            .map { "'" + $0 + "'" }.joined(separator: " ")
        let terminal = try LTHProcess.run(executable: URL(fileURLWithPath: "/usr/bin/script"), ["-qec", quoted + " >/dev/null", "/dev/null"])
        #expect(terminal.status == 0, "\(terminal.stdout)")
        #expect(terminal.stdout.contains("[##########....................] 1/3"), "\(terminal.stdout)")
        #expect(terminal.stdout.contains("\r\u{1B}[K  [2/3, "), "the bar is erased before the next line")
        let pipe = try LTHProcess.run(Self.check + ["--out", directory.appendingPathComponent("pipe").path])
        #expect(pipe.status == 0, "\(pipe.stderr)")
        #expect(pipe.stderr.contains("  [1/3, ") && pipe.stderr.contains("  [3/3, "))
        #expect(!pipe.stderr.contains("#") && !pipe.stderr.contains("\u{1B}"), "\(pipe.stderr)")
    }
}
