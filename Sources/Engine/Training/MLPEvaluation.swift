/// Loss and accuracy of an `MLP` on a labelled data set, computed by the training kernel's
/// forward pass in chunks of at most `chunk` rows (float32 products, float64 loss sums).
///
/// Accuracy is the fraction of samples whose first largest output is the class label (one
/// output: sign against the +-1 target, as in `Trainer`); the error is 1 - accuracy.
public struct MLPEvaluation: Sendable {
    public var loss: Loss
    /// Rows per forward pass.
    public var chunk: Int

    public init(loss: Loss = Loss(kind: .crossEntropy, reduction: .mean), chunk: Int = 1000) {
        self.loss = loss
        self.chunk = max(1, chunk)
    }

    /// (loss with `loss.reduction`, accuracy) of `model` on `data`.
    /// - Throws: `TrainingError.invalidArgument` when the data does not fit the network.
    public func evaluate(_ model: MLP, on data: Dataset) throws -> (loss: Double, accuracy: Double) {
        guard data.sampleCount > 0, data.dimension == model.inputCount else {
            throw TrainingError.invalidArgument("the evaluation set must be non-empty with dimension \(model.inputCount) (has \(data.sampleCount) rows of dimension \(data.dimension))")
        }
        if loss.kind == .crossEntropy {
            guard let labels = data.classLabels, labels.allSatisfy({ (0..<model.outputCount).contains($0) }) else {
                throw TrainingError.invalidArgument("cross-entropy evaluation needs class labels in 0..<\(model.outputCount)")
            }
        }
        let kernel = model.trainingKernel(capacity: min(chunk, data.sampleCount), loss: loss,
                               update: SGDUpdate(learningRate: 0, momentum: 0, weightDecay: 0))
        let buffers = DataBuffers(data, outputs: model.outputCount)
        let e = kernel.evaluate(x: buffers.x, targets: buffers.y, labels: buffers.labels, rows: data.sampleCount)
        let m = Double(data.sampleCount)
        return (loss.reduction == .mean ? e.loss / m : e.loss, Double(e.correct) / m)
    }

    /// 1 - accuracy of `model` on `data`.
    public func error(_ model: MLP, on data: Dataset) throws -> Double {
        1 - (try evaluate(model, on: data).accuracy)
    }
}
