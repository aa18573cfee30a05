extension SeededGenerator {
    /// Shuffles `elements` in place by Fisher–Yates (Durstenfeld's in-place form), from the
    /// last position down: for i = n-1, ..., 1 swap elements[i] with elements[j], j uniform in
    /// 0...i (`nextIndex(below: i + 1)`). Every permutation has probability 1/n!; draws n-1
    /// indices, none for n <= 1. This is the one full shuffle of the engine (minibatch epochs,
    /// fine-tuning, the benchmarks' peers).
    public mutating func shuffle<T>(_ elements: inout [T]) {
        var i = elements.count - 1
        while i > 0 {
            elements.swapAt(i, nextIndex(below: i + 1))
            i -= 1
        }
    }

    /// Partial Fisher–Yates from the front: for k = 0, ..., count-1 swap elements[k] with
    /// elements[j], j uniform in k..<n. Afterwards elements[0..<count] is a uniform sample of
    /// `count` of the n elements without replacement, in uniform random order; draws exactly
    /// `count` indices. Used for data subsets and random pruning masks.
    /// - Precondition: 0 <= count <= elements.count.
    public mutating func shufflePrefix<T>(_ elements: inout [T], count: Int) {
        precondition(count >= 0 && count <= elements.count, "shufflePrefix needs 0 <= count <= n")
        let n = elements.count
        for k in 0..<count {
            elements.swapAt(k, k + nextIndex(below: n - k))
        }
    }
}
