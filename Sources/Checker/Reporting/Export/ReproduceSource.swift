import Foundation

/// What the export of a `lth reproduce` results folder is made from:
///
///     RUN_DIR/configuration.json         the PaperExperimentConfiguration itself (every key)
///     RUN_DIR/units/m<M>-seed<S>.json    one unit per completed cell (m, seed) (`ExperimentUnits`)
///     RUN_DIR/tables.txt, tables.md, paper_*.csv, paper_*.tex, figure_paper_*.svg/.tex/.pdf (written last)
///
/// A folder is a reproduce folder when `configuration.json` is a JSON object with every key of
/// `PaperExperimentConfiguration` (as `lth reproduce` writes it) and no others; an `lth check`
/// folder records `{"hash": ..., "configuration": {...}}` instead. It is complete when every
/// cell (m, seed) of the configuration is there and `tables.txt` exists. The result is recomputed
/// from the cells (the data descriptions are read from the header of `tables.txt`), and every
/// export file must equal the recomputed one byte for byte, so the notebook and the report show
/// exactly what the cells give.
public struct ReproduceSource: Sendable {
    /// The folder, as given.
    public let directory: URL
    /// The recorded configuration.
    public let configuration: PaperExperimentConfiguration
    /// `configuration.hash` (see `PaperExperimentConfiguration+Hash`).
    public var configHash: String { configuration.hash }
    /// The result recomputed from the cells.
    public let result: PaperExperimentResult
    /// The version of the toolkit making the export.
    public let exporterVersion: String
    /// The git commit of the working directory at export time, when known (the run records none).
    public let gitCommit: String?
    /// The repository configuration file the run was made from (checked by hash), as given.
    public let configFile: String?

    /// Whether `directory/configuration.json` has the shape `lth reproduce` writes (see above).
    public static func isReproduceFolder(_ directory: URL) -> Bool {
        recordedConfiguration(directory) != nil
    }

    /// The keys of `configuration.json` when it is a reproduce configuration (its keys under
    /// their names, or a run written before the keys were renamed), else nil.
    static func recordedConfiguration(_ directory: URL) -> Data? {
        let renamed = Dictionary(uniqueKeysWithValues: PaperExperimentConfiguration.renamedKeyPairs.map { ($0.old, $0.new) })
        let url = directory.appendingPathComponent(PaperExperiment.configurationFileName)
        guard let data = FileManager.default.contents(atPath: url.path),
              let object = try? JSONSerialization.jsonObject(with: data) as? [String: Any],
              Set(object.keys.map { renamed[$0] ?? $0 }) == Set(PaperExperimentConfiguration.CodingKeys.allCases.map(\.rawValue)) else { return nil }
        return data
    }

    /// Reads and checks the folder and, with `configFile`, that the file's configuration hashes
    /// to the run's.
    /// - Throws: `ExportError.notARun` (missing folder, not a reproduce configuration, an invalid
    ///   one), `.unreadableConfiguration` / `.configurationMismatch` for `configFile`,
    ///   `.reproduceInProgress` (cells or tables missing), `.staleExports` (an export file that
    ///   is not the one the cells give).
    public init(runDirectory: URL, exporterVersion: String, gitCommit: String?, configFile: String?) throws {
        let path = runDirectory.path
        var isDirectory: ObjCBool = false
        guard FileManager.default.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue else {
            throw ExportError.notARun(path: path, reason: "no such folder")
        }
        guard Self.recordedConfiguration(runDirectory) != nil else {
            throw ExportError.notARun(path: path, reason: "configuration.json is not the configuration of lth reproduce")
        }
        let configuration: PaperExperimentConfiguration
        do {
            configuration = try PaperExperimentConfiguration.load(path: runDirectory.appendingPathComponent(PaperExperiment.configurationFileName).path)
        } catch {
            throw ExportError.notARun(path: path, reason: "configuration.json is not a valid lth reproduce configuration: \(error)")
        }
        if let configFile {
            let fileConfiguration: PaperExperimentConfiguration
            do { fileConfiguration = try PaperExperimentConfiguration.load(path: configFile) } catch {
                throw ExportError.unreadableConfiguration(file: configFile, reason: "\(error)")
            }
            guard fileConfiguration.hash == configuration.hash else {
                throw ExportError.configurationMismatch(file: configFile, fileHash: fileConfiguration.hash, runHash: configuration.hash)
            }
        }
        let steps = try configuration.checkpointSteps
        // The units are read without the data (an export loads none): each records its own subset's checksum.
        let experiment = PaperExperiment(configuration: configuration, outputFolder: runDirectory)
        let units = experiment.units
        var cells: [PaperExperimentCell] = []
        for m in configuration.sizes {
            for seed in configuration.seeds {
                let rowCount = steps.count * configuration.subnetworkSizes.count
                if let (cell, _) = try units.recorded(PaperExperimentCell.unitName(samples: m, seed: seed), as: PaperExperimentCell.self,
                                                      problem: { cell, _ in cell.problem(samples: m, seed: seed, rowCount: rowCount) }) {
                    cells.append(cell)
                }
            }
        }
        let total = configuration.sizes.count * configuration.seeds.count
        let header = FileManager.default.contents(atPath: runDirectory.appendingPathComponent("tables.txt").path)
        guard cells.count == total, let header else {
            throw ExportError.reproduceInProgress(path: path, completed: cells.count, total: total)
        }
        let lines = String(decoding: header, as: UTF8.self).split(separator: "\n").map(String.init)
        let trainPrefix = "Training data: ", trainSuffix = " (subsets of m samples per seed)", testPrefix = "Test data: "
        guard let train = lines.first(where: { $0.hasPrefix(trainPrefix) && $0.hasSuffix(trainSuffix) }),
              let test = lines.first(where: { $0.hasPrefix(testPrefix) }) else {
            throw ExportError.staleExports(path: path, file: "tables.txt")
        }
        let result = PaperExperimentResult(configuration: configuration, checkpointSteps: steps, cells: cells, reusedCells: cells.count,
                                           trainDescription: String(train.dropFirst(trainPrefix.count).dropLast(trainSuffix.count)),
                                           testDescription: String(test.dropFirst(testPrefix.count)))
        // The LaTeX files depend on --latex-float (a presentation choice), the rest only on the run.
        for export in result.exports() where !export.name.hasSuffix(".tex") {
            let recorded = FileManager.default.contents(atPath: runDirectory.appendingPathComponent(export.name).path)
            guard recorded == Data(export.contents.utf8) else { throw ExportError.staleExports(path: path, file: export.name) }
        }
        self.directory = runDirectory
        self.configuration = configuration
        self.result = result
        self.exporterVersion = exporterVersion
        self.gitCommit = gitCommit
        self.configFile = configFile
    }

    /// What the experiment tests, as paragraphs with inline math `$...$` only and no other
    /// special character of Markdown or LaTeX, so the same text goes into the notebook and the report.
    public static let claim: [String] = [
        "Wolfe, Liao, Wang, Kim and Kyrillidis (How much pre-training is enough to discover a good subnetwork?, arXiv 2108.00259) prove, for a two-layer network pruned by greedy forward selection, that the number of pre-training iterations after which the pruned network is good grows with the size $m$ of the training set, logarithmically: $t\\sim\\log m$. On MNIST they show the pruned accuracy plateauing later for larger $m$.",
        "This run tests that claim on Fashion-MNIST. For every training-set size $m$ and seed, a dense two-layer MLP is trained, and at every checkpoint $t$ greedy forward selection picks a subnetwork of $k$ neurons whose training loss and test accuracy (before and after a short fine-tuning) are measured. The plateau iteration $t_{\\mathrm{plateau}}$ of a curve is the first checkpoint after which it stays within the tolerance of its value at the last iteration $T$ (test accuracy: in points; greedy training loss: relative); a curve that settles only at $T$ is right-censored, one settled from $t=0$ is left out and counted.",
        "The claim predicts growth like $\\ln m$. The laws $t_{\\mathrm{plateau}}=\\alpha+\\beta\\ln m$, $\\alpha+\\beta m$ and $c\\,m^\\beta$ are fitted by maximum likelihood with the censoring in the likelihood and compared by AIC, with 95 percent intervals of $\\beta$; no law is fitted where fewer than 3 distinct $m$ have a settled curve. The least-squares fit on $\\ln m$ over the settled curves is kept for the figure (grows when the whole 95 percent interval of $\\beta$ lies above 0). The greedy training loss is also checked for monotonicity in $t$: where it rises, a first passage below a target is not for every later $t$.",
    ]

    /// One sentence on the state of the run.
    public var statusSentence: String {
        "Complete run of lth reproduce: all \(result.cells.count) cells (m, seed), their tables and figures (recomputed from the cells and equal to the files)."
    }

    /// The provenance as (label, value) pairs, in reading order, for a file written into
    /// `folder`: the run folder relative to it (`RelativePath`), never a path of this machine.
    public func provenanceItems(relativeTo folder: URL) -> [(label: String, value: String)] {
        [
            ("run folder", RelativePath.of(directory, from: folder) + " (relative to this file's folder)"),
            ("toolkit", "lth \(exporterVersion) (the exporting toolkit; the run itself records no version)"),
            ("git commit", ExportSource.commitSentence(gitCommit)),
            ("configuration hash", configHash + (configFile.map { " (the configuration of \($0))" } ?? "")
                + " (FNV-1a of the configuration without its comment)"),
            ("training data", result.trainDescription + "; each cell (m, seed) trains on its own subset of m samples, see the table of cells"),
            ("test data", result.testDescription),
            ("setup", result.setupSentence),
        ]
    }

    /// One row per cell: m, seed, the data checksum of its training subset.
    public var cellRows: [(samples: Int, seed: UInt64, checksum: String)] {
        result.cells.map { ($0.samples, $0.seed, $0.dataChecksum) }
    }
}
