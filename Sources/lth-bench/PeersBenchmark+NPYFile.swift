import Engine
import Foundation

extension PeersBenchmark {
    /// Streams an array to a numpy `.npy` file (format 1.0) without copying it: the magic
    /// `\x93NUMPY`, version `1 0`, a little-endian UInt16 header length, the header dict
    /// `{'descr': ..., 'fortran_order': False, 'shape': (...), }` padded with spaces and ended by `\n`
    /// so that the data starts at a multiple of 64 bytes, then the raw little-endian values in C
    /// order (this machine is little-endian). Written by `AtomicFile.write(to:streaming:)`, so a
    /// reader never sees half a file. Used for the 2.4 GB greedy activations, where `NPYArray`'s byte copy
    /// would double the memory.
    enum NPYFile {
        static func write<T>(_ values: [T], shape: [Int], to url: URL) throws {
            precondition(shape.reduce(1, *) == values.count, "npy shape does not match the value count")
            let elementType: NPYElementType
            switch T.self {
            case is Float.Type: elementType = .float32
            case is Double.Type: elementType = .float64
            case is Int64.Type: elementType = .int64
            default: preconditionFailure("unsupported npy element type \(T.self)")
            }
            let bytes = NPYArray.header(elementType: elementType, shape: shape)

            try AtomicFile.write(to: url) { append in
                try bytes.withUnsafeBytes { try append($0) }
                try values.withUnsafeBytes { try append($0) }
            }
        }

        /// The size in bytes `write` produces for `count` elements of `elementSize` bytes with the
        /// given shape (header included); used to skip rewriting an identical large file.
        static func fileSize(count: Int, elementSize: Int, shape: [Int], descr: String) -> Int {
            let shapeText = shape.count == 1 ? "(\(shape[0]),)" : "(" + shape.map(String.init).joined(separator: ", ") + ")"
            let header = "{'descr': '\(descr)', 'fortran_order': False, 'shape': \(shapeText), }"
            let unpadded = 10 + header.utf8.count + 1
            return unpadded + (64 - unpadded % 64) % 64 + count * elementSize
        }
    }
}
