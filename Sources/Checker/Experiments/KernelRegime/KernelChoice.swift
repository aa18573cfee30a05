/// Which kernel H the kernel-regime prediction of a dense NTK run uses (THEORY.md section 9).
public enum KernelChoice: String, Sendable, Codable, CaseIterable {
    /// Hinf, the infinite-width Gram of the training points (`InfiniteWidthGram`): the
    /// infinite-width approximation; e(t) - e_K(t) then also contains H(0) - Hinf.
    case infinite
    /// H(0), the finite-width Gram at the run's initial weights (`FiniteWidthGram`): e_K(t) is
    /// then exactly the residual of the network linearized in W at W(0).
    case initial

    /// The symbol used in tables: "Hinf" or "H(0)".
    public var symbol: String { self == .infinite ? "Hinf" : "H(0)" }
}
