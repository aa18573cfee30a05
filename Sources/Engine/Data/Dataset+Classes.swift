import LinearAlgebra

extension Dataset {
    /// One-hot targets: an m x C matrix with T[i][labels[i]] = 1 and every other entry 0.
    /// - Precondition: every label is in 0..<classCount.
    public static func oneHotTargets(labels: [Int], classCount: Int) -> Matrix<Float> {
        var t = Matrix<Float>(rows: labels.count, columns: classCount, repeating: 0)
        for (i, c) in labels.enumerated() {
            precondition(c >= 0 && c < classCount, "label \(c) outside 0..<\(classCount)")
            t[i, c] = 1
        }
        return t
    }

    /// The samples whose class is in `classes`, in their original order, with the classes
    /// re-indexed by their position in the list:
    /// - exactly two classes [a, b]: targets +1 for a and -1 for b (C = 1), class labels 0
    ///   for a and 1 for b, classCount 2 (description "classes a,b as +1/-1");
    /// - three or more classes: class labels 0..<C in the order given and one-hot targets
    ///   (C = classes.count).
    /// `isUnitNorm` is kept (rows are not changed).
    /// - Throws: `DataError.noClassLabels` for regression data; `.invalidClassList` for an
    ///   empty or one-class list or a repeated class; `.classOutOfRange` for a class outside
    ///   0..<classCount; `.noSamplesInClasses` when no sample is left.
    public func filteringClasses(_ classes: [Int]) throws -> Dataset {
        guard let labels = classLabels, let count = classCount else {
            throw DataError.noClassLabels(operation: "selecting classes \(classes.map(String.init).joined(separator: ","))")
        }
        guard classes.count >= 2 else {
            throw DataError.invalidClassList(classes: classes, reason: "give at least two distinct classes, e.g. 0,1")
        }
        guard Set(classes).count == classes.count else {
            throw DataError.invalidClassList(classes: classes, reason: "a class is repeated")
        }
        if let bad = classes.first(where: { $0 < 0 || $0 >= count }) {
            throw DataError.classOutOfRange(requestedClass: bad, classCount: count)
        }
        var position = [Int](repeating: -1, count: count)
        for (k, c) in classes.enumerated() { position[c] = k }
        let kept = labels.indices.filter { position[labels[$0]] >= 0 }
        guard !kept.isEmpty else { throw DataError.noSamplesInClasses(classes: classes) }

        let d = dimension
        let xs = Dataset.gatherRows(x.storage, width: d, indices: kept)
        let newLabels = kept.map { position[labels[$0]] }
        let list = classes.map(String.init).joined(separator: ",")
        let newTargets: Matrix<Float>
        let text: String
        if classes.count == 2 {
            newTargets = Matrix(rows: kept.count, columns: 1, storage: newLabels.map { $0 == 0 ? 1 : -1 })
            text = "classes \(list) as +1/-1 (\(kept.count) samples)"
        } else {
            newTargets = Dataset.oneHotTargets(labels: newLabels, classCount: classes.count)
            text = "classes \(list) one-hot as 0..<\(classes.count) (\(kept.count) samples)"
        }
        return Dataset(x: Matrix(rows: kept.count, columns: d, storage: xs), targets: newTargets,
                       classLabels: newLabels, classCount: classes.count,
                       description: description + ", " + text, isUnitNorm: isUnitNorm)
    }
}
