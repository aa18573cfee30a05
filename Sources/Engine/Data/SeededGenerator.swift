/// A seeded pseudo-random number generator, deterministic across runs and platforms:
/// xoshiro256** (Blackman and Vigna 2018) with its 256-bit state filled by SplitMix64
/// from a 64-bit seed.
///
/// - `next()`: xoshiro256**: result = rotl(s1 * 5, 7) * 9, then the state update
///   t = s1 << 17; s2 ^= s0; s3 ^= s1; s1 ^= s2; s0 ^= s3; s2 ^= t; s3 = rotl(s3, 45).
///   Period 2^256 - 1; all 64 output bits pass BigCrush.
/// - Seeding: the four state words are four successive SplitMix64 outputs starting from
///   `seed` (z += 0x9E3779B97F4A7C15; z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9;
///   z = (z ^ (z >> 27)) * 0x94D049BB133111EB; z ^ (z >> 31)), so nearby seeds give unrelated
///   streams and the state is never all zero.
/// - Uniforms: `nextUniform()` = (next() >> 11) * 2^-53 in [0, 1) (53 random bits);
///   `nextUniformFloat()` = (next() >> 40) * 2^-24 in [0, 1) (24 random bits).
/// - Gaussians: `nextGaussian()` uses Marsaglia's polar method: draw u, v uniform in (-1, 1)
///   until 0 < s = u^2 + v^2 < 1, then u * f and v * f with f = sqrt(-2 ln(s) / s) are two
///   independent N(0, 1) values; the second is kept for the next call. The logarithm is
///   `SeededGenerator.portableLog`, built from IEEE-754 +, -, *, / only, so the values do
///   not depend on the platform's libm (sqrt is correctly rounded by IEEE-754).
/// - Integers: `nextIndex(below:)` is Lemire's multiply-shift with rejection (unbiased).
///
/// Every method only uses integer arithmetic and correctly rounded IEEE-754 operations in a
/// fixed order, so one seed gives the same bits on every platform; the standard library's
/// `Int.random(in:using:)` is avoided because its algorithm may change between releases.
public struct SeededGenerator: RandomNumberGenerator, Sendable {
    private var s0: UInt64
    private var s1: UInt64
    private var s2: UInt64
    private var s3: UInt64
    /// The second value of the last polar-method pair, returned by the next `nextGaussian()`.
    private var spareGaussian: Double?

    /// A generator whose state is four successive SplitMix64 outputs from `seed`.
    public init(seed: UInt64) {
        var z = seed
        s0 = SeededGenerator.splitMix64(&z)
        s1 = SeededGenerator.splitMix64(&z)
        s2 = SeededGenerator.splitMix64(&z)
        s3 = SeededGenerator.splitMix64(&z)
        spareGaussian = nil
    }

    /// One SplitMix64 step (Steele, Lea, Flood 2014): advances `state` by the golden-ratio
    /// increment 0x9E3779B97F4A7C15 and returns the mixed value.
    public static func splitMix64(_ state: inout UInt64) -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    /// A seed for an independent stream derived from `seed` and a stream number, e.g. the
    /// training points (stream 1) and test points (stream 2) of one synthetic data set:
    /// two SplitMix64 mixes of seed ^ mix(stream), so different (seed, stream) pairs give
    /// unrelated generators.
    public static func derivedSeed(_ seed: UInt64, stream: UInt64) -> UInt64 {
        var a = stream ^ 0x5851_F42D_4C95_7F2D
        let streamMix = splitMix64(&a)
        var b = seed ^ streamMix
        _ = splitMix64(&b)
        return splitMix64(&b)
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ k: UInt64) -> UInt64 {
        (x << k) | (x >> (64 &- k))
    }

    /// The next 64 random bits (xoshiro256**).
    public mutating func next() -> UInt64 {
        let result = SeededGenerator.rotl(s1 &* 5, 7) &* 9
        let t = s1 << 17
        s2 ^= s0
        s3 ^= s1
        s1 ^= s2
        s0 ^= s3
        s2 ^= t
        s3 = SeededGenerator.rotl(s3, 45)
        return result
    }

    /// Uniform on [0, 1) with 53 random bits: (next() >> 11) * 2^-53.
    public mutating func nextUniform() -> Double {
        Double(next() >> 11) * 0x1.0p-53
    }

    /// Uniform on [0, 1) as a Float with 24 random bits: (next() >> 40) * 2^-24.
    public mutating func nextUniformFloat() -> Float {
        Float(next() >> 40) * 0x1.0p-24
    }

    /// -1 or +1 with probability 1/2 each (the top bit of `next()`: 0 gives +1).
    public mutating func nextSign() -> Float {
        (next() >> 63) == 0 ? 1 : -1
    }

    /// True with probability `p` (a uniform draw u < p; p <= 0 never, p >= 1 always).
    /// Always consumes exactly one 64-bit output, so later draws do not depend on `p`.
    public mutating func nextBernoulli(_ p: Double) -> Bool {
        nextUniform() < p
    }

    /// Uniform integer in 0..<bound, unbiased (Lemire 2019: the high word of next() * bound,
    /// rejecting the low word when it falls below 2^64 mod bound).
    /// - Precondition: bound > 0.
    public mutating func nextIndex(below bound: Int) -> Int {
        precondition(bound > 0, "nextIndex(below:) needs a positive bound")
        let n = UInt64(bound)
        var product = next().multipliedFullWidth(by: n)
        if product.low < n {
            let threshold = (0 &- n) % n
            while product.low < threshold {
                product = next().multipliedFullWidth(by: n)
            }
        }
        return Int(product.high)
    }

    /// A standard normal N(0, 1) value (Marsaglia polar method, see the type's
    /// documentation; values come in pairs, the second is returned by the next call).
    public mutating func nextGaussian() -> Double {
        if let spare = spareGaussian {
            spareGaussian = nil
            return spare
        }
        while true {
            let u = 2 * nextUniform() - 1
            let v = 2 * nextUniform() - 1
            let s = u * u + v * v
            if s > 0 && s < 1 {
                let f = (-2 * SeededGenerator.portableLog(s) / s).squareRoot()
                spareGaussian = v * f
                return u * f
            }
        }
    }

    /// mean + standardDeviation * z with z ~ N(0, 1) from `nextGaussian()`.
    public mutating func nextGaussian(mean: Double, standardDeviation: Double) -> Double {
        mean + standardDeviation * nextGaussian()
    }

    /// N(0, standardDeviation^2) rounded to Float (drawn in Double by `nextGaussian()`).
    public mutating func nextGaussianFloat(standardDeviation: Float = 1) -> Float {
        Float(Double(standardDeviation) * nextGaussian())
    }

    /// `count` independent N(0, standardDeviation^2) Floats, drawn in order.
    public mutating func gaussianFloats(count: Int, standardDeviation: Float = 1) -> [Float] {
        var values = [Float](repeating: 0, count: count)
        for i in 0..<count {
            values[i] = nextGaussianFloat(standardDeviation: standardDeviation)
        }
        return values
    }

    /// Natural logarithm for finite x > 0 using only IEEE-754 +, -, *, / (platform
    /// independent): write x = 2^k * f with f in [sqrt(1/2), sqrt(2)), then
    /// ln x = k ln 2 + 2 atanh(t), t = (f - 1)/(f + 1), |t| <= 0.1716, and
    /// 2 atanh(t) = 2 (t + t^3/3 + t^5/5 + ... + t^29/29) (truncation error below 1e-23).
    /// Agrees with libm's `log` to within a few units in the last place.
    /// - Precondition: x is finite and positive.
    public static func portableLog(_ x: Double) -> Double {
        precondition(x > 0 && x.isFinite, "portableLog needs a finite positive argument")
        var f = x
        var k = 0
        if !f.isNormal {  // subnormal: scale into the normal range exactly
            f *= 0x1.0p54
            k -= 54
        }
        k += Int(f.exponent)
        f = Double(sign: .plus, exponent: 0, significand: f.significand)  // f in [1, 2)
        if f >= 1.4142135623730951 {  // sqrt(2)
            f *= 0.5
            k += 1
        }
        let t = (f - 1) / (f + 1)
        let t2 = t * t
        // Horner evaluation of sum_{n=0}^{14} t^(2n) / (2n + 1), from the highest term down.
        var series = 1.0 / 29.0
        var n = 13
        while n >= 0 {
            series = series * t2 + 1.0 / Double(2 * n + 1)
            n -= 1
        }
        let ln2High = 0.6931471803691238       // high bits of ln 2 (exact products with k)
        let ln2Low = 1.9082149292705877e-10    // ln 2 - ln2High
        let kd = Double(k)
        return kd * ln2High + (2 * t * series + kd * ln2Low)
    }
}
