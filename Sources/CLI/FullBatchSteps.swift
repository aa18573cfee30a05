import ArgumentParser
import Engine

/// The iterations T of `--steps` in the full-batch commands (`lth check`, `lth sweep`, the
/// target of `lth subsetsum ticket`): N, Nit or Nep as everywhere (`TrainingLength`); with
/// full-batch gradient descent an epoch is one iteration, so Nep = Nit = N.
/// - Throws: `UsageError` naming `flag` (the spelling typed).
func fullBatchSteps(_ text: String, flag: String = "--steps") throws -> Int {
    let length: TrainingLength
    do { length = try TrainingLength(parsing: text) } catch { throw UsageError("\(flag): \(error)") }
    return length.iterations(perEpoch: 1)
}
