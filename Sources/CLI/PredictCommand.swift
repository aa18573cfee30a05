import ArgumentParser
import Bounds
import Checker
import Engine
import Foundation

/// `lth predict RUN_DIR [--kernel infinite|initial] [--json]`: a dense NTK run beside its
/// kernel-regime prediction e_K(t) = (I - eta H)^t e(0) (THEORY.md section 9).
struct PredictCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "predict",
        abstract: "Compare a dense NTK run with its kernel-regime (linearized) prediction at every checkpoint.",
        discussion: """
            RUN_DIR is a finished 'lth train --model ntk' run of full-batch gradient descent \
            (no momentum, no weight decay). The training set is rebuilt from the run's data recipe \
            and checked against its checksum. With e = u - y on the training set and H = V diag(lambda) V^T \
            (one LAPACK eigendecomposition), the prediction is ||e_K(t)||^2 = sum_i (1 - eta lambda_i)^(2t) c_i^2, \
            c = V^T e(0). eta is the step on the sum loss: the run's lr for --reduction sum, lr/m for --reduction mean. \
            --kernel initial (default) uses H(0), the finite-width Gram at the run's initial weights, \
            for which e_K is exactly the residual of the network linearized at W(0); --kernel infinite \
            uses Hinf, the infinite-width approximation. delta(t) = ||e(t) - e_K(t)|| / ||e(0)||. \
            u(t) is evaluated in float64 from the checkpoint's float32 weights. When some eta lambda_i \
            lies outside (0, 2) the prediction diverges and no number is printed.

            Examples:
              lth predict runs/sphere
              lth predict runs/sphere --kernel infinite --json

            After the comparison, the run's hypothesis ledger: each event of Theorem A's proof \
            (delta = 0.1) measured against its bound over the run's checkpoints (THEORY.md section 10).
            """)

    @Argument(help: "A finished run directory of 'lth train --model ntk'.")
    var runDirectory: String

    @Option(help: "The kernel H: initial (H(0), exact linearization) or infinite (Hinf).")
    var kernel: KernelChoice = .initial

    @Flag(help: "Print a JSON object with key 'checkpoints' instead of the table.")
    var json = false

    func run() throws {
        let choice = kernel
        let comparison: KernelRegime.RunComparison
        do {
            let run = try RunDirectory(path: runDirectory)
            comparison = try KernelRegime.compare(runDirectory: run, kernel: choice)
        } catch let error as KernelRegimeError {
            throw UsageError(error.description)
        } catch let error as KernelPredictionError {
            printError("lth: error: \(error.description)")
            throw ExitCode(1)
        }
        if json {
            print(comparison.json().rendered(indent: 2))
        } else {
            print(TerminalTable.render(comparison.table()))
            switch comparison.ledger {
            case let .success(ledger): print("\n" + TerminalTable.render(ledger.table(eta: comparison.eta, width: comparison.width)))
            case let .failure(error): print("\nHypothesis ledger not measured: \(error.description)")
            }
        }
    }
}
