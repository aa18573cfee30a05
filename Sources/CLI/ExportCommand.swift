import ArgumentParser
import Checker
import Foundation

/// `lth export notebook|report RUN_DIR`: the results of `lth check` or `lth reproduce` as a Jupyter
/// notebook or a LaTeX report (the kind of folder is told by its configuration.json).
struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Export the results of lth check or lth reproduce as a Jupyter notebook or a LaTeX report.",
        discussion: """
            RUN_DIR is the folder of 'lth check --out RUN_DIR' or of 'lth reproduce --out RUN_DIR' \
            (told apart by its configuration.json). A check still in progress (or interrupted) is \
            refused unless --partial is given, which exports the completed runs (their report files \
            are written to RUN_DIR/report-partial/); a reproduce run must be finished. Outputs are \
            written under a temporary name and renamed into place, so a failure leaves no \
            half-written file.

            Examples:
              lth export notebook runs/demo
              lth export notebook runs/demo --config Experiments/theory-demo.yaml \\
                --out notebooks-export/demo.ipynb
              lth export report runs/demo --out notebooks-export/demo-report.tex
              lth export notebook runs/reproduce \\
                --config Experiments/fashion-mnist-paper.json \\
                --out notebooks-export/reproduce.ipynb
            """,
        subcommands: [Notebook.self, Report.self])

    /// The options both exports share.
    struct Common: ParsableArguments {
        @Argument(help: "The results folder of 'lth check' or 'lth reproduce'.") var runDirectory: String
        @Flag(name: .customLong("partial"), help: "Export the completed runs of a check still in progress.") var partial = false
        @Option(name: .customLong("config"), help: ArgumentHelp("The repository configuration the run was made from (recorded after checking its hash).", valueName: "FILE"))
        var config: String?

        /// Whether RUN_DIR is a folder of `lth reproduce` (else it is read as a check).
        var isReproduce: Bool { ReproduceSource.isReproduceFolder(URL(fileURLWithPath: runDirectory)) }

        /// Reads and checks a reproduce run (an `ExportError` is reported by `LTH.report`: bad input exit 2).
        func reproduceSource() throws -> ReproduceSource {
            try ReproduceSource(runDirectory: URL(fileURLWithPath: runDirectory), exporterVersion: LTH.version,
                                    gitCommit: ExportSource.gitCommitOfWorkingDirectory(), configFile: config)
        }

        /// Reads and checks the run (an `ExportError` is reported by `LTH.report`: bad input exit 2).
        func source() throws -> ExportSource {
            try ExportSource(runDirectory: URL(fileURLWithPath: runDirectory), partial: partial, exporterVersion: LTH.version,
                                 gitCommit: ExportSource.gitCommitOfWorkingDirectory(), configFile: config)
        }
    }

    /// `lth export notebook RUN_DIR [--out FILE.ipynb] [--partial] [--config FILE]`.
    struct Notebook: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "notebook",
            abstract: "Write an nbformat 4.5 notebook: provenance, theorems, tables, figures and Python cells that redraw them.",
            discussion: """
                Without --out: RUN_DIR/check.ipynb (RUN_DIR/check-partial.ipynb with --partial), or \
                RUN_DIR/reproduce.ipynb for a reproduce run. The Python cells need numpy and matplotlib only.

                Examples:
                  lth export notebook runs/demo
                  lth export notebook runs/demo --partial --out /tmp/demo-so-far.ipynb
                """)

        @OptionGroup var common: Common
        @Option(name: .customLong("out"), help: ArgumentHelp("The notebook to write.", valueName: "FILE.ipynb")) var out: String?

        func run() throws {
            if common.isReproduce {
                let source = try common.reproduceSource()
                let output = URL(fileURLWithPath: out ?? (common.runDirectory as NSString).appendingPathComponent("reproduce.ipynb"))
                try ReproduceNotebook.write(source, to: output)
                print("written (1 file):\n" + writtenFilesList([output]))
                return
            }
            let source = try common.source()
            let output = URL(fileURLWithPath: out ?? (common.runDirectory as NSString).appendingPathComponent(source.isPartial ? "check-partial.ipynb" : "check.ipynb"))
            try CheckNotebook.write(source, to: output)
            if source.isPartial {
                printError("lth: note: partial export: \(source.run.cells.count) of \(source.run.expectedRunCount) runs (m, seed); report files of the completed runs in \(source.reportDirectory.path)")
            }
            print("written (1 file):\n" + writtenFilesList([output]))
        }
    }

    /// `lth export report RUN_DIR [--out FILE.tex] [--no-compile] [--partial] [--config FILE]`.
    struct Report: ParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "report",
            abstract: "Write a self-contained LaTeX report and compile it to PDF with latexmk.",
            discussion: """
                Without --out: RUN_DIR/check-report.tex (RUN_DIR/check-partial-report.tex with \
                --partial; RUN_DIR/reproduce-report.tex for a reproduce run), and the PDF beside it. Compiling needs \(CheckReport.texPackages) \
                ('make deps-tex'); without latexmk the .tex is written and the command says how to get the PDF.

                Examples:
                  lth export report runs/demo
                  lth export report runs/reproduce --no-compile --out paper/reproduce.tex
                """)

        @OptionGroup var common: Common
        @Option(name: .customLong("out"), help: ArgumentHelp("The LaTeX file to write (the PDF goes beside it).", valueName: "FILE.tex")) var out: String?
        @Flag(name: .customLong("no-compile"), help: "Write the .tex only.") var noCompile = false

        func run() throws {
            let outcome: CheckReport.Outcome
            if common.isReproduce {
                let source = try common.reproduceSource()
                let output = URL(fileURLWithPath: out ?? (common.runDirectory as NSString).appendingPathComponent("reproduce-report.tex"))
                outcome = try ReproduceReport.write(source, to: output, compile: !noCompile)
            } else {
                let source = try common.source()
                let output = URL(fileURLWithPath: out ?? (common.runDirectory as NSString).appendingPathComponent(source.isPartial ? "check-partial-report.tex" : "check-report.tex"))
                outcome = try CheckReport.write(source, to: output, compile: !noCompile)
                if source.isPartial {
                    printError("lth: note: partial export: \(source.run.cells.count) of \(source.run.expectedRunCount) runs (m, seed)")
                }
            }
            switch outcome {
            case let .compiled(tex, pdf):
                print("written (2 files):\n" + writtenFilesList([tex, pdf]))
            case let .texOnly(tex, reason):
                print("written (1 file):\n" + writtenFilesList([tex]))
                if !noCompile { printError("lth: note: no PDF: \(reason)") }
            }
        }
    }
}
