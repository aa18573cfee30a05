import Foundation
import LinearAlgebra

/// A directory in MNIST layout: the four IDX files
/// `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`, `t10k-images-idx3-ubyte`,
/// `t10k-labels-idx1-ubyte`, each raw or gzip-compressed (`.gz` appended; when both exist
/// the raw file is used). Works for the original MNIST files and for Fashion-MNIST
/// (Debian's `dataset-fashion-mnist` installs them in `/usr/share/datasets/fashion-mnist`).
///
/// Loaded inputs are the pixels scaled to [0, 1]: x = byte / 255 as Float, one image per
/// row (d = rows * columns, row-major pixels). Targets are one-hot over the classes
/// 0..<C with C = 1 + the largest label of the two splits together (10 for MNIST).
public struct MNISTLayout: Sendable {
    /// Where Debian's `dataset-fashion-mnist` package puts Fashion-MNIST.
    public static let debianFashionMNISTDirectory = "/usr/share/datasets/fashion-mnist"

    /// The two splits of the layout.
    public enum Split: String, Sendable, CaseIterable {
        case train
        case test

        /// File-name prefix: "train" or "t10k".
        public var filePrefix: String { self == .train ? "train" : "t10k" }
    }

    /// The directory holding the four files.
    public let directory: String
    /// Name used in descriptions, e.g. "Fashion-MNIST".
    public let name: String

    /// - Parameter name: name used in `Dataset.description`; by default the directory's
    ///   last path component.
    public init(directory: String, name: String? = nil) {
        self.directory = directory
        self.name = name ?? URL(fileURLWithPath: directory).lastPathComponent
    }

    /// Debian's Fashion-MNIST directory.
    public static var fashionMNIST: MNISTLayout {
        MNISTLayout(directory: debianFashionMNISTDirectory, name: "Fashion-MNIST")
    }

    /// The path of `baseName` (e.g. "train-images-idx3-ubyte") in the directory: the raw
    /// file if it exists, else the `.gz` file.
    /// - Throws: `DataError.missingLayoutFile` when neither exists.
    public func path(of baseName: String) throws -> String {
        let raw = (directory as NSString).appendingPathComponent(baseName)
        var isDirectory: ObjCBool = false
        if FileManager.default.fileExists(atPath: raw, isDirectory: &isDirectory), !isDirectory.boolValue { return raw }
        let gz = raw + ".gz"
        if FileManager.default.fileExists(atPath: gz, isDirectory: &isDirectory), !isDirectory.boolValue { return gz }
        throw DataError.missingLayoutFile(directory: directory, name: baseName)
    }

    /// The raw images and labels of one split, checked for matching counts.
    public func readSplit(_ split: Split) throws -> (rows: Int, columns: Int, pixels: [UInt8], labels: [UInt8]) {
        let imagesPath = try path(of: "\(split.filePrefix)-images-idx3-ubyte")
        let labelsPath = try path(of: "\(split.filePrefix)-labels-idx1-ubyte")
        let images = try IDXReader.readImages(path: imagesPath)
        let labels = try IDXReader.readLabels(path: labelsPath)
        guard images.count == labels.count else {
            throw DataError.countMismatch(imagesPath: imagesPath, imageCount: images.count,
                                          labelsPath: labelsPath, labelCount: labels.count)
        }
        return (images.rows, images.columns, images.pixels, labels)
    }

    /// Both splits, with one-hot targets over C = 1 + the largest label of either split.
    public func load() throws -> (train: Dataset, test: Dataset) {
        let train = try readSplit(.train)
        let test = try readSplit(.test)
        guard train.rows == test.rows, train.columns == test.columns else {
            throw DataError.invalidValue(name: "the image size of '\(try path(of: "t10k-images-idx3-ubyte"))'",
                                         value: "\(test.rows)x\(test.columns)",
                                         allowed: "the training images' size \(train.rows)x\(train.columns)")
        }
        let classCount = Int(max(train.labels.max() ?? 0, test.labels.max() ?? 0)) + 1
        return (makeDataset(train, split: .train, classCount: classCount),
                makeDataset(test, split: .test, classCount: classCount))
    }

    /// One split, with one-hot targets over C = 1 + the largest label of that split.
    public func load(_ split: Split) throws -> Dataset {
        let raw = try readSplit(split)
        return makeDataset(raw, split: split, classCount: Int(raw.labels.max() ?? 0) + 1)
    }

    private func makeDataset(_ raw: (rows: Int, columns: Int, pixels: [UInt8], labels: [UInt8]),
                             split: Split, classCount: Int) -> Dataset {
        let m = raw.labels.count
        let d = raw.rows * raw.columns
        let values = [Float](unsafeUninitializedCapacity: raw.pixels.count) { buffer, initialized in
            raw.pixels.withUnsafeBufferPointer { source in
                for i in 0..<source.count { buffer[i] = Float(source[i]) / 255 }
            }
            initialized = raw.pixels.count
        }
        let labels = raw.labels.map(Int.init)
        return Dataset(
            x: Matrix(rows: m, columns: d, storage: values),
            targets: Dataset.oneHotTargets(labels: labels, classCount: classCount),
            classLabels: labels, classCount: classCount,
            description: "\(name) \(split.rawValue) (\(directory)): \(m) samples, \(raw.rows)x\(raw.columns) pixels scaled to [0,1], \(classCount) classes one-hot",
            isUnitNorm: false)
    }
}
