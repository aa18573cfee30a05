extension Trainer {
    /// The training state at step 0 (the initial network, momentum buffers of zeros, the
    /// divergence reference l(0) / m), exactly as the run's own checkpoint 0 hands it out: the
    /// state from which `advance(from:to:)` and `run(from:)` take the steps of a fresh run.
    /// - Throws: what `run(from:onStep:onCheckpoint:)` throws before its first checkpoint.
    public func initialState() throws -> TrainingState {
        struct FirstCheckpointReached: Error {}
        var first: TrainingState?
        do {
            try run(onCheckpoint: { checkpoint in
                first = checkpoint.trainingState
                throw FirstCheckpointReached()
            })
        } catch is FirstCheckpointReached {}
        guard let first, first.step == 0 else { preconditionFailure("every schedule starts with checkpoint 0") }
        return first
    }
}
