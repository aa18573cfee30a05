import ArgumentParser
import Engine

/// The iterations T of `--steps` in the full-batch commands (`lth check`, `lth sweep`): N, Nit
/// or Nep as everywhere (`TrainingLength`); with full-batch gradient descent an epoch is one
/// iteration, so Nep = Nit = N.
/// - Throws: `UsageError` naming --steps.
func fullBatchSteps(_ text: String) throws -> Int {
    let length: TrainingLength
    do { length = try TrainingLength(parsing: text) } catch { throw UsageError("--steps: \(error)") }
    return length.iterations(perEpoch: 1)
}
