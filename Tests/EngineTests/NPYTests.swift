import Foundation
import Testing
import PropertyBased
import LinearAlgebra
@testable import Engine

@Suite struct NPYTests {
    @Test func headerIsPaddedTo64BytesAndVersion1() {
        let array = NPYArray(float32: [1, 2, 3, 4, 5, 6], shape: [2, 3])
        let bytes = array.encoded()
        #expect(bytes[0] == 0x93 && bytes[6] == 1 && bytes[7] == 0)
        let headerLength = Int(bytes[8]) | Int(bytes[9]) << 8
        #expect((10 + headerLength) % 64 == 0)
        #expect(bytes[10 + headerLength - 1] == UInt8(ascii: "\n"))
        let header = String(bytes: bytes[10..<(10 + headerLength)], encoding: .ascii)!
        #expect(header.hasPrefix("{'descr': '<f4', 'fortran_order': False, 'shape': (2, 3), }"))
        #expect(bytes.count == 10 + headerLength + 24)
    }

    @Test func roundTripPreservesShapeAndBits() async throws {
        await propertyCheck(count: 60, input: Gen.int(in: 0...4), Gen.int(in: 0...7), Gen.uint64(in: 0...UInt64.max)) { rows, columns, seed in
            var g = SeededGenerator(seed: seed)
            let values = (0..<(rows * columns)).map { _ in Float(bitPattern: UInt32(truncatingIfNeeded: g.next())) }
            let array = NPYArray(float32: values, shape: [rows, columns])
            let decoded = try? NPYArray.decode(array.encoded())
            #expect(decoded?.shape == [rows, columns])
            let back = decoded?.float32Values ?? []
            #expect(back.map(\.bitPattern) == values.map(\.bitPattern))
        }
    }

    @Test func oneDimensionalAndFloat64RoundTrip() throws {
        let a = NPYArray(float32: [1, -1, 1], shape: [3])
        #expect(String(bytes: a.encoded()[10..<74], encoding: .ascii)!.contains("'shape': (3,)"))
        #expect(try NPYArray.decode(a.encoded()).float32Values == [1, -1, 1])
        let b = NPYArray(float64: [0.1, -2.5e300], shape: [2, 1])
        #expect(try NPYArray.decode(b.encoded()).float64Values == [0.1, -2.5e300])
    }

    @Test func rejectsBadInput() {
        #expect(throws: NPYError.self) { try NPYArray.decode(Array("not numpy".utf8)) }
        var truncated = NPYArray(float32: [1, 2, 3], shape: [3]).encoded()
        truncated.removeLast()
        #expect(throws: NPYError.self) { try NPYArray.decode(truncated) }
        let error = #expect(throws: NPYError.self) { try NPYArray.read(from: "/nonexistent/W.npy") }
        #expect(error?.description.contains("/nonexistent/W.npy") == true)
    }

    /// Issue 14: a shape whose byte count overflows Int trapped; a wrong dtype, a truncated
    /// header and a short data section are one-line errors naming the file.
    @Test func rejectsOverflowingShapesAndWrongDtypes() {
        func file(_ header: String, data: Int) -> [UInt8] {
            var bytes: [UInt8] = [0x93] + Array("NUMPY".utf8) + [1, 0]
            let text = header + "\n"
            bytes += [UInt8(text.utf8.count & 0xff), UInt8(text.utf8.count >> 8)] + Array(text.utf8)
            return bytes + [UInt8](repeating: 0, count: data)
        }
        let huge = #expect(throws: NPYError.self) {
            try NPYArray.decode(file("{'descr': '<f4', 'fortran_order': False, 'shape': (4294967296, 4294967296), }", data: 16), path: "W.npy")
        }
        #expect(huge?.description.hasPrefix("W.npy: shape [4294967296, 4294967296]") == true)
        #expect(throws: NPYError.self) {
            try NPYArray.decode(file("{'descr': '<f4', 'fortran_order': False, 'shape': (9223372036854775807, 2), }", data: 16))
        }
        let dtype = #expect(throws: NPYError.self) {
            try NPYArray.decode(file("{'descr': '<c16', 'fortran_order': False, 'shape': (1,), }", data: 16), path: "a.npy")
        }
        #expect(dtype?.description.contains("unsupported dtype '<c16'") == true)
        #expect(throws: NPYError.self) {
            try NPYArray.decode(file("{'descr': '<f4', 'fortran_order': False, 'shape': (-3,), }", data: 12))
        }
        var shortHeader = file("{'descr': '<f4', 'fortran_order': False, 'shape': (2,), }", data: 8)
        shortHeader.removeLast(40)
        #expect(throws: NPYError.self) { try NPYArray.decode(shortHeader) }
    }

    @Test func numpyReadsWhatWeWriteAndWeReadWhatNumpyWrites() throws {
        try #require(Python.hasNumpy, "python3 with numpy is required (make test installs it)")
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("npy-\(UUID().uuidString)").path
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(atPath: dir) }
        let values: [Float] = [0.5, -1.25, 3, 1e-8, -7, 2.75]
        try NPYArray(float32: values, shape: [2, 3]).write(to: dir + "/W.npy")
        let script = """
        import numpy as np
        w = np.load('\(dir)/W.npy')
        assert w.dtype == np.dtype('<f4') and w.shape == (2, 3) and w.flags['C_CONTIGUOUS'], (w.dtype, w.shape)
        assert w.tolist() == [[0.5, -1.25, 3.0, np.float32(1e-8).item(), -7.0, 2.75][i*3:(i+1)*3] for i in range(2)], w
        np.save('\(dir)/fromnumpy.npy', np.arange(12, dtype=np.float32).reshape(3, 4) / 8)
        np.save('\(dir)/vector.npy', np.array([1.5, 2.5]))
        """
        #expect(Python.run(script) == 0)
        let fromNumpy = try NPYArray.read(from: dir + "/fromnumpy.npy")
        #expect(fromNumpy.shape == [3, 4])
        #expect(fromNumpy.float32Values == (0..<12).map { Float($0) / 8 })
        #expect(try NPYArray.read(from: dir + "/vector.npy").float64Values == [1.5, 2.5])
    }
}

/// Runs python3 when it and numpy exist.
enum Python {
    static let hasNumpy: Bool = run("import numpy") == 0

    static func run(_ script: String) -> Int32 {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", "-c", script]
        process.standardOutput = FileHandle.nullDevice
        do { try process.run() } catch { return -1 }
        process.waitUntilExit()
        return process.terminationStatus
    }
}
