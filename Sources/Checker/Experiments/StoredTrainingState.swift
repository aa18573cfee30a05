import Engine
import Foundation

/// An MLP's `TrainingState` kept as an experiment's state (`ExperimentUnits.keepState`) bit
/// for bit: the network (`MLP` Codable: Float32 bits), the momentum buffers as little-endian
/// Float32 bits, and the divergence reference and last step residual as IEEE 754 bit patterns.
struct StoredTrainingState: Codable {
    var step: Int
    var network: MLP
    var velocities: [Data]?
    var initialMeanLoss: UInt64
    var previousStepResidual: UInt64?

    init(_ state: TrainingState) {
        guard case .mlp(let network) = state.network else { preconditionFailure("experiments keep the states of MLP runs") }
        step = state.step
        self.network = network
        velocities = state.velocities?.map(IEEEBits.data)
        initialMeanLoss = state.initialMeanLoss.bitPattern
        previousStepResidual = state.previousStepResidual?.bitPattern
    }

    /// The state (a momentum buffer whose length is not a multiple of 4 bytes reads as empty,
    /// which `Trainer` refuses as a buffer of the wrong shape).
    var state: TrainingState {
        TrainingState(step: step, network: .mlp(network), velocities: velocities?.map { IEEEBits.floats($0) ?? [] }, initialMeanLoss: Double(bitPattern: initialMeanLoss), previousStepResidual: previousStepResidual.map { Double(bitPattern: $0) })
    }
}
