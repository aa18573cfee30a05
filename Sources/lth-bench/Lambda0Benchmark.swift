import Bounds
import COpenBLAS
import LinearAlgebra

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Certified lambda_0 against a dense eigensolver on the same matrix, in the same run.
///
/// For each m: m points uniform on the unit sphere S^15 (d = 16; seeded Gaussian vectors from
/// SplitMix64 + Box-Muller, normalised), Hinf from ``InfiniteWidthGram/matrix(points:)``, then
/// ``Lambda0Certificate/compute(gram:entryError:firstStage:)`` and LAPACKE_dsyevr (range 'I',
/// il = iu = 1, column-major, eigenvalues only) on a copy of the same matrix. "certified" is the
/// whole pipeline from the points (gram + estimate + certificate); the speed-up compares it with
/// gram + dsyevr.
enum Lambda0Benchmark {
    static let dimension = 16

    static func run(sizes: [Int] = [2000, 8000]) {
        run(sizes: sizes, firstStage: .single)
    }

    static func run(sizes: [Int], firstStage: Lambda0Certificate.FirstStagePrecision) {
        let clock = ContinuousClock()
        for m in sizes {
            let points = spherePoints(count: m, dimension: dimension, seed: 0x5EED_0000 &+ UInt64(m))
            let gramStart = clock.now
            let gram = InfiniteWidthGram.matrix(points: points)
            let gramSeconds = seconds(clock.now - gramStart)
            let entryError = InfiniteWidthGram.entryErrorBound(
                dimension: dimension, maxNorm2: InfiniteWidthGram.maxNorm2(points: points))
            let certificate: Lambda0Certificate
            do {
                certificate = try Lambda0Certificate.compute(gram: gram, entryError: entryError, firstStage: firstStage)
            } catch {
                print("lambda0 m=\(m): \(error)")
                continue
            }
            let certifiedSeconds = gramSeconds + certificate.estimateSeconds + certificate.certificateSeconds

            let denseStart = clock.now
            let dense = smallestEigenvalue(gram)
            let denseSeconds = seconds(clock.now - denseStart)

            let speedUp = (gramSeconds + denseSeconds) / certifiedSeconds
            print("lambda0 m=\(m): certified \(format(certifiedSeconds)) s (gram \(format(gramSeconds)) s, "
                + "estimate \(format(certificate.estimateSeconds)) s, certificate \(format(certificate.certificateSeconds)) s), "
                + "dsyevr \(format(denseSeconds)) s, speed-up \(format(speedUp, digits: 1))x, "
                + "lambda_hat=\(certificate.estimate), certified_lower=\(certificate.certifiedLowerBound), dsyevr=\(dense), "
                + "first_stage=\(certificate.firstStagePrecision.rawValue), factorizations=\(certificate.factorizations), "
                + "lanczos=\(certificate.estimateIterations)+\(certificate.refinementIterations), "
                + "relative_gap=\(format((dense - certificate.certifiedLowerBound) / dense, scientific: true))")
        }
    }

    /// The smallest eigenvalue from LAPACKE_dsyevr (range 'I', il = iu = 1, column-major).
    static func smallestEigenvalue(_ gram: Matrix<Double>) -> Double {
        let m = gram.rows
        var a = gram.storage
        var found: Int32 = 0
        var w = [Double](repeating: 0, count: m)
        var z = [Double](repeating: 0, count: 1)
        var support = [Int32](repeating: 0, count: 2 * max(1, m))
        let info = LAPACKE_dsyevr(LAPACK_COL_MAJOR, CChar(UInt8(ascii: "N")), CChar(UInt8(ascii: "I")),
                                  CChar(UInt8(ascii: "U")), Int32(m), &a, Int32(m), 0, 0, 1, 1, 0,
                                  &found, &w, &z, 1, &support)
        return info == 0 && found == 1 ? w[0] : .nan
    }

    /// m points uniform on the unit sphere in R^d: standard Gaussian vectors (SplitMix64 uniforms,
    /// Box-Muller), each divided by its norm.
    static func spherePoints(count m: Int, dimension d: Int, seed: UInt64) -> Matrix<Double> {
        var generator = GaussianGenerator(seed: seed)
        var storage = [Double](repeating: 0, count: m * d)
        for i in 0..<m {
            var norm2 = 0.0
            repeat {
                norm2 = 0
                for k in 0..<d {
                    let g = generator.next()
                    storage[i * d + k] = g
                    norm2 += g * g
                }
            } while norm2 == 0
            let norm = norm2.squareRoot()
            for k in 0..<d { storage[i * d + k] /= norm }
        }
        return Matrix(rows: m, columns: d, storage: storage)
    }

    /// Standard normal variates: SplitMix64 for uniforms, Box-Muller (both outputs used).
    struct GaussianGenerator {
        var state: UInt64
        var spare: Double?

        init(seed: UInt64) { state = seed }

        mutating func nextUniform() -> Double {
            state &+= 0x9E37_79B9_7F4A_7C15
            var z = state
            z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
            z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
            z ^= z >> 31
            return Double(z >> 11) * 0x1p-53  // in [0, 1)
        }

        mutating func next() -> Double {
            if let spare { self.spare = nil; return spare }
            let u1 = 1 - nextUniform()  // in (0, 1]
            let u2 = nextUniform()
            let radius = (-2 * log(u1)).squareRoot()
            let angle = 2 * Double.pi * u2
            spare = radius * sin(angle)
            return radius * cos(angle)
        }
    }

    static func seconds(_ duration: Duration) -> Double {
        return duration.inSeconds
    }

    static func format(_ x: Double, digits: Int = 2, scientific: Bool = false) -> String {
        if scientific {
            guard x != 0, x.isFinite else { return "\(x)" }
            let exponent = Int((abs(x)).log10Floor)
            let mantissa = x / pow10(exponent)
            return "\(format(mantissa, digits: 2))e\(exponent)"
        }
        let scale = pow10(digits)
        let rounded = (x * scale).rounded() / scale
        var text = "\(rounded)"
        if let dot = text.firstIndex(of: ".") {
            let decimals = text.distance(from: dot, to: text.endIndex) - 1
            if decimals < digits { text += String(repeating: "0", count: digits - decimals) }
        }
        return text
    }

    static func pow10(_ n: Int) -> Double {
        var result = 1.0
        for _ in 0..<abs(n) { result *= 10 }
        return n >= 0 ? result : 1 / result
    }
}

private extension Double {
    /// floor(log10(self)) for a positive finite value.
    var log10Floor: Double {
        var exponent = 0.0
        var x = self
        while x >= 10 { x /= 10; exponent += 1 }
        while x < 1 { x *= 10; exponent -= 1 }
        return exponent
    }
}
