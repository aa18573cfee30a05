/// A dense row-major matrix: element (i, j) is `storage[i * columns + j]`.
///
/// Rows are samples and columns are features throughout the toolkit (a data matrix X is
/// m x d), matching numpy's default C order so `.npy` files are written without transposing.
public struct Matrix<Scalar>: Sendable where Scalar: Sendable {
    public let rows: Int
    public let columns: Int
    public var storage: [Scalar]

    /// A matrix of the given shape holding `storage` in row-major order.
    /// - Precondition: `storage.count == rows * columns`.
    public init(rows: Int, columns: Int, storage: [Scalar]) {
        precondition(rows >= 0 && columns >= 0 && storage.count == rows * columns,
                     "Matrix storage holds \(storage.count) values, expected \(rows) x \(columns)")
        self.rows = rows
        self.columns = columns
        self.storage = storage
    }

    /// A matrix of the given shape with every element equal to `value`.
    public init(rows: Int, columns: Int, repeating value: Scalar) {
        self.init(rows: rows, columns: columns, storage: Array(repeating: value, count: rows * columns))
    }

    public subscript(row: Int, column: Int) -> Scalar {
        get { storage[row * columns + column] }
        set { storage[row * columns + column] = newValue }
    }

    /// Row `i` as a new array.
    public func row(_ i: Int) -> [Scalar] {
        Array(storage[(i * columns)..<((i + 1) * columns)])
    }
}

extension Matrix: Equatable where Scalar: Equatable {}
