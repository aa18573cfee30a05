import Foundation
import LinearAlgebra

/// Writing and reading one checkpoint folder (`checkpoints/step-000500/`): the `.npy` arrays
/// listed in `CheckpointMeta` plus `meta.json`.
public enum CheckpointFolder {
    /// The folder name of a step: `step-` and the step zero-padded to 6 digits.
    public static func name(step: Int) -> String {
        let digits = String(step)
        return "step-" + String(repeating: "0", count: max(0, 6 - digits.count)) + digits
    }

    /// Writes the arrays and meta.json of `checkpoint` into `folder` (created if needed).
    /// `initialWeights`, when given, is an existing `W0.npy` to hard-link instead of writing a copy.
    public static func write(_ checkpoint: Checkpoint, seed: UInt64, data: String, to folder: String,
                             initialWeights: String? = nil) throws {
        let fm = FileManager.default
        try AtomicFile.createFolder(URL(fileURLWithPath: folder))
        var arrays: [String: NPYArray] = [:]
        var kappa: Double? = nil
        var featureScale: Double? = nil
        let network = checkpoint.network
        switch network {
        case .ntk(let n):
            arrays["W.npy"] = NPYArray(n.weights)
            arrays["a.npy"] = NPYArray(float32: n.outputSigns, shape: [n.width])
            kappa = n.kappa
            featureScale = Double(Float(n.width).squareRoot())
        case .mlp(let n):
            let layers = n.layers
            arrays["W.npy"] = NPYArray(layers[0].weights)
            arrays["bias.npy"] = NPYArray(float32: layers[0].bias, shape: [layers[0].outputCount])
            for l in 1..<(layers.count - 1) {
                arrays["W\(l + 1).npy"] = NPYArray(layers[l].weights)
                arrays["bias\(l + 1).npy"] = NPYArray(float32: layers[l].bias, shape: [layers[l].outputCount])
            }
            let out = layers[layers.count - 1]
            var b = [Float](repeating: 0, count: out.inputCount * out.outputCount)
            for o in 0..<out.outputCount { for r in 0..<out.inputCount { b[r * out.outputCount + o] = out.weights[o, r] } }
            arrays["b.npy"] = NPYArray(float32: b, shape: [out.inputCount, out.outputCount])
            arrays["c.npy"] = NPYArray(float32: out.bias, shape: [out.outputCount])
            if layers.count == 2 { featureScale = Double(layers[0].outputCount) }
        }
        let initial = network.firstLayerWeights.initial
        for (file, array) in arrays { try array.write(to: folder + "/" + file) }
        let w0Path = folder + "/W0.npy"
        try? fm.removeItem(atPath: w0Path)
        if let initialWeights, (try? fm.linkItem(atPath: initialWeights, toPath: w0Path)) != nil {
            // hard link to the run's single copy of W(0)
        } else {
            try NPYArray(initial).write(to: w0Path)
        }
        var shapes = arrays.mapValues(\.shape)
        shapes["W0.npy"] = [initial.rows, initial.columns]
        let meta = CheckpointMeta(model: network.kind, step: checkpoint.step, seed: seed, dimension: network.inputCount,
                                  hiddenWidths: network.hiddenWidths, outputs: network.outputCount, kappa: kappa,
                                  featureScale: featureScale, data: data, arrays: shapes,
                                  measurements: checkpoint.measurements)
        try JSONFiles.write(meta, to: folder + "/meta.json")
    }

    /// Reads meta.json of a checkpoint folder and checks that it describes a network:
    /// dimension, outputs and every hidden width >= 1, one hidden layer for ntk, a step >= 0,
    /// kappa (when present) finite and > 0, and every array's element count within Int.
    /// - Throws: `RunDirectoryError.unreadable` naming meta.json and the first problem.
    public static func meta(at folder: String) throws -> CheckpointMeta {
        let path = folder + "/meta.json"
        let meta = try JSONFiles.read(CheckpointMeta.self, from: path)
        func fail(_ reason: String) -> RunDirectoryError { .unreadable(path: path, reason: reason) }
        guard !meta.hiddenWidths.isEmpty, meta.hiddenWidths.allSatisfy({ $0 >= 1 }) else {
            throw fail("hiddenWidths \(meta.hiddenWidths) (allowed: one or more integers >= 1)")
        }
        if meta.model == .ntk, meta.hiddenWidths.count != 1 {
            throw fail("an ntk checkpoint has hiddenWidths \(meta.hiddenWidths) (allowed: exactly one width)")
        }
        guard meta.dimension >= 1 else { throw fail("dimension \(meta.dimension) (allowed: an integer >= 1)") }
        guard meta.outputs >= 1 else { throw fail("outputs \(meta.outputs) (allowed: an integer >= 1)") }
        if meta.model == .ntk, meta.outputs != 1 { throw fail("an ntk checkpoint has outputs \(meta.outputs) (allowed: 1)") }
        guard meta.step >= 0 else { throw fail("step \(meta.step) (allowed: an integer >= 0)") }
        if let kappa = meta.kappa, !(kappa.isFinite && kappa > 0) { throw fail("kappa \(kappa) (allowed: a finite number > 0)") }
        if let scale = meta.featureScale, !(scale.isFinite && scale > 0) {
            throw fail("featureScale \(scale) (allowed: a finite number > 0)")
        }
        for (file, shape) in meta.expectedArrays.sorted(by: { $0.key < $1.key }) {
            var count = 1
            for n in shape {
                let (product, overflow) = count.multipliedReportingOverflow(by: n)
                guard !overflow, product <= Int.max / 8 else { throw fail("\(file) would have shape \(shape), more elements than an Int can count") }
                count = product
            }
        }
        return meta
    }

    /// Loads the network of a checkpoint folder, verifying the model kind (when `expecting` is
    /// given), every array's shape against meta.json, its dtype (float32, or float64 rounded to
    /// float32) and that every weight is finite (a float64 beyond float32's range is not).
    public static func load(from folder: String, expecting kind: ModelKind? = nil) throws -> (meta: CheckpointMeta, network: Network) {
        let meta = try meta(at: folder)
        if let kind, kind != meta.model {
            throw RunDirectoryError.modelMismatch(path: folder, found: meta.model.rawValue, expected: kind.rawValue)
        }
        var values: [String: [Float]] = [:]
        for (file, shape) in meta.expectedArrays.sorted(by: { $0.key < $1.key }) {
            if let listed = meta.arrays[file], listed != shape {
                throw RunDirectoryError.shapeMismatch(path: folder, file: "meta.json entry \(file)", found: listed, expected: shape)
            }
            let array: NPYArray
            do { array = try NPYArray.read(from: folder + "/" + file) } catch {
                throw RunDirectoryError.unreadable(path: folder + "/" + file, reason: "\(error)")
            }
            guard array.shape == shape else {
                throw RunDirectoryError.shapeMismatch(path: folder, file: file, found: array.shape, expected: shape)
            }
            guard let floats = array.float32Values else {
                throw RunDirectoryError.unreadable(path: folder + "/" + file, reason: "expected float32 values ('<f4' or '<f8'), found '\(array.elementType.rawValue)'")
            }
            if let index = floats.firstIndex(where: { !$0.isFinite }) {
                throw RunDirectoryError.unreadable(path: folder + "/" + file,
                                                   reason: "element \(index) is \(floats[index]) (allowed: finite weights)")
            }
            values[file] = floats
        }
        let d = meta.dimension, widths = meta.hiddenWidths
        let w0 = Matrix(rows: widths[0], columns: d, storage: values["W0.npy"]!)
        switch meta.model {
        case .ntk:
            let w = Matrix(rows: widths[0], columns: d, storage: values["W.npy"]!)
            return (meta, .ntk(TwoLayerNTK(weights: w, outputSigns: values["a.npy"]!, initialWeights: w0, kappa: meta.kappa ?? 1)))
        case .mlp:
            var layers = [DenseLayer(weights: Matrix(rows: widths[0], columns: d, storage: values["W.npy"]!), bias: values["bias.npy"]!)]
            for l in 1..<widths.count {
                layers.append(DenseLayer(weights: Matrix(rows: widths[l], columns: widths[l - 1], storage: values["W\(l + 1).npy"]!),
                                         bias: values["bias\(l + 1).npy"]!))
            }
            let last = widths[widths.count - 1], c = meta.outputs
            let b = values["b.npy"]!
            var w = [Float](repeating: 0, count: c * last)
            for r in 0..<last { for o in 0..<c { w[o * last + r] = b[r * c + o] } }
            layers.append(DenseLayer(weights: Matrix(rows: c, columns: last, storage: w), bias: values["c.npy"]!))
            return (meta, .mlp(MLP(layers: layers, initialFirstLayerWeights: w0)))
        }
    }
}

/// JSON helpers: pretty-printed, sorted keys, errors naming the file.
enum JSONFiles {
    static func write<T: Encodable>(_ value: T, to path: String) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        encoder.nonConformingFloatEncodingStrategy = .convertToString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        let data: Data
        do { data = try encoder.encode(value) } catch {
            throw RunDirectoryError.unreadable(path: path, reason: "cannot encode JSON (\(error))")
        }
        try AtomicFile.write(data, to: URL(fileURLWithPath: path))
    }

    static func read<T: Decodable>(_ type: T.Type, from path: String) throws -> T {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw RunDirectoryError.unreadable(path: path, reason: "missing or unreadable file")
        }
        let decoder = JSONDecoder()
        decoder.nonConformingFloatDecodingStrategy = .convertFromString(positiveInfinity: "Infinity", negativeInfinity: "-Infinity", nan: "NaN")
        do { return try decoder.decode(T.self, from: data) } catch {
            throw RunDirectoryError.unreadable(path: path, reason: "invalid JSON for \(T.self) (\(error))")
        }
    }
}
