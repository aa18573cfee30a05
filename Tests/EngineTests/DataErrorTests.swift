import Foundation
import LinearAlgebra
import Testing
import Engine

/// Runs `body` and returns the `DataError` it throws (nil when it throws nothing or
/// another error), after checking that the description is one non-empty line.
private func dataError(_ body: () throws -> Any) -> DataError? {
    do {
        _ = try body()
        Issue.record("expected a DataError, nothing was thrown")
        return nil
    } catch let error as DataError {
        #expect(!error.description.isEmpty)
        #expect(!error.description.contains("\n"), "not one line: \(error.description)")
        return error
    } catch {
        Issue.record("expected a DataError, got \(error)")
        return nil
    }
}

private func path(_ directory: String, _ name: String) -> String {
    (directory as NSString).appendingPathComponent(name)
}

@Suite("DataErrorTests")
struct DataErrorTests {
    // MARK: IDX files

    @Test func missingFile() throws {
        let p = path(try DataFixtures.temporaryDirectory(), "nothing-here")
        let e = dataError { try IDXReader.read(path: p) }
        #expect(e == .fileNotFound(path: p))
        #expect(e?.description.contains(p) == true)
    }

    @Test func truncatedRawAndGzipFiles() throws {
        let dir = try DataFixtures.temporaryDirectory()
        // Header promises 3 x 2 x 3 = 18 pixel bytes; 17 are present.
        var bytes = DataFixtures.idxBytes(type: 0x08, dimensions: [3, 2, 3], payload: DataFixtures.trainPixels)
        bytes.removeLast()
        let raw = path(dir, "raw")
        try DataFixtures.writeRaw(bytes, to: raw)
        let e = dataError { try IDXReader.readImages(path: raw) }
        #expect(e == .truncated(path: raw, expectedBytes: 16 + 18, actualBytes: 16 + 17))
        #expect(e?.description.contains("truncated") == true && e?.description.contains(raw) == true)

        // A complete gzip stream of too few bytes is also "truncated".
        let gz = path(dir, "short.gz")
        try DataFixtures.writeGzip(bytes, to: gz)
        #expect(dataError { try IDXReader.readImages(path: gz) } == .truncated(path: gz, expectedBytes: 34, actualBytes: 33))

        // A gzip stream cut in the middle cannot be decompressed.
        let full = path(dir, "full.gz")
        try DataFixtures.writeGzip(DataFixtures.idxBytes(type: 0x08, dimensions: [3, 2, 3], payload: DataFixtures.trainPixels), to: full)
        let gzBytes = try [UInt8](Data(contentsOf: URL(fileURLWithPath: full)))
        let cut = path(dir, "cut.gz")
        try DataFixtures.writeRaw(Array(gzBytes[0..<(gzBytes.count - 10)]), to: cut)
        let c = dataError { try IDXReader.readImages(path: cut) }
        if case .unreadable(let p, _)? = c { #expect(p == cut) } else if case .truncated(let p, _, _)? = c { #expect(p == cut) } else {
            Issue.record("a cut gzip stream gave \(String(describing: c))")
        }

        // Issue 14: dimensions whose product overflows Int, raw and gzip, are "truncated", not a trap.
        var huge = [UInt8]([0, 0, 8, 3])
        for n in [UInt32.max, UInt32.max, UInt32.max] { huge += [UInt8(n >> 24), UInt8((n >> 16) & 0xff), UInt8((n >> 8) & 0xff), UInt8(n & 0xff)] }
        huge += [1, 2, 3]
        for (name, gzip) in [("huge", false), ("huge.gz", true)] {
            let p = path(dir, name)
            if gzip { try DataFixtures.writeGzip(huge, to: p) } else { try DataFixtures.writeRaw(huge, to: p) }
            #expect(dataError { try IDXReader.readImages(path: p) } == .truncated(path: p, expectedBytes: Int.max, actualBytes: 19))
        }
        // A zero dimension gives no images.
        let zero = path(dir, "zero")
        try DataFixtures.writeRaw(DataFixtures.idxBytes(type: 0x08, dimensions: [3, 0, 3], payload: []), to: zero)
        #expect(dataError { try IDXReader.readImages(path: zero) }?.description.contains("each >= 1") == true)

        // Header itself cut short.
        let tiny = path(dir, "tiny")
        try DataFixtures.writeRaw([0, 0, 8, 3, 0, 0], to: tiny)
        #expect(dataError { try IDXReader.readImages(path: tiny) } == .truncated(path: tiny, expectedBytes: 16, actualBytes: 6))
    }

    @Test func trailingBytes() throws {
        let p = path(try DataFixtures.temporaryDirectory(), "long")
        try DataFixtures.writeRaw(DataFixtures.idxBytes(type: 0x08, dimensions: [2], payload: [1, 2, 3]), to: p)
        #expect(dataError { try IDXReader.readLabels(path: p) } == .trailingBytes(path: p, expectedBytes: 10, actualBytes: 11))
    }

    @Test func wrongMagicNumber() throws {
        let dir = try DataFixtures.temporaryDirectory()
        let labels = path(dir, "labels")
        try DataFixtures.writeRaw(DataFixtures.idxBytes(type: 0x08, dimensions: [3], payload: [1, 2, 3]), to: labels)
        let e = dataError { try IDXReader.readImages(path: labels) }
        #expect(e == .wrongMagic(path: labels, found: 0x801, expected: 0x803, expectedMeaning: IDXReader.meaning(of: 0x803)))
        let text = e?.description ?? ""
        #expect(text.contains("0x00000801") && text.contains("0x00000803") && text.contains(labels) && text.contains("MNIST images"))

        let text2 = path(dir, "text")
        try "hello world, not IDX".write(toFile: text2, atomically: true, encoding: .utf8)
        let f = dataError { try IDXReader.read(path: text2) }
        #expect(f?.description.contains("0x68656C6C") == true)  // "hell"
        if case .wrongMagic(_, _, nil, _)? = f {} else { Issue.record("unknown magic gave \(String(describing: f))") }
    }

    @Test func imageLabelCountMismatch() throws {
        let dir = try DataFixtures.tinyLayout()
        let labels = path(dir, "train-labels-idx1-ubyte")
        try DataFixtures.writeRaw(DataFixtures.idxBytes(type: 0x08, dimensions: [2], payload: [1, 2]), to: labels)
        let e = dataError { try MNISTLayout(directory: dir).load() }
        #expect(e == .countMismatch(imagesPath: path(dir, "train-images-idx3-ubyte"), imageCount: 3,
                                    labelsPath: labels, labelCount: 2))
        #expect(e?.description.contains("3 images") == true && e?.description.contains("2 labels") == true)
    }

    @Test func missingLayoutFile() throws {
        let dir = try DataFixtures.tinyLayout()
        try FileManager.default.removeItem(atPath: path(dir, "t10k-labels-idx1-ubyte.gz"))
        let e = dataError { try DataSource.parse(dir).load(seed: 0) }
        #expect(e == .missingLayoutFile(directory: dir, name: "t10k-labels-idx1-ubyte"))
        #expect(e?.description.contains("t10k-labels-idx1-ubyte.gz") == true)
    }

    // MARK: CSV

    @Test func csvErrors() throws {
        func csv(_ text: String) throws -> String { try DataFixtures.writeText(text, name: "e.csv") }
        let empty = try csv("")
        #expect(dataError { try CSVReader.read(path: empty) } == .emptyCSV(path: empty))
        let headerOnly = try csv("a,b,label\n\n")
        #expect(dataError { try CSVReader.read(path: headerOnly) } == .emptyCSV(path: headerOnly))

        let ragged = try csv("x,y,label\n1,2,0\n3,4,1\n5,6\n")
        let r = dataError { try CSVReader.read(path: ragged) }
        #expect(r == .raggedRow(path: ragged, line: 4, fieldCount: 2, expectedCount: 3, firstLine: 2))
        #expect(r?.description.contains("line 4") == true)

        let word = try csv("1,2,0\n3,four,1\n")
        let w = dataError { try CSVReader.read(path: word) }
        #expect(w == .nonNumeric(path: word, line: 2, column: 2, text: "four"))
        #expect(w?.description.contains("line 2 column 2") == true)

        let blank = try csv("1,,0\n")
        #expect(dataError { try CSVReader.read(path: blank) } == .nonNumeric(path: blank, line: 1, column: 2, text: ""))

        for bad in ["nan", "inf", "-Infinity"] {
            let p = try csv("1,2,0\n3,4,1\n5,\(bad),0\n")
            #expect(dataError { try CSVReader.read(path: p) } == .nonFinite(path: p, line: 3, column: 2, text: bad))
        }

        // Issue 14: 1e39 is finite in float64 but inf in float32, where the data is kept.
        for bad in ["1e39", "-3.5e38"] {
            let p = try csv("1,2,0\n3,\(bad),1\n")
            let e = dataError { try CSVReader.read(path: p) }
            #expect(e == .nonFinite(path: p, line: 2, column: 2, text: bad))
            #expect(e?.description.contains("float32") == true)
        }
        // Issue 14: a label 1000000 asked for a million one-hot columns; classes are capped at 1000.
        let manyClasses = try csv("1,2,0\n3,4,1000000\n")
        let c = dataError { try CSVReader.read(path: manyClasses) }
        #expect(c?.description.contains("1000000") == true && c?.description.contains("at most 1000 classes") == true)
        #expect(dataError { try CSVReader.read(path: manyClasses, labelKind: .classes) } != nil)
        #expect(try CSVReader.read(path: manyClasses, labelKind: .regression).outputCount == 1)
        #expect(try CSVReader.read(path: try csv("1,2,0\n3,4,999\n")).classCount == CSVReader.maximumClassCount)

        let ok = try csv("1,2,0\n")
        #expect(dataError { try CSVReader.read(path: ok, labelColumn: 3) } == .labelColumnOutOfRange(path: ok, column: 3, columnCount: 3))
        let one = try csv("1\n2\n")
        #expect(dataError { try CSVReader.read(path: one) } == .tooFewColumns(path: one, columnCount: 1))
        let missing = ok + ".missing.csv"
        #expect(dataError { try DataSource.parse(missing).load(seed: 0) } == .fileNotFound(path: missing))
        let fractional = try csv("1,2,0.5\n")
        #expect(dataError { try CSVReader.read(path: fractional, labelKind: .classes) }?.description.contains("0.5") == true)
    }

    // MARK: Sources

    @Test func sourceErrors() throws {
        let u = dataError { try DataSource.parse("s3:bucket/data") }
        #expect(u == .unknownSource(text: "s3:bucket/data", reason: "unknown scheme 's3:'"))
        #expect(u?.description.contains("synthetic:sphere?m=M&d=D") == true && u?.description.contains("fashion-mnist") == true)

        let g = dataError { try DataSource.parse("synthetic:cube?m=3&d=2") }
        #expect(g?.description.contains("unknown synthetic generator 'cube'") == true)

        let k = dataError { try DataSource.parse("synthetic:sphere?m=3&d=2&sigma=1") }
        #expect(k == .unknownKey(source: "synthetic:sphere?m=3&d=2&sigma=1", key: "sigma", allowed: SyntheticSphereSpec.allowedKeys))
        #expect(k?.description.contains("m, d, seed, noise, teacher, test") == true)

        #expect(dataError { try DataSource.parse("synthetic:sphere?d=2") } == .missingKey(source: "synthetic:sphere?d=2", key: "m"))
        #expect(dataError { try DataSource.parse("synthetic:sphere?m=2") } == .missingKey(source: "synthetic:sphere?m=2", key: "d"))
        #expect(dataError { try DataSource.parse("synthetic:sphere?m=2&d=3&m=4") } == .duplicateKey(source: "synthetic:sphere?m=2&d=3&m=4", key: "m"))

        for bad in ["m=0&d=2", "m=x&d=2", "m=5&d=2&noise=1.5", "m=5&d=2&seed=-1", "m=5&d=2&teacher=0", "m=5&d=2&test=-1", "m=5&d"] {
            let e = dataError { try DataSource.parse("synthetic:sphere?" + bad) }
            if case .invalidValue? = e {} else { Issue.record("'\(bad)' gave \(String(describing: e))") }
        }
        let n = dataError { try DataSource.parse("synthetic:sphere?m=5&d=2&noise=1.5") }
        #expect(n?.description.contains("[0, 1]") == true && n?.description.contains("noise") == true)

        let dir = try DataFixtures.temporaryDirectory()
        let nowhere = path(dir, "absent")
        #expect(dataError { try DataSource.parse(nowhere) } == .unknownSource(text: nowhere, reason: "no such directory"))
        let file = try DataFixtures.writeText("1,2\n", name: "data.txt")
        #expect(dataError { try DataSource.parse(file) } == .unknownSource(text: file, reason: "it is a file, but not a .csv file"))
        #expect(dataError { try DataSource.parse("a.csv?column=2") } == .unknownKey(source: "a.csv?column=2", key: "column", allowed: ["label"]))
        #expect(dataError { try DataSource.parse("  ") } == .unknownSource(text: "  ", reason: "it is empty"))
    }

    @Test func syntheticParameterErrors() throws {
        #expect(dataError { try SyntheticSphere(dimension: 0, seed: 1) }?.description.contains("dimension") == true)
        #expect(dataError { try SyntheticSphere(dimension: 3, teacherWidth: 0, seed: 1) }?.description.contains("teacher width") == true)
        let sphere = try SyntheticSphere(dimension: 3, seed: 1)
        #expect(dataError { try sphere.sample(count: 0) }?.description.contains("sample count") == true)
        #expect(dataError { try sphere.sample(count: 5, noise: -0.1) }?.description.contains("noise") == true)
    }

    // MARK: Transforms

    @Test func transformErrors() throws {
        let data = DataTests.numbered(10, classes: 3)
        let big = dataError { try data.subset(count: 11, seed: 0) }
        #expect(big == .subsetTooLarge(requested: 11, available: 10))
        #expect(big?.description.contains("only 10") == true)
        #expect(dataError { try data.subset(count: 0, seed: 0) }?.description.contains("1...10") == true)

        #expect(dataError { try data.filteringClasses([0, 3]) } == .classOutOfRange(requestedClass: 3, classCount: 3))
        #expect(dataError { try data.filteringClasses([1]) } == .invalidClassList(classes: [1], reason: "give at least two distinct classes, e.g. 0,1"))
        #expect(dataError { try data.filteringClasses([1, 1]) } == .invalidClassList(classes: [1, 1], reason: "a class is repeated"))
        let sparse = Dataset(x: data.x, targets: data.targets, classLabels: data.classLabels, classCount: 5,
                             description: "five", isUnitNorm: false)
        #expect(dataError { try sparse.filteringClasses([3, 4]) } == .noSamplesInClasses(classes: [3, 4]))

        let regression = Dataset(x: data.x, targets: Matrix(rows: 10, columns: 1, repeating: 0.5), classLabels: nil,
                                 classCount: nil, description: "regression", isUnitNorm: false)
        #expect(dataError { try regression.filteringClasses([0, 1]) }?.description.contains("regression targets") == true)

        var zero = data
        zero.x[6, 0] = 0
        zero.x[6, 1] = 0
        let z = dataError { try zero.scaledToUnitNorm() }
        #expect(z == .zeroRow(row: 6))
        #expect(z?.description.contains("row 6") == true)
    }
}
