import Foundation

extension Loss {
    /// The plain-sum loss of the outputs `u` (rows x classes, row-major) of `rows` samples
    /// (squared: 1/2 sum ||u_i - y_i||^2 against `targets`; cross-entropy: sum_i -log softmax(u_i)
    /// at `labels[i]`), accumulated in float64, and, when `gradient` is not nil, dl/du into it
    /// multiplied by `scale` (squared: u - y; cross-entropy: softmax(u) - e_y, the softmax in
    /// float64 after subtracting the row's maximum).
    func outputLoss(_ u: UnsafePointer<Float>, targets: UnsafePointer<Float>, labels: UnsafePointer<Int32>, rows: Int,
                    classes c: Int, gradient: UnsafeMutablePointer<Float>?, scale: Float) -> Double {
        var total = 0.0
        switch kind {
        case .squared:
            var squares = 0.0
            for k in 0..<(rows * c) {
                let e = u[k] - targets[k]
                squares += Double(e) * Double(e)
                gradient?[k] = e * scale
            }
            total = 0.5 * squares
        case .crossEntropy:
            for i in 0..<rows {
                let row = u + i * c
                var top = row[0]
                for k in 1..<c { top = max(top, row[k]) }
                var sum = 0.0
                for k in 0..<c { sum += exp(Double(row[k] - top)) }
                let label = Int(labels[i])
                total += Double(top) + log(sum) - Double(row[label])
                if let g = gradient.map({ $0 + i * c }) {
                    for k in 0..<c {
                        let p = exp(Double(row[k] - top)) / sum
                        g[k] = Float(p - (k == label ? 1 : 0)) * scale
                    }
                }
            }
        }
        return total
    }
}
