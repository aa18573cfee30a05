import Bounds
import Engine
import Foundation
import LinearAlgebra

/// The result folder of `lth prune greedy`, written as a `StagedFolder` (to `FOLDER.incomplete`,
/// locked and marked, then renamed; an existing FOLDER is never replaced): `selection.json` and the pruned network as numpy arrays:
/// `W.npy` (K x d first-layer weights of the K distinct selected neurons, in increasing index
/// order), `b.npy` (K x C effective output weights featureScale * count_r * b_r / k), `bias.npy`
/// (C), `neurons.npy` (the K neuron indices, float64). The pruned network computes
/// bias + sum_r b_r relu(w_r . x) over the selected neurons: exactly bias + (1/k) sum_j phi_{r_j}.
enum PrunedNetworkFolder {
    /// Creates `FOLDER.incomplete`, locked and marked (after the selection is computed, so that
    /// bad options leave nothing behind; `StagedFolder.check` refuses a taken path before it).
    static func stage(_ folder: String, run: String, checkpoint: Int, variant: String, k: Int) throws -> StagedFolder {
        try StagedFolder(path: folder, owner: OutputFolder.Owner(command: "lth prune greedy", settings: [
            ("run", run), ("checkpoint", String(checkpoint)), ("variant", variant), ("k", String(k))]))
    }

    /// Writes the files into the staged folder and renames it into place.
    static func write(to staged: StagedFolder, selection: GreedySelection, network: Network, denseSumLoss: Double,
                      diameterBound: Double, theoremBBounds: [Double], checkpoint: Int, run: String,
                      dataChecksum: String, reduction: LossReduction) throws {
        let working = staged.workingPath
        let weights = network.firstLayerWeights.current
        let d = weights.columns
        var selected = [Float]()
        selected.reserveCapacity(selection.selectedNeurons.count * d)
        for r in selection.selectedNeurons { selected += weights.row(r) }
        try NPYArray(float32: selected, shape: [selection.selectedNeurons.count, d]).write(to: working + "/W.npy")
        try NPYArray(selection.prunedOutputWeights).write(to: working + "/b.npy")
        try NPYArray(float32: selection.outputBias, shape: [selection.outputBias.count]).write(to: working + "/bias.npy")
        try NPYArray(float64: selection.selectedNeurons.map(Double.init), shape: [selection.selectedNeurons.count]).write(to: working + "/neurons.npy")
        let m = Double(selection.sampleCount)
        let json: JSONValue = .object([
            ("run", .string(run)),
            ("checkpoint", .integer(checkpoint)),
            ("variant", .string(selection.variant.description)),
            ("k", .integer(selection.size)),
            ("tie_rule", .string("lowest neuron index among equal scores")),
            ("loss_convention", .string("sum_losses are 1/2 ||v_j - y||^2; mean_losses divide by m = \(selection.sampleCount); the run reports \(reduction.rawValue)")),
            ("data_checksum", .string(dataChecksum)),
            ("picks", .array(selection.picks.map { .integer($0) })),
            ("selected_neurons", .array(selection.selectedNeurons.map { .integer($0) })),
            ("multiplicities", .array(selection.multiplicities.map { .integer($0) })),
            ("sum_losses", .array(selection.sumLosses.map { .number($0) })),
            ("mean_losses", .array(selection.sumLosses.map { .number($0 / m) })),
            ("stopped_at_target", .bool(selection.stoppedAtTarget)),
            ("dense_sum_loss", .number(denseSumLoss)),
            ("diameter_bound", .number(diameterBound)),
            ("theorem_b_sum_bounds", .array(theoremBBounds.map { .number($0) })),
        ])
        try AtomicFile.write(Data((json.rendered(indent: 2) + "\n").utf8), to: URL(fileURLWithPath: working + "/selection.json"))
        try staged.finish()
    }

}
