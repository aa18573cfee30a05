extension RunDirectoryWriter {
    /// Trains `trainer` (the configuration this directory was opened for) into the directory
    /// and finishes it: from `resumeState` when an interrupted run was taken over, otherwise from
    /// the start; every step's loss (`step.loss`) and contraction (`step.contraction`) go to
    /// metrics.jsonl, every checkpoint is written with its training state and then passed to
    /// `onCheckpoint`. A failure (divergence) flushes the metrics and leaves `workingPath` as it is.
    /// - Throws: `TrainingError`, `OutputError`, `RunDirectoryError`.
    public func record(_ trainer: Trainer, seed: UInt64, data: String, onCheckpoint: (Checkpoint) -> Void) throws {
        do {
            try trainer.run(from: resumeState, onStep: { record in
                self.appendMetric("step.loss", step: record.step, value: record.loss)
                if let c = record.contraction { self.appendMetric("step.contraction", step: record.step, value: c) }
            }, onCheckpoint: { checkpoint in
                try self.writeCheckpoint(checkpoint, seed: seed, data: data)
                onCheckpoint(checkpoint)
            })
        } catch {
            try? flushMetrics()
            throw error
        }
        try finish()
    }
}
