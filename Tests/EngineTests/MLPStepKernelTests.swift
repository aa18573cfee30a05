import CKernels
import Testing
import LinearAlgebra
@testable import Engine

/// The fused MLP step kernels (`CKernels/include/mlp_step.h`): their three builds agree bit for
/// bit over the whole chain (pack, forward, output, backward, update), their results do not
/// depend on how the panels or rows are split between calls, forward and output are within
/// float32 rounding of float64 references, backward and update follow their definitions within
/// rounding, and the padding neurons stay exactly +0.
@Suite struct MLPStepKernelTests {
    /// An SGD rule as plain numbers (`lth_sgd_rule` is made from it when a step is built).
    typealias Rule = (eta: Float, mu: Float, lambda: Float)

    /// A random instance: X (rows x d), W0 in panels (`TwoLayerMLPKernel.index`), b0 (np), W1
    /// (C x np), b1 (C), G1 = dl/dU (rows x C), and the velocities (random for the real neurons
    /// when the rule has momentum); every padding neuron (j >= n) has zero weights, bias and
    /// velocities, as in `TwoLayerMLPKernel`.
    struct Instance {
        let rows: Int, d: Int, n: Int, np: Int, classes: Int
        let rule: Rule
        var x: [Float], w0: [Float], b0: [Float], w1: [Float], b1: [Float], g1: [Float], v0: [Float], v1: [Float]

        init(rows: Int, d: Int, n: Int, classes: Int, rule: Rule, seed: UInt64) {
            self.rows = rows; self.d = d; self.n = n; self.classes = classes; self.rule = rule
            np = (n + 31) / 32 * 32
            var g = SeededGenerator(seed: seed)
            let np = np
            x = (0..<(rows * d)).map { _ in Float(g.nextGaussian()) }
            w0 = [Float](repeating: 0, count: np * d)
            for j in 0..<n { for k in 0..<d { w0[TwoLayerMLPKernel.index(k, j, d)] = Float(g.nextGaussian()) } }
            b0 = (0..<np).map { j in j < n ? Float(g.nextGaussian()) : 0 }
            w1 = (0..<(classes * np)).map { at in at % np < n ? Float(g.nextGaussian()) : 0 }
            b1 = (0..<classes).map { _ in Float(g.nextGaussian()) }
            g1 = (0..<(rows * classes)).map { _ in Float(g.nextGaussian()) }
            v0 = [Float](repeating: 0, count: np * d)
            v1 = [Float](repeating: 0, count: classes * np)
            if rule.mu > 0 {
                for j in 0..<n { for k in 0..<d { v0[TwoLayerMLPKernel.index(k, j, d)] = Float(g.nextGaussian()) } }
                for c in 0..<classes { for j in 0..<n { v1[c * np + j] = Float(g.nextGaussian()) } }
            }
        }
    }

    /// The bits of every output of a step (the velocities empty without momentum).
    struct Bits: Equatable {
        var z: [UInt32], u: [UInt32], g0: [UInt32], bias0: [UInt32], w1: [UInt32], v1: [UInt32], w0: [UInt32], v0: [UInt32]
    }

    /// The buffers of one step on an instance (as `TwoLayerMLPKernel` holds them: the layer's W0
    /// and W1 are the buffers the updates change in place), and the kernel calls. A kernel is
    /// called with the build `isa` through its `_with` entry point, or, when `isa` is nil,
    /// through the entry point that uses the process-wide build. The outputs start as NaN.
    final class Step {
        let rows: Int, d: Int, np: Int, classes: Int
        let rule: lth_sgd_rule
        let x, forwardX, updateX, w0, b0, w1, b1, g1, z, u, g0, bias0: UnsafeMutablePointer<Float>
        let v0, v1: UnsafeMutablePointer<Float>?

        init(_ s: Instance) {
            rows = s.rows; d = s.d; np = s.np; classes = s.classes
            rule = lth_sgd_rule(eta: s.rule.eta, mu: s.rule.mu, lambda: s.rule.lambda)
            let nan = { (count: Int) in [Float](repeating: .nan, count: count) }
            x = Self.make(s.x); forwardX = Self.make(nan(s.rows * s.d)); updateX = Self.make(nan(s.rows * s.d))
            w0 = Self.make(s.w0); b0 = Self.make(s.b0); w1 = Self.make(s.w1); b1 = Self.make(s.b1); g1 = Self.make(s.g1)
            z = Self.make(nan(s.rows * s.np)); u = Self.make(nan(s.rows * s.classes))
            g0 = Self.make(nan(s.rows * s.np)); bias0 = Self.make(nan(s.np))
            v0 = s.rule.mu > 0 ? Self.make(s.v0) : nil
            v1 = s.rule.mu > 0 ? Self.make(s.v1) : nil
        }

        deinit {
            for p in [x, forwardX, updateX, w0, b0, w1, b1, g1, z, u, g0, bias0] { p.deallocate() }
            v0?.deallocate(); v1?.deallocate()
        }

        static func make(_ values: [Float]) -> UnsafeMutablePointer<Float> {
            let p = UnsafeMutablePointer<Float>.allocate(capacity: max(values.count, 1))
            p.initialize(repeating: .nan, count: max(values.count, 1))
            values.withUnsafeBufferPointer { if let base = $0.baseAddress { p.update(from: base, count: values.count) } }
            return p
        }

        static func read(_ p: UnsafeMutablePointer<Float>?, _ count: Int) -> [Float] {
            guard let p else { return [] }
            return Array(UnsafeBufferPointer(start: p, count: count))
        }

        var layer: lth_mlp_layer {
            lth_mlp_layer(forward_x: forwardX, update_x: updateX, rows: Int64(rows), d: Int64(d), np: Int64(np),
                          classes: Int64(classes), w0: w0, b0: b0, w1: w1, b1: b1)
        }

        /// Where z_ij (and g0_ij) is stored: panels of rows x 32.
        func at(_ i: Int, _ j: Int) -> Int { (j / 32) * 32 * rows + 32 * i + j % 32 }

        func pack() { lth_mlp_pack_input(x, Int64(rows), Int64(d), forwardX, updateX) }

        func forward(_ isa: lth_isa?, _ pieces: [Range<Int>]) {
            var layer = layer
            for r in pieces {
                if let isa {
                    #expect(lth_mlp_forward_with(isa, &layer, Int64(r.lowerBound), Int64(r.upperBound), z) == 0)
                } else {
                    lth_mlp_forward(&layer, Int64(r.lowerBound), Int64(r.upperBound), z)
                }
            }
        }

        func output(_ isa: lth_isa?, _ pieces: [Range<Int>]) {
            var layer = layer
            for r in pieces {
                if let isa {
                    #expect(lth_mlp_output_with(isa, &layer, z, Int64(r.lowerBound), Int64(r.upperBound), u) == 0)
                } else {
                    lth_mlp_output(&layer, z, Int64(r.lowerBound), Int64(r.upperBound), u)
                }
            }
        }

        func backward(_ isa: lth_isa?, _ pieces: [Range<Int>]) {
            var layer = layer
            for r in pieces {
                if let isa {
                    #expect(lth_mlp_backward_with(isa, &layer, z, g1, rule, Int64(r.lowerBound), Int64(r.upperBound), g0, bias0, w1, v1) == 0)
                } else {
                    lth_mlp_backward(&layer, z, g1, rule, Int64(r.lowerBound), Int64(r.upperBound), g0, bias0, w1, v1)
                }
            }
        }

        func update(_ isa: lth_isa?, _ pieces: [Range<Int>]) {
            var layer = layer
            for r in pieces {
                if let isa {
                    #expect(lth_mlp_update_with(isa, &layer, g0, rule, Int64(r.lowerBound), Int64(r.upperBound), w0, v0) == 0)
                } else {
                    lth_mlp_update(&layer, g0, rule, Int64(r.lowerBound), Int64(r.upperBound), w0, v0)
                }
            }
        }

        /// The whole step: pack, forward over the panel pieces, output over the row pieces,
        /// backward and update over the panel pieces (whole ranges by default).
        func chain(_ isa: lth_isa?, panels: [Range<Int>]? = nil, rows rowPieces: [Range<Int>]? = nil) {
            let panels = panels ?? [0..<(np / 32)]
            pack()
            forward(isa, panels)
            output(isa, rowPieces ?? [0..<rows])
            backward(isa, panels)
            update(isa, panels)
        }

        func bits() -> Bits {
            func b(_ p: UnsafeMutablePointer<Float>?, _ count: Int) -> [UInt32] { Self.read(p, count).map(\.bitPattern) }
            return Bits(z: b(z, rows * np), u: b(u, rows * classes), g0: b(g0, rows * np), bias0: b(bias0, np),
                        w1: b(w1, classes * np), v1: b(v1, classes * np), w0: b(w0, np * d), v0: b(v0, np * d))
        }
    }

    /// Shapes (rows, d, n, C) covering: rows = 1, odd rows, rows not a multiple of 14 (row
    /// groups 8+7, 10+10+9, 14+13+13) and rows = 28 (two full groups); d = 1, d not a multiple
    /// of 14 and d = 28 (two full coordinate groups); n not a multiple of 32 (n = 1, 33, 50, 70,
    /// 100) and n = 32, 64; one to four panels; C = 1, 3, 10 (8+1+1 classes) and 13 (8+4+1).
    static let shapes: [(rows: Int, d: Int, n: Int, classes: Int)] = [
        (1, 1, 1, 1), (3, 5, 33, 3), (7, 1, 32, 10), (15, 29, 50, 13), (28, 28, 64, 1), (40, 30, 70, 10), (29, 15, 100, 13),
    ]

    /// No momentum (with and without weight decay), momentum, momentum with weight decay.
    static let rules: [Rule] = [(0.1, 0, 0), (0.05, 0.9, 0), (0.05, 0.9, 1e-3), (0.1, 0, 1e-3)]

    /// Runs `body` with each kernel build this CPU runs (passed explicitly: the process-wide
    /// choice, which other suites may change while this one runs, is not touched).
    static func eachBuild(_ body: (lth_isa) -> Void) {
        for isa in [LTH_ISA_GENERIC, LTH_ISA_AVX2, LTH_ISA_AVX512] where isa.rawValue <= lth_isa_supported().rawValue {
            body(isa)
        }
    }

    static func expectSame(_ a: Bits, _ b: Bits, _ context: String) {
        let fields: [(String, KeyPath<Bits, [UInt32]>)] = [
            ("z", \.z), ("u", \.u), ("g0", \.g0), ("bias0", \.bias0), ("w1", \.w1), ("v1", \.v1), ("w0", \.w0), ("v0", \.v0),
        ]
        for (name, path) in fields {
            #expect(a[keyPath: path] == b[keyPath: path], "\(name): \(context)")
        }
    }

    /// Partitions of 0..<count into consecutive pieces, listed in various orders: the whole
    /// range; [1, count) then [0, 1); four pieces (one empty) around count / 3, shuffled; and
    /// every single index, last first.
    static func partitions(_ count: Int) -> [[Range<Int>]] {
        func pieces(_ cuts: [Int]) -> [Range<Int>] {
            let bounds = [0] + cuts.map { min(max($0, 0), count) }.sorted() + [count]
            return (0..<(bounds.count - 1)).map { bounds[$0]..<bounds[$0 + 1] }
        }
        let third = pieces([count / 3, count / 3 + 1, count / 3 + 1])
        return [pieces([]), pieces([1]).reversed(), [third[2], third[0], third[3], third[1]], pieces(Array(1..<max(count, 1))).reversed()]
    }

    /// gamma_m = m u / (1 - m u), u = 2^-24: |prod (1 + delta_t)^(+-1) - 1| <= gamma_m for m
    /// factors with |delta_t| <= u, so a value formed from terms each of which passes through
    /// at most m float32 roundings is within gamma_m times the sum of the terms' magnitudes.
    static func gamma(_ m: Int) -> Double {
        let mu = Double(m) * 0x1p-24
        return mu / (1 - mu)
    }

    static func name(_ isa: lth_isa) -> String { String(cString: lth_isa_name(isa)) }

    @Test func theBuildsGiveTheSameBits() {
        // A build beyond the widest the CPU runs (on an AVX-512 CPU, no build at all) is refused:
        // -1 and nothing written.
        do {
            let beyond = lth_isa(rawValue: lth_isa_supported().rawValue + 1)
            let step = Step(Instance(rows: 3, d: 5, n: 33, classes: 3, rule: Self.rules[2], seed: 1))
            step.pack()
            let before = step.bits()
            var layer = step.layer
            #expect(lth_mlp_forward_with(beyond, &layer, 0, 2, step.z) == -1, "a build the CPU lacks is refused")
            #expect(lth_mlp_output_with(beyond, &layer, step.z, 0, 3, step.u) == -1)
            #expect(lth_mlp_backward_with(beyond, &layer, step.z, step.g1, step.rule, 0, 2, step.g0, step.bias0, step.w1, step.v1) == -1)
            #expect(lth_mlp_update_with(beyond, &layer, step.g0, step.rule, 0, 2, step.w0, step.v0) == -1)
            #expect(step.bits() == before, "a refused call writes nothing")
        }
        for (index, shape) in Self.shapes.enumerated() {
            for (r, rule) in Self.rules.enumerated() {
                let instance = Instance(rows: shape.rows, d: shape.d, n: shape.n, classes: shape.classes, rule: rule,
                                        seed: UInt64(100 + 10 * index + r))
                var results: [(String, Bits)] = []
                Self.eachBuild { isa in
                    let step = Step(instance)
                    step.chain(isa)
                    results.append((Self.name(isa), step.bits()))
                }
                // The process-wide entry points run one of these builds (whichever is selected
                // now), so they give the same bits too.
                let step = Step(instance)
                step.chain(nil)
                results.append(("process-wide", step.bits()))
                for other in results.dropFirst() {
                    Self.expectSame(other.1, results[0].1, "\(other.0) vs \(results[0].0), shape \(shape), rule \(rule)")
                }
            }
        }
    }

    @Test func splittingTheWorkChangesNoBit() {
        let isa = lth_isa_active()
        for (index, shape) in Self.shapes.enumerated() {
            for (r, rule) in Self.rules.enumerated() {
                let instance = Instance(rows: shape.rows, d: shape.d, n: shape.n, classes: shape.classes, rule: rule,
                                        seed: UInt64(200 + 10 * index + r))
                let whole = Step(instance)
                whole.chain(isa)
                let reference = whole.bits()
                let panelSplits = Self.partitions(instance.np / 32), rowSplits = Self.partitions(shape.rows)
                for t in 0..<max(panelSplits.count, rowSplits.count) {
                    let (panels, rows) = (panelSplits[t % panelSplits.count], rowSplits[t % rowSplits.count])
                    let step = Step(instance)
                    step.chain(isa, panels: panels, rows: rows)
                    Self.expectSame(step.bits(), reference, "\(Self.name(isa)), shape \(shape), rule \(rule), panels \(panels), rows \(rows)")
                }
            }
        }
    }

    /// Forward: z_ij = fl(s + b0_j), s a chain of d fused multiply-adds from +0, so each term
    /// (a product x_ik w0_jk, or b0_j) passes through at most d + 1 roundings: gamma_(d+1).
    ///
    /// Output, against the float64 sum formed from the kernel's own z (so only the output's
    /// rounding is tested): each of the 16 vector lanes sums, by fused multiply-adds from +0,
    /// 2 np / 32 = np / 16 products (the two 16-neuron halves of every panel), then the 4-level
    /// halving fold (16 -> 1) and the final + b1_c: at most np / 16 + 4 + 1 roundings per term,
    /// gamma_(np/16 + 5). (The header's wording, 32 lanes of rounded products added over the
    /// panels and a 5-level fold, gives at most 1 + (np/32 - 1) + 5 + 1 = np/32 + 6 <= np/16 + 5,
    /// so the bound covers that order too.)
    @Test func forwardAndOutputAreWithinFloat32RoundingOfFloat64() {
        Self.eachBuild { isa in
            for (index, shape) in Self.shapes.enumerated() {
                let s = Instance(rows: shape.rows, d: shape.d, n: shape.n, classes: shape.classes, rule: Self.rules[0],
                                 seed: UInt64(300 + index))
                let (rows, d, np, classes) = (s.rows, s.d, s.np, s.classes)
                let step = Step(s)
                step.pack()
                step.forward(isa, [0..<(np / 32)])
                step.output(isa, [0..<rows])
                let z = Step.read(step.z, rows * np), u = Step.read(step.u, rows * classes)
                var failures: [String] = []
                let gammaForward = Self.gamma(d + 1)
                for i in 0..<rows {
                    for j in 0..<np {
                        var exact = Double(s.b0[j]), magnitude = abs(Double(s.b0[j]))
                        for k in 0..<d {
                            let p = Double(s.x[i * d + k]) * Double(s.w0[TwoLayerMLPKernel.index(k, j, d)])
                            exact += p; magnitude += abs(p)
                        }
                        let z = Double(z[step.at(i, j)])
                        if !(abs(z - exact) <= gammaForward * magnitude) { failures.append("z[\(i)][\(j)] = \(z) vs \(exact)") }
                    }
                }
                let gammaOutput = Self.gamma(np / 16 + 5)
                for i in 0..<rows {
                    for c in 0..<classes {
                        var exact = Double(s.b1[c]), magnitude = abs(Double(s.b1[c]))
                        for j in 0..<np {
                            let zij = z[step.at(i, j)]
                            let p = (zij <= 0 ? 0 : Double(zij)) * Double(s.w1[c * np + j])
                            exact += p; magnitude += abs(p)
                        }
                        let u = Double(u[i * classes + c])
                        if !(abs(u - exact) <= gammaOutput * magnitude) { failures.append("u[\(i)][\(c)] = \(u) vs \(exact)") }
                    }
                }
                #expect(failures.isEmpty, "\(Self.name(isa)), shape \(shape): \(failures.count) outside the bound, \(failures.prefix(4))")
            }
        }
    }

    /// With mu = 0 and lambda = 0 (so beta = fl(1 - fl(eta 0)) = 1 and fl(beta w) = w), eta = 0.3
    /// (not a power of two, so fl(eta dW) rounds):
    /// - g0_ij = +0 where z_ij < 0; else dh_ij, C terms fl(g1_ic w1_cj) (or fused multiply-adds)
    ///   from +0, each through at most C roundings: gamma_C sum_c |g1_ic w1_cj|;
    /// - bias0_j, rows terms g0_ij added from +0 (the first addition exact): gamma_(rows-1)
    ///   sum_i |g0_ij|, against the float64 column sum of the kernel's g0;
    /// - a weight update w' = fl(w - fl(eta dW~)), dW~ the float32 gradient (rows fused
    ///   multiply-adds or rounded products added: |dW~ - dW| <= gamma_rows S, S the sum of the
    ///   terms' magnitudes). With fl(eta dW~) = eta dW~ (1 + d1) and |fl(y) - y| <= u |fl(y)|:
    ///   |(w - w') / eta - dW| <= gamma_rows S + u |dW~| + u |w'| / eta
    ///                         <= gamma_(rows+1) S + u |w'| / eta   (|dW~| <= (1 + gamma_rows) S),
    ///   plus 2^-50 |(w - w') / eta| for the float64 evaluation of the left side. dW1_cj =
    ///   sum_i g1_ic relu(z_ij) and dW0_jk = sum_i g0_ij x_ik, from the kernel's z and g0.
    @Test func backwardAndUpdateFollowTheirDefinitions() {
        let rule: Rule = (0.3, 0, 0)
        let eta = Double(rule.eta)
        Self.eachBuild { isa in
            for (index, shape) in Self.shapes.enumerated() {
                let s = Instance(rows: shape.rows, d: shape.d, n: shape.n, classes: shape.classes, rule: rule,
                                 seed: UInt64(400 + index))
                let (rows, d, np, classes) = (s.rows, s.d, s.np, s.classes)
                let step = Step(s)
                step.chain(isa)
                let z = Step.read(step.z, rows * np), g0 = Step.read(step.g0, rows * np), bias0 = Step.read(step.bias0, np)
                let w1 = Step.read(step.w1, classes * np), w0 = Step.read(step.w0, np * d)
                let relu = { (i: Int, j: Int) -> Double in let v = z[step.at(i, j)]; return v <= 0 ? 0 : Double(v) }
                var failures: [String] = []
                let gammaHidden = Self.gamma(classes)
                for i in 0..<rows {
                    for j in 0..<np {
                        let (zij, gij) = (z[step.at(i, j)], g0[step.at(i, j)])
                        if zij < 0 {
                            if gij.bitPattern != 0 { failures.append("g0[\(i)][\(j)] = \(gij) where z = \(zij)") }
                            continue
                        }
                        var exact = 0.0, magnitude = 0.0
                        for c in 0..<classes {
                            let p = Double(s.g1[i * classes + c]) * Double(s.w1[c * np + j])
                            exact += p; magnitude += abs(p)
                        }
                        if !(abs(Double(gij) - exact) <= gammaHidden * magnitude) { failures.append("g0[\(i)][\(j)] = \(gij) vs \(exact)") }
                    }
                }
                let gammaBias = Self.gamma(rows - 1)
                for j in 0..<np {
                    var exact = 0.0, magnitude = 0.0
                    for i in 0..<rows { let v = Double(g0[step.at(i, j)]); exact += v; magnitude += abs(v) }
                    if !(abs(Double(bias0[j]) - exact) <= gammaBias * magnitude) { failures.append("bias0[\(j)] = \(bias0[j]) vs \(exact)") }
                }
                let gammaUpdate = Self.gamma(rows + 1)
                func checkUpdate(_ name: String, before: Float, after: Float, exact: Double, magnitude: Double) {
                    let change = (Double(before) - Double(after)) / eta
                    let bound = gammaUpdate * magnitude + 0x1p-24 * abs(Double(after)) / eta + 0x1p-50 * abs(change)
                    if !(abs(change - exact) <= bound) { failures.append("\(name): (w - w')/eta = \(change) vs \(exact)") }
                }
                for c in 0..<classes {
                    for j in 0..<np {
                        var exact = 0.0, magnitude = 0.0
                        for i in 0..<rows { let p = Double(s.g1[i * classes + c]) * relu(i, j); exact += p; magnitude += abs(p) }
                        checkUpdate("w1[\(c)][\(j)]", before: s.w1[c * np + j], after: w1[c * np + j], exact: exact, magnitude: magnitude)
                    }
                }
                for j in 0..<np {
                    for k in 0..<d {
                        var exact = 0.0, magnitude = 0.0
                        for i in 0..<rows { let p = Double(g0[step.at(i, j)]) * Double(s.x[i * d + k]); exact += p; magnitude += abs(p) }
                        let at = TwoLayerMLPKernel.index(k, j, d)
                        checkUpdate("w0[\(j)][\(k)]", before: s.w0[at], after: w0[at], exact: exact, magnitude: magnitude)
                    }
                }
                #expect(failures.isEmpty, "\(Self.name(isa)), shape \(shape): \(failures.count) outside the bound, \(failures.prefix(4))")
            }
        }
    }

    /// Several steps with momentum and weight decay (new samples and G1 each step): every
    /// padding neuron's weights and velocities in W0 and W1, its bias gradient, its G0 column
    /// and its Z column are +0 (bit pattern 0) after every step.
    @Test func paddingNeuronsStayZero() {
        let rule: Rule = (0.05, 0.9, 1e-3)
        Self.eachBuild { isa in
            for (index, shape) in Self.shapes.enumerated() where shape.n % 32 != 0 {
                let s = Instance(rows: shape.rows, d: shape.d, n: shape.n, classes: shape.classes, rule: rule,
                                 seed: UInt64(500 + index))
                let (rows, d, n, np, classes) = (s.rows, s.d, s.n, s.np, s.classes)
                var g = SeededGenerator(seed: UInt64(600 + index))
                let step = Step(s)
                for t in 0..<4 {
                    if t > 0 {
                        for at in 0..<(rows * d) { step.x[at] = Float(g.nextGaussian()) }
                        for at in 0..<(rows * classes) { step.g1[at] = Float(g.nextGaussian()) }
                    }
                    step.chain(isa)
                    let bits = step.bits()
                    var failures: [String] = []
                    for j in n..<np {
                        for k in 0..<d {
                            let at = TwoLayerMLPKernel.index(k, j, d)
                            if bits.w0[at] != 0 || bits.v0[at] != 0 { failures.append("w0/v0[\(j)][\(k)]") }
                        }
                        for c in 0..<classes where bits.w1[c * np + j] != 0 || bits.v1[c * np + j] != 0 {
                            failures.append("w1/v1[\(c)][\(j)]")
                        }
                        if bits.bias0[j] != 0 { failures.append("bias0[\(j)]") }
                        for i in 0..<rows where bits.g0[step.at(i, j)] != 0 || bits.z[step.at(i, j)] != 0 {
                            failures.append("g0/z[\(i)][\(j)]")
                        }
                    }
                    #expect(failures.isEmpty, "\(Self.name(isa)), shape \(shape), step \(t): not +0: \(failures.prefix(6))")
                }
            }
        }
    }
}
