import COpenBLAS
import LinearAlgebra

/// Pensia et al.'s (2020) block: a pair of random layers, pruned (never trained) so that
/// x -> M2 relu(M1 x) approximates a linear map x -> W x, W of size d' x d.
///
/// The random pair: hidden neurons indexed (k, s), k < d, s < n (index k n + s), so the hidden
/// width is n d; M1 (n d x d) and M2 (d' x n d) have independent entries, M1 uniform on [-1, 1]
/// and M2 uniform on [-a, a] with a = `scale` = max(1, max |W_jk|) (a = 1 whenever the target's
/// weights lie in [-1, 1], the setting of the theorem; a > 1 only widens the range so that
/// larger trained weights stay reachable).
///
/// The pruning: neuron (k, s) keeps only its weight from input k, b_ks = M1[(k,s), k] (all other
/// entries of M1 are pruned whatever their value, so they are not drawn). Because
/// relu(b t) = b t for b t >= 0 and 0 otherwise, the output weights c_{j,(k,s)} = M2[j, (k,s)]
/// kept for s in S_jk give, for an input x = t e_k,
///     t * alpha+_jk  (t >= 0),  alpha+_jk = sum_{s in S_jk, b_ks > 0} c_{j,(k,s)} b_ks,
///     t * alpha-_jk  (t < 0),   alpha-_jk = sum_{s in S_jk, b_ks < 0} c_{j,(k,s)} b_ks,
/// and the block is exact on each orthant direction up to |alpha+- - W_jk| (the ReLU identity
/// w t = w relu(t) - w relu(-t) realised by the positive- and negative-b neurons). The two
/// halves of S_jk are chosen independently, each as the subset of the products c b (over
/// b > 0, respectively b < 0) whose sum is nearest to W_jk, exactly, by
/// `MeetInTheMiddle.bestSubset` (neurons with b = 0 are never kept). Output j is
/// sum_k (block_jk applied to x_k), so the error is ||(alpha+- - W) x||, with each entry of
/// alpha+- - W at most `maximumWeightError` in absolute value.
///
/// Random draws: b_ks for k = 0..<d, s = 0..<n in that order, 2u - 1 with u from
/// `SeededGenerator(seed: derivedSeed(seed, stream: 1))`; c_{j,(k,s)} row by row (j outer, then
/// k, then s), a (2u - 1) with u from `derivedSeed(seed, stream: 2)`.
public struct PrunedLayerPair: Sendable {
    /// The largest n: each sign group of a neuron's n weights must fit `MeetInTheMiddle.limit`.
    public static let samplesLimit = MeetInTheMiddle.limit

    /// d.
    public let inputCount: Int
    /// d'.
    public let outputCount: Int
    /// n, the width factor: the hidden layer has n d neurons.
    public let samplesPerInput: Int
    /// a: the second layer's entries are uniform on [-a, a].
    public let scale: Double
    /// b_ks, index k n + s.
    public let firstLayer: [Double]
    /// Whether neuron (k, s) keeps its weight b_ks (some output uses it).
    public let keptNeurons: [Bool]
    /// M2 with the pruned entries set to 0, d' x n d row-major.
    public let secondLayer: Matrix<Double>
    /// The number of kept entries of M2.
    public let keptSecondLayerCount: Int
    /// alpha+_jk and alpha-_jk as computed by the subset search, d' x d row-major.
    public let positiveSlopes: [Double]
    public let negativeSlopes: [Double]
    /// max over j, k of |alpha+-_jk - W_jk|.
    public let maximumWeightError: Double

    /// Draws the random pair and prunes it to approximate `target` (d' x d).
    /// - Throws: `SubsetSumError.invalidParameter` for n outside 1...`samplesLimit` or a
    ///   non-finite target weight.
    public init(approximating target: Matrix<Double>, samplesPerInput n: Int, seed: UInt64) throws {
        guard (1...PrunedLayerPair.samplesLimit).contains(n) else {
            throw SubsetSumError.invalidParameter(.samplesPerWeight, value: "\(n)", allowed: "an integer in 1...\(PrunedLayerPair.samplesLimit)")
        }
        guard target.storage.allSatisfy(\.isFinite) else {
            throw SubsetSumError.invalidParameter(.targetWeights, value: "a non-finite weight", allowed: "finite weights")
        }
        let d = target.columns, dOut = target.rows
        inputCount = d
        outputCount = dOut
        samplesPerInput = n
        let a = max(1, target.storage.map(abs).max() ?? 0)
        scale = a
        var g1 = SeededGenerator(seed: SeededGenerator.derivedSeed(seed, stream: 1))
        let b = (0..<(n * d)).map { _ in 2 * g1.nextUniform() - 1 }
        firstLayer = b
        var g2 = SeededGenerator(seed: SeededGenerator.derivedSeed(seed, stream: 2))
        var m2 = Matrix<Double>(rows: dOut, columns: n * d, repeating: 0)
        var kept = [Bool](repeating: false, count: n * d)
        var plus = [Double](repeating: 0, count: dOut * d), minus = plus
        var worst = 0.0
        var keptCount = 0
        var c = [Double](repeating: 0, count: n)
        for j in 0..<dOut {
            for k in 0..<d {
                for s in 0..<n { c[s] = a * (2 * g2.nextUniform() - 1) }
                let w = target[j, k]
                for positive in [true, false] {
                    let group = (0..<n).filter { positive ? b[k * n + $0] > 0 : b[k * n + $0] < 0 }
                    let products = group.map { c[$0] * b[k * n + $0] }
                    let best = try MeetInTheMiddle.bestSubset(products, target: w)
                    for i in best.indices {
                        let s = group[i]
                        m2[j, k * n + s] = c[s]
                        kept[k * n + s] = true
                        keptCount += 1
                    }
                    if positive { plus[j * d + k] = best.sum } else { minus[j * d + k] = best.sum }
                    worst = max(worst, best.error)
                }
            }
        }
        keptNeurons = kept
        secondLayer = m2
        keptSecondLayerCount = keptCount
        positiveSlopes = plus
        negativeSlopes = minus
        maximumWeightError = worst
    }

    /// Kept weights: the kept b_ks plus the kept entries of M2.
    public var keptWeightCount: Int { keptNeurons.filter { $0 }.count + keptSecondLayerCount }
    /// Weights of the random pair before pruning: n d * d + d' * n d.
    public var randomWeightCount: Int { samplesPerInput * inputCount * inputCount + outputCount * samplesPerInput * inputCount }

    /// The pruned block applied to every row of `x` (m x d): M2 relu(M1 x), an m x d' matrix.
    /// The hidden layer relu(b_ks x_k) is formed for the kept neurons (0 elsewhere), then one
    /// `cblas_dgemm` multiplies by the pruned M2.
    public func apply(_ x: Matrix<Double>) -> Matrix<Double> {
        precondition(x.columns == inputCount, "input dimension \(x.columns) does not match the block's \(inputCount)")
        let m = x.rows, n = samplesPerInput, d = inputCount, width = n * d
        var hidden = [Double](repeating: 0, count: m * width)
        hidden.withUnsafeMutableBufferPointer { h in
            x.storage.withUnsafeBufferPointer { xs in
                firstLayer.withUnsafeBufferPointer { bs in
                    keptNeurons.withUnsafeBufferPointer { ks in
                        for i in 0..<m {
                            for k in 0..<d {
                                let t = xs[i * d + k]
                                for s in 0..<n where ks[k * n + s] {
                                    let z = bs[k * n + s] * t
                                    h[i * width + k * n + s] = z > 0 ? z : 0
                                }
                            }
                        }
                    }
                }
            }
        }
        var out = [Double](repeating: 0, count: m * outputCount)
        if m > 0 && outputCount > 0 && width > 0 {
            cblas_dgemm(CblasRowMajor, CblasNoTrans, CblasTrans, Int32(m), Int32(outputCount), Int32(width),
                        1, hidden, Int32(width), secondLayer.storage, Int32(width), 0, &out, Int32(outputCount))
        }
        return Matrix(rows: m, columns: outputCount, storage: out)
    }
}
