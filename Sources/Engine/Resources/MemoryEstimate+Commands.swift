import Foundation

/// The estimates of the commands' stages. Sizes: P parameters, m training and m_t test
/// samples, d inputs, C outputs, N_l hidden widths (sum SN), B the batch, K checkpoints.
extension MemoryEstimate {
    /// P: N d + N for the NTK network (first layer and output signs); for the MLP
    /// d -> N_1 -> ... -> N_L -> C, the sum of n_in n_out + n_out over its layers.
    public static func parameterCount(model: ModelKind, widths: [Int], dimension d: Int, outputs c: Int) -> Int {
        switch model {
        case .ntk:
            let n = widths.first ?? 0
            return sum([product(n, d), n])
        case .mlp:
            let sizes = [d] + widths + [c]
            return sum((1..<sizes.count).map { sum([product(sizes[$0 - 1], sizes[$0]), sizes[$0]]) })
        }
    }

    /// Training one network (`Trainer`, `SparseTrainer`), in bytes:
    /// - weights (`width`): 5 P floats (current, W(0), gradient, velocity, one snapshot);
    /// - data (`samples`): 3 (m + m_t)(d + C + 2) floats (the loaded sets, the kernels' copy, one subset or unit-norm copy);
    /// - activations (`width`): 3 B SN floats for a step (B <= m) and 2 (m + m_t) SN floats for the
    ///   evaluations and the neuron spread rho at a checkpoint;
    /// - lambda_min(H(t)) (`samples`, NTK, when measured): 3 m^2 doubles;
    /// - checkpoints (`checkpoints`): K step numbers, and `keptSnapshots` networks of P floats.
    /// Nothing grows with the number of iterations T.
    public static func training(model: ModelKind, widths: [Int], dimension d: Int, outputs c: Int, samples m: Int,
                                testSamples mt: Int = 0, batch: Int? = nil, checkpoints k: Int, keptSnapshots: Int = 0,
                                gramEigenvalue: Bool = false) -> MemoryEstimate {
        let p = parameterCount(model: model, widths: widths, dimension: d, outputs: c)
        let hidden = sum(widths)
        let rows = sum([m, mt])
        var e = MemoryEstimate()
        e.add("network weights (5 x \(p) parameters)", .width, bytes: product(5, p, 4))
        e.add("data (\(m) + \(mt) samples)", .samples, bytes: product(3, rows, sum([d, c, 2]), 4))
        e.add("step activations (batch x \(hidden) neurons)", .width, bytes: product(3, min(batch ?? m, m), hidden, 4))
        e.add("checkpoint evaluations (\(rows) samples x \(hidden) neurons)", .width, .samples, bytes: product(2, rows, hidden, 4))
        if gramEigenvalue { e.add("H(t) for lambda_min", .samples, bytes: product(3, m, m, 8)) }
        e.add("checkpoint schedule (\(k) steps)", .checkpoints, bytes: product(k, 8))
        if keptSnapshots > 0 { e.add("\(keptSnapshots) kept snapshots", .checkpoints, .width, bytes: product(keptSnapshots, p, 4)) }
        return e
    }

    /// Greedy forward selection of k picks over N neurons on m samples with C outputs:
    /// the neuron features 2 m N floats (`width`), the running sums 4 m C doubles (`samples`),
    /// and the picks, losses and counts, 4 k Ints (`subnetworkSize`).
    public static func greedySelection(samples m: Int, width n: Int, outputs c: Int, size k: Int) -> MemoryEstimate {
        var e = MemoryEstimate()
        e.add("neuron features (\(m) samples x \(n) neurons)", .width, .samples, bytes: product(2, m, n, 4))
        e.add("greedy running sums", .samples, bytes: product(4, m, max(c, 1), 8))
        e.add("greedy picks and losses (k = \(k))", .subnetworkSize, bytes: product(4, k, 8))
        return e
    }

    /// Loading a data source (`data`), before it is read: synthetic:sphere
    /// 3 (m + test)(d + 3) floats (the points, targets and labels, and one copy); files 8 bytes
    /// per byte on disk (the decoded floats and one copy of the raw bytes; compressed files
    /// expand, so this is a rough lower bound). Zero for a source that does not parse (its loader
    /// reports it).
    public static func dataSource(_ text: String) -> MemoryEstimate {
        var e = MemoryEstimate()
        guard let source = try? DataSource.parse(text) else { return e }
        switch source {
        case .syntheticSphere(let spec):
            e.add("synthetic data (\(spec.sampleCount) + \(spec.testCount) points in R^\(spec.dimension))", .data,
                  bytes: product(3, sum([spec.sampleCount, spec.testCount]), sum([spec.dimension, 3]), 4))
        case .csv(let path, _):
            e.add("data file \(path)", .data, bytes: product(8, fileSize(path)))
        case .mnistLayout(let directory, _):
            let files = (try? FileManager.default.contentsOfDirectory(atPath: directory)) ?? []
            e.add("data files in \(directory)", .data, bytes: product(8, sum(files.map { fileSize(directory + "/" + $0) })))
        }
        return e
    }

    /// The Gram matrices of the theorems on m points in R^d (`lth bounds`, the certificate of
    /// lambda0): Hinf and its factor and the Lanczos work, 3 m^2 doubles, and the points, m d doubles (`samples`).
    public static func gram(samples m: Int, dimension d: Int) -> MemoryEstimate {
        var e = MemoryEstimate()
        e.add("Hinf (\(m) x \(m), 3 copies)", .samples, bytes: product(3, m, m, 8))
        e.add("points in float64", .samples, bytes: product(m, d, 8))
        return e
    }

    /// What iterative magnitude pruning keeps beyond one training: for each of S seeds x R
    /// rewind points x (L + 1) levels, the mask (P bytes) and the final network (P floats), three
    /// times with the controls (`levels`); and the rewound weights, S R P floats (`rewindPoints`).
    /// Also the kept state of its dense run (`keptDenseRunState`).
    public static func iterativePruning(parameters p: Int, seeds s: Int, rewindPoints r: Int, levels l: Int, controls: Bool) -> MemoryEstimate {
        var e = MemoryEstimate()
        e.add("IMP masks and networks (\(s) seeds x \(r) rewind points x \(l + 1) levels)", .levels, .width,
              bytes: product(s, r, sum([l, 1]), controls ? 3 : 1, p, 5))
        e.add("rewound weights", .rewindPoints, .width, bytes: product(s, r, p, 4))
        e.add(keptDenseRunState(parameters: p, rewindPoints: r))
        return e
    }

    /// The state a dense run keeps while it trains, so that a killed run continues part-way
    /// (the network, its momentum buffers and the R snapshots taken so far, (2 + R) P floats):
    /// while it is written, the Float32 bits (4 bytes a number), their base64 JSON text (16/3
    /// bytes) and the encoder's copy of that text, 16 bytes a number (`rewindPoints`).
    public static func keptDenseRunState(parameters p: Int, rewindPoints r: Int) -> MemoryEstimate {
        var e = MemoryEstimate()
        e.add("kept dense-run state ((2 + \(r)) x \(p) parameters, while written)", .rewindPoints, .width, bytes: product(sum([r, 2]), p, 16))
        return e
    }

    /// Linear-mode instability: copies x 4 P floats (weights, velocity, gradient, mask;
    /// `copies`), one snapshot per branch point, R P floats (`rewindPoints`), and the errors and
    /// one interpolated network per point, 16 bytes per point (`points`).
    /// Also the kept state of the dense run the copies branch from (`keptDenseRunState`).
    public static func instability(parameters p: Int, copies: Int, points: Int, rewindPoints r: Int) -> MemoryEstimate {
        var e = instabilityCopies(parameters: p, copies: copies, points: points, rewindPoints: r)
        e.add(keptDenseRunState(parameters: p, rewindPoints: r))
        return e
    }

    /// `instability` without the dense run's kept state (a rewinding grid counts that state once,
    /// with its IMP runs).
    private static func instabilityCopies(parameters p: Int, copies: Int, points: Int, rewindPoints r: Int) -> MemoryEstimate {
        var e = MemoryEstimate()
        e.add("instability copies (\(copies) x \(p) parameters)", .copies, .width, bytes: product(copies, 4, p, 4))
        e.add("branch-point snapshots", .rewindPoints, .width, bytes: product(r, p, 4))
        e.add("interpolation points", .points, bytes: product(points, 16))
        return e
    }

    /// Early-bird detection: a snapshot of P floats at each of K checkpoints (`checkpoints`)
    /// and one neuron mask of SN bytes per checkpoint and density (`densities`).
    public static func earlyBird(parameters p: Int, hiddenNeurons: Int, checkpoints k: Int, densities: Int) -> MemoryEstimate {
        var e = MemoryEstimate()
        e.add("snapshots at \(k) checkpoints", .checkpoints, .width, bytes: product(k, p, 4))
        e.add("neuron masks", .densities, .checkpoints, bytes: product(k, densities, hiddenNeurons))
        return e
    }

    /// Lueker's constant by Monte Carlo: the first sufficient counts, E eps x T trials x 9
    /// bytes and T trial indices per resample (`trials`); the subset sums of n <= maximumCount
    /// samples, 3 x 2^n doubles (`maximumCount`); the bootstrap, R (E + 1) doubles (`resamples`).
    public static func subsetSumMeasurement(epsilons: Int, trials: Int, maximumCount: Int, resamples: Int) -> MemoryEstimate {
        var e = MemoryEstimate()
        e.add("first sufficient counts", .trials, bytes: sum([product(epsilons, trials, 9), product(trials, 8)]))
        let n = min(max(maximumCount, 0), 62)
        e.add("subset sums of \(maximumCount) samples", .maximumCount, bytes: product(3, 1 << n, 8))
        e.add("bootstrap resamples", .resamples, bytes: product(resamples, sum([epsilons, 1]), 8))
        return e
    }

    /// A strong ticket by SubsetSum of a target MLP d -> N_1 -> ... -> C with width factor n:
    /// the random network, n (n_in + 1) n_out weights per target layer, three times (weights,
    /// products, selection; `factor` and `width`).
    public static func strongTicket(widths: [Int], dimension d: Int, outputs c: Int, factor n: Int) -> MemoryEstimate {
        let sizes = [d] + widths + [c]
        let weights = sum((1..<sizes.count).map { product(n, sum([sizes[$0 - 1], 1]), sizes[$0]) })
        var e = MemoryEstimate()
        e.add("random network (width factor \(n))", .factor, .width, bytes: product(3, weights, 4))
        return e
    }

    /// One rewinding grid (`lth rewinding`, or a cell of a grid), beyond the dense training of
    /// the MLP with P parameters: `iterativePruning` over the seeds, rewind points and levels,
    /// `instability` of the copies, `earlyBird` snapshots at every checkpoint (one density) and
    /// `greedySelection` of k picks from the first hidden layer on the m training samples.
    public static func rewindingGrid(parameters p: Int, hiddenWidths: [Int], samples m: Int, outputs c: Int, seeds: Int,
                                     rewindPoints: Int, levels: Int, controls: Bool, copies: Int, points: Int,
                                     checkpoints: Int, greedyK: Int) -> MemoryEstimate {
        var e = iterativePruning(parameters: p, seeds: seeds, rewindPoints: rewindPoints, levels: levels, controls: controls)
        e.add(instabilityCopies(parameters: p, copies: copies, points: points, rewindPoints: rewindPoints))
        e.add(earlyBird(parameters: p, hiddenNeurons: sum(hiddenWidths), checkpoints: checkpoints, densities: 1))
        e.add(greedySelection(samples: m, width: hiddenWidths.first ?? 0, outputs: c, size: greedyK))
        return e
    }

    /// The size of a file in bytes (0 when it cannot be read).
    static func fileSize(_ path: String) -> Int {
        ((try? FileManager.default.attributesOfItem(atPath: path))?[.size] as? NSNumber)?.intValue ?? 0
    }
}
