import Bounds
import Engine
import LinearAlgebra

/// The events Theorem A's proof needs, measured in one run against the theorem's own constants
/// (THEORY.md section 10; constants from `TheoremA` with delta split in four, lambda_0 =
/// lambda_min(Hinf) of the run's data from LAPACK):
///
/// - E1 `gram`:      ||H(0) - Hinf||_2 <= lambda_0 / 4                  (spectral norm);
/// - E2 `boundary`:  s_R = (1/N) sum_i #{r : |w_r(0).x_i| <= R} <= lambda_0 / (16 sqrt m);
/// - E3 `initial`:   ||e(0)||^2 <= B;
/// - E4 `movement`:  max_r ||w_r(t) - w_r(0)|| <= R' (the theorem's conclusion, R' from the
///   measured ||e(0)||) and `radius`: <= R (what the proof needs), maximum over the checkpoints;
/// - E5 `eigenvalue`: min over the checkpoints of lambda_min(H(t)) >= lambda_0 / 2;
/// - E6 `switches`:  max over the checkpoints of the realized switch fraction
///   s(t) = (1/N) sum_i #{r : sign(w_r(t).x_i) != sign(w_r(0).x_i)} <= lambda_0 / (16 sqrt m)
///   (sign: >= 0 is active, as in training);
/// - E7 `contraction`: the proof's one-step factor with measured quantities in place of the
///   worst case, rho(t) = 1 - 2 eta lambda_min(H(t)) + 4 eta sqrt(m) s(t) + eta^2 lambda_max(H(t))^2,
///   maximum over the checkpoints, against the rate 1 - eta lambda_0 / 2 the theorem promises.
///   (The proof's 1 - 3/2 eta lambda_0 + 8 eta sqrt(m) s + eta^2 m^2 bounds lambda_min(H(t)) below
///   by 3/4 lambda_0 - 2 sqrt(m) s and lambda_max(H(t)) above by m; with the measured values those
///   two steps are not needed, which removes 4 eta sqrt(m) s. rho(t) is an evaluation of the proof's
///   inequality, not a bound on the measured ratio ||e(t+1)||^2 / ||e(t)||^2.)
/// Pre-activations in float64 from the float32 weights. Each event *holds* or *fails*; an event
/// is a hypothesis of the proof, not a bound, so no "vacuous" applies.
public struct HypothesisLedger: Sendable, Equatable, Codable {
    /// One event: what was measured and its bound.
    public struct Event: Sendable, Equatable, Codable {
        public let key: String
        public let statement: String
        public let measured: Double
        public let bound: Double
        /// true when measured <= bound ("at most") ; false for "at least" events.
        public let isUpperBound: Bool
        public var holds: Bool { isUpperBound ? measured <= bound : measured >= bound }
    }

    public let events: [Event]
    /// lambda_0 = lambda_min(Hinf), N_req and eta_max of Theorem A for this run.
    public let lambda0: Double
    public let widthRequired: Double
    public let etaMax: Double

    /// A ledger from its parts (tests build tables from fixed ledgers with it).
    init(events: [Event], lambda0: Double, widthRequired: Double, etaMax: Double) {
        self.events = events
        self.lambda0 = lambda0
        self.widthRequired = widthRequired
        self.etaMax = etaMax
    }

    /// Measures every event for a run with initial network `initial`, later checkpoints
    /// `checkpoints` (networks after training steps, in any order) on data (x, y), step eta on
    /// the sum loss, failure probability delta.
    public init(inputs x: Matrix<Float>, targets y: [Float], initial: TwoLayerNTK, checkpoints: [TwoLayerNTK],
                eta: Double, delta: Double = 0.1) throws {
        let m = x.rows, n = initial.width
        let hinf = KernelRegime.kernelMatrix(.infinite, inputs: x, initialWeights: initial.initialWeights)
        let h0 = KernelRegime.kernelMatrix(.initial, inputs: x, initialWeights: initial.initialWeights)
        let hinfSpectrum = try SymmetricEigendecomposition(symmetric: hinf, order: m, vectors: false)
        let lambda0 = hinfSpectrum.eigenvalues[0]
        let difference = zip(h0, hinf).map { $0 - $1 }
        let gramDistance = try SymmetricEigendecomposition(symmetric: difference, order: m, vectors: false).spectralNorm
        let targetNorm2 = y.reduce(0.0) { $0 + Double($1) * Double($1) }
        let theorem = try TheoremA(NetworkParameters(samples: m, width: n, dimension: x.columns, lambda0: lambda0,
                                                     learningRate: eta, delta: delta, kappa: initial.kappa,
                                                     targetNorm2: targetNorm2))
        let e0 = initial.float64Residual(on: x, targets: y)
        let e0Norm2 = e0.reduce(0) { $0 + $1 * $1 }
        let z0 = TwoLayerNTK.float64PreActivations(weights: initial.initialWeights, x: x)
        let radius = theorem.radiusR
        let boundary = Double(z0.filter { abs($0) <= radius }.count) / Double(n)
        let switchBound = lambda0 / (16 * Double(m).squareRoot())
        var movement = 0.0, switches = 0.0, smallest = Double.infinity, contraction = -Double.infinity
        for network in [initial] + checkpoints {
            movement = max(movement, WeightMovement.maximum(current: network.weights, initial: initial.initialWeights))
            let z = TwoLayerNTK.float64PreActivations(weights: network.weights, x: x)
            var changed = 0
            for k in z.indices where (z[k] >= 0) != (z0[k] >= 0) { changed += 1 }
            let switchFraction = Double(changed) / Double(n)
            switches = max(switches, switchFraction)
            let h = FiniteWidthGram.matrix(weights: network.weights, x: x)
            let spectrum = try SymmetricEigendecomposition(symmetric: h, order: m, vectors: false).eigenvalues
            smallest = min(smallest, spectrum[0])
            contraction = max(contraction, Self.contractionFactor(eta: eta, samples: m, lambdaMin: spectrum[0],
                                                                  lambdaMax: spectrum[m - 1], switchFraction: switchFraction))
        }
        events = [
            Event(key: "gram", statement: "||H(0) - Hinf||_2 <= lambda0/4", measured: gramDistance, bound: lambda0 / 4, isUpperBound: true),
            Event(key: "boundary", statement: "s_R <= lambda0/(16 sqrt m)", measured: boundary, bound: switchBound, isUpperBound: true),
            Event(key: "initial", statement: "||e(0)||^2 <= B", measured: e0Norm2, bound: theorem.initialLossBoundB, isUpperBound: true),
            Event(key: "movement", statement: "max_r ||w_r(t) - w_r(0)|| <= R'", measured: movement,
                  bound: theorem.movementRadius(initialResidualNorm2: e0Norm2), isUpperBound: true),
            Event(key: "radius", statement: "max_r ||w_r(t) - w_r(0)|| <= R", measured: movement, bound: radius, isUpperBound: true),
            Event(key: "eigenvalue", statement: "min_t lambda_min(H(t)) >= lambda0/2", measured: smallest, bound: lambda0 / 2, isUpperBound: false),
            Event(key: "switches", statement: "max_t s(t) <= lambda0/(16 sqrt m)", measured: switches, bound: switchBound, isUpperBound: true),
            Event(key: "contraction", statement: "max_t rho(t) <= 1 - eta lambda0/2", measured: contraction,
                  bound: 1 - eta * lambda0 / 2, isUpperBound: true),
        ]
        self.lambda0 = lambda0
        widthRequired = theorem.widthRequired
        etaMax = theorem.etaMax
    }

    /// The one-step factor of Theorem A's proof with measured spectra and switch fraction:
    /// rho = 1 - 2 eta lambda_min + 4 eta sqrt(m) s + eta^2 lambda_max^2 (see E7 above).
    public static func contractionFactor(eta: Double, samples m: Int, lambdaMin: Double, lambdaMax: Double,
                                         switchFraction s: Double) -> Double {
        1 - 2 * eta * lambdaMin + 4 * eta * Double(m).squareRoot() * s + eta * eta * lambdaMax * lambdaMax
    }
}
