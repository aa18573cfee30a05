import LinearAlgebra

/// Points uniform on the unit sphere S^(d-1) labelled by a random teacher two-layer ReLU
/// network.
///
/// - Points: x = g / ||g||_2 with g ~ N(0, I_d) (rotation invariance makes x uniform on
///   S^(d-1)); the norm is taken in float64, so ||x||_2 = 1 up to float32 rounding.
/// - Teacher (width W, default 8): v_j ~ N(0, I_d) for j = 0..<W, and balanced output
///   signs a_j = +1 for even j, -1 for odd j (the randomness is in the v_j, which are
///   symmetric, so fixing the order of the signs loses nothing and guarantees both labels
///   occur). The clean label is
///       y(x) = sign( sum_{j<W} a_j relu(v_j . x) ),   with tie rule sign(0) = +1.
/// - Label noise: each label is flipped independently with probability `noise`.
/// - Output: targets y in {+1, -1} (m x 1, C = 1); classLabels 0 for +1 and 1 for -1;
///   classCount 2; isUnitNorm true.
/// - Seeding: the teacher is drawn from `SeededGenerator(seed: derivedSeed(seed, stream: 0))`,
///   the points and noise of a sample from stream `stream` (1 for training, 2 for test by
///   convention), so train and test share the teacher but not the points, and the points do
///   not depend on `noise` (one uniform is drawn per point for the flip in every case).
///   Dot products are accumulated in float64 in index order, so the data set is the same
///   bits on every platform.
public struct SyntheticSphere: Sendable {
    /// Input dimension d (points on S^(d-1)).
    public let dimension: Int
    /// Teacher width W.
    public let teacherWidth: Int
    /// Seed of the teacher and of every sample.
    public let seed: UInt64
    /// Teacher hidden weights v_j, W x d, drawn in row order.
    public let teacherWeights: [[Double]]
    /// Teacher output signs a_j: +1 for even j, -1 for odd j.
    public var teacherSigns: [Double] { (0..<teacherWidth).map { $0 % 2 == 0 ? 1 : -1 } }

    /// Stream number of the training points.
    public static let trainStream: UInt64 = 1
    /// Stream number of the test points.
    public static let testStream: UInt64 = 2
    /// Default teacher width.
    public static let defaultTeacherWidth = 8

    /// Draws the teacher.
    /// - Throws: `DataError.invalidValue` for d < 1 or W < 1.
    public init(dimension: Int, teacherWidth: Int = SyntheticSphere.defaultTeacherWidth, seed: UInt64) throws {
        guard dimension >= 1 else {
            throw DataError.invalidValue(name: "the synthetic sphere dimension d", value: "\(dimension)", allowed: "integers >= 1")
        }
        guard teacherWidth >= 1 else {
            throw DataError.invalidValue(name: "the teacher width", value: "\(teacherWidth)", allowed: "integers >= 1")
        }
        self.dimension = dimension
        self.teacherWidth = teacherWidth
        self.seed = seed
        var generator = SeededGenerator(seed: SeededGenerator.derivedSeed(seed, stream: 0))
        teacherWeights = (0..<teacherWidth).map { _ in (0..<dimension).map { _ in generator.nextGaussian() } }
    }

    /// The teacher's output sum_j a_j relu(v_j . x) (float64, index order).
    public func teacherOutput(_ x: [Float]) -> Double {
        var total = 0.0
        for j in 0..<teacherWidth {
            var dot = 0.0
            for k in 0..<dimension { dot += teacherWeights[j][k] * Double(x[k]) }
            total += (j % 2 == 0 ? 1 : -1) * max(dot, 0)
        }
        return total
    }

    /// The clean label sign(teacherOutput(x)) with sign(0) = +1.
    public func teacherLabel(_ x: [Float]) -> Float {
        teacherOutput(x) >= 0 ? 1 : -1
    }

    /// m points with their (possibly flipped) labels from stream `stream`.
    /// - Parameters:
    ///   - count: m >= 1.
    ///   - noise: flip probability in [0, 1].
    ///   - stream: `trainStream`, `testStream`, or any other stream number.
    ///   - splitName: word used in the description ("train", "test").
    /// - Throws: `DataError.invalidValue` for m < 1 or noise outside [0, 1].
    public func sample(count: Int, noise: Double = 0, stream: UInt64 = SyntheticSphere.trainStream,
                       splitName: String = "train") throws -> Dataset {
        guard count >= 1 else {
            throw DataError.invalidValue(name: "the synthetic sample count m", value: "\(count)", allowed: "integers >= 1")
        }
        guard noise >= 0 && noise <= 1 else {
            throw DataError.invalidValue(name: "the label noise", value: "\(noise)", allowed: "flip probabilities in [0, 1]")
        }
        let d = dimension
        var generator = SeededGenerator(seed: SeededGenerator.derivedSeed(seed, stream: stream))
        var x = [Float](repeating: 0, count: count * d)
        var targets = [Float](repeating: 0, count: count)
        var labels = [Int](repeating: 0, count: count)
        var g = [Double](repeating: 0, count: d)
        var point = [Float](repeating: 0, count: d)
        var flipped = 0
        for i in 0..<count {
            var norm2 = 0.0
            repeat {
                norm2 = 0
                for k in 0..<d {
                    g[k] = generator.nextGaussian()
                    norm2 += g[k] * g[k]
                }
            } while norm2 == 0
            let norm = norm2.squareRoot()
            for k in 0..<d {
                point[k] = Float(g[k] / norm)
                x[i * d + k] = point[k]
            }
            var y = teacherLabel(point)
            if generator.nextBernoulli(noise) {
                y = -y
                flipped += 1
            }
            targets[i] = y
            labels[i] = y > 0 ? 0 : 1
        }
        let noiseText = noise > 0 ? ", label noise \(noise) (\(flipped) of \(count) labels flipped)" : ""
        return Dataset(
            x: Matrix(rows: count, columns: d, storage: x),
            targets: Matrix(rows: count, columns: 1, storage: targets),
            classLabels: labels, classCount: 2,
            description: "synthetic sphere \(splitName): \(count) points uniform on S^\(d - 1) in R^\(d), labels sign(sum_j a_j relu(v_j.x)) of a random teacher of width \(teacherWidth) (seed \(seed))\(noiseText), +1 as class 0 and -1 as class 1",
            isUnitNorm: true)
    }
}
