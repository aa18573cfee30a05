extension GreedyForwardSelection {
    /// Which neurons may still be picked.
    ///
    /// With replacement (the analysed algorithm of THEORY.md section 3) every neuron stays
    /// eligible at every step, so the selection is a multiset. Without replacement a neuron
    /// leaves the pool once picked, so each neuron is selected at most once and the size k
    /// cannot exceed N.
    struct CandidatePool {
        let withReplacement: Bool
        /// isEligible[r] is false once r was picked without replacement.
        private(set) var isEligible: [Bool]
        /// The eligible neurons in no particular order (positions are what the sampler draws).
        private(set) var eligible: [Int]
        /// position[r] = index of r in `eligible`, or -1.
        private var position: [Int]

        init(neuronCount: Int, withReplacement: Bool) {
            self.withReplacement = withReplacement
            isEligible = [Bool](repeating: true, count: neuronCount)
            eligible = Array(0..<neuronCount)
            position = Array(0..<neuronCount)
        }

        var eligibleCount: Int { eligible.count }

        /// Records that r was selected; without replacement r is removed (swap with the last
        /// eligible neuron, O(1)).
        mutating func markSelected(_ r: Int) {
            guard !withReplacement, isEligible[r] else { return }
            isEligible[r] = false
            let index = position[r]
            let last = eligible.removeLast()
            if last != r {
                eligible[index] = last
                position[last] = index
            }
            position[r] = -1
        }
    }
}
