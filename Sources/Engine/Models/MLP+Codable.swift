import Foundation
import LinearAlgebra

/// An `MLP` kept on disk bit for bit: every weight matrix and bias as the little-endian IEEE 754
/// bits of its Float32 values (base64 in JSON), so a network read back is `==` to the one
/// written (a decimal rendering could round). Keys: `layers` (each `rows`, `columns`,
/// `weights`, `bias`) and `initialFirstLayerWeights` (W_1(0), the first layer's shape).
extension MLP: Codable {
    private enum CodingKeys: String, CodingKey { case layers, initialFirstLayerWeights }
    private enum LayerKeys: String, CodingKey { case rows, columns, weights, bias }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        var list = try container.nestedUnkeyedContainer(forKey: .layers)
        var layers: [DenseLayer] = []
        while !list.isAtEnd {
            let layer = try list.nestedContainer(keyedBy: LayerKeys.self)
            let rows = try layer.decode(Int.self, forKey: .rows), columns = try layer.decode(Int.self, forKey: .columns)
            let weights = try MLP.floats(layer.decode(Data.self, forKey: .weights), count: rows * columns, codingPath: layer.codingPath)
            let bias = try MLP.floats(layer.decode(Data.self, forKey: .bias), count: rows, codingPath: layer.codingPath)
            layers.append(DenseLayer(weights: Matrix(rows: rows, columns: columns, storage: weights), bias: bias))
        }
        guard layers.count >= 2, zip(layers, layers.dropFirst()).allSatisfy({ $0.outputCount == $1.inputCount }) else {
            throw DecodingError.dataCorruptedError(forKey: .layers, in: container, debugDescription: "the layers do not chain (at least two, each input the previous output)")
        }
        let initial = try MLP.floats(container.decode(Data.self, forKey: .initialFirstLayerWeights),
                                     count: layers[0].weights.storage.count, codingPath: container.codingPath)
        self.init(layers: layers, initialFirstLayerWeights: Matrix(rows: layers[0].outputCount, columns: layers[0].inputCount, storage: initial))
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        var list = container.nestedUnkeyedContainer(forKey: .layers)
        for layer in layers {
            var entry = list.nestedContainer(keyedBy: LayerKeys.self)
            try entry.encode(layer.outputCount, forKey: .rows)
            try entry.encode(layer.inputCount, forKey: .columns)
            try entry.encode(IEEEBits.data(layer.weights.storage), forKey: .weights)
            try entry.encode(IEEEBits.data(layer.bias), forKey: .bias)
        }
        try container.encode(IEEEBits.data(initialFirstLayerWeights.storage), forKey: .initialFirstLayerWeights)
    }

    private static func floats(_ data: Data, count: Int, codingPath: [any CodingKey]) throws -> [Float] {
        guard data.count == count * 4, let values = IEEEBits.floats(data) else {
            throw DecodingError.dataCorrupted(.init(codingPath: codingPath, debugDescription: "\(data.count) bytes for \(count) Float32 values"))
        }
        return values
    }
}
