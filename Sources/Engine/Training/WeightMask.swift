import LinearAlgebra

/// A pruning mask of one weight matrix in the layout of its weights: one bit pattern per
/// weight, 0xFFFFFFFF keeps the weight and 0 prunes it. After every update the weights and
/// their velocities are AND-ed with it, so a pruned weight and its momentum are exactly +0
/// after every step (see `PruningMask`).
struct WeightMask {
    let bits: UnsafeMutablePointer<UInt32>
    let count: Int

    /// The mask keeping the weights at the positions `position(k)` of the kept entries k of
    /// `kept` (nn.Linear order); every other position, padding included, is pruned.
    init(kept: [Bool], count: Int, position: (Int) -> Int) {
        self.count = count
        bits = UnsafeMutablePointer<UInt32>.allocate(capacity: max(count, 1))
        bits.initialize(repeating: 0, count: max(count, 1))
        for k in 0..<kept.count where kept[k] { bits[position(k)] = 0xFFFF_FFFF }
    }

    func deallocate() { bits.deallocate() }

    /// w <- w AND mask, v <- v AND mask (bitwise, so pruned entries become +0), on
    /// `ParallelLoop.shared` over ranges of entries.
    func apply(to weights: UnsafeMutablePointer<Float>, velocity: UnsafeMutablePointer<Float>?) {
        let pass = Pass(w: UnsafeMutableRawPointer(weights).assumingMemoryBound(to: UInt32.self),
                        v: velocity.map { UnsafeMutableRawPointer($0).assumingMemoryBound(to: UInt32.self) }, mask: bits)
        ParallelLoop.shared.forEachRange(of: count, minimumLength: SGDUpdate.passLength, with: pass) { pass, start, end in
            let p = pass.assumingMemoryBound(to: Pass.self).pointee
            for k in start..<end { p.w[k] &= p.mask[k] }
            if let v = p.v { for k in start..<end { v[k] &= p.mask[k] } }
        }
    }

    /// Operands of `apply`'s pass (run on `ParallelLoop`).
    private struct Pass {
        let w: UnsafeMutablePointer<UInt32>
        let v: UnsafeMutablePointer<UInt32>?
        let mask: UnsafeMutablePointer<UInt32>
    }
}
