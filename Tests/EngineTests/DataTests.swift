import CZlib
import Foundation
import LinearAlgebra
import PropertyBased
import Testing
import Engine

/// Helpers shared by `DataTests` and `DataErrorTests`: temporary directories and IDX files.
enum DataFixtures {
    /// A fresh empty directory under the system temporary directory.
    static func temporaryDirectory() throws -> String {
        let path = (NSTemporaryDirectory() as NSString).appendingPathComponent("lth-data-\(UUID().uuidString)")
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
        return path
    }

    /// IDX bytes: magic 0x0000TTDD, big-endian dimensions, then `payload`.
    static func idxBytes(type: UInt8, dimensions: [Int], payload: [UInt8]) -> [UInt8] {
        var bytes: [UInt8] = [0, 0, type, UInt8(dimensions.count)]
        for n in dimensions {
            let v = UInt32(n)
            bytes += [UInt8(v >> 24), UInt8((v >> 16) & 0xFF), UInt8((v >> 8) & 0xFF), UInt8(v & 0xFF)]
        }
        return bytes + payload
    }

    static func writeRaw(_ bytes: [UInt8], to path: String) throws {
        try Data(bytes).write(to: URL(fileURLWithPath: path))
    }

    /// Writes `bytes` gzip-compressed with zlib's gzopen("wb").
    static func writeGzip(_ bytes: [UInt8], to path: String) throws {
        guard let file = gzopen(path, "wb") else { throw DataError.unreadable(path: path, reason: "gzopen failed") }
        let written = bytes.withUnsafeBytes { gzwrite(file, $0.baseAddress, UInt32($0.count)) }
        #expect(Int(written) == bytes.count)
        #expect(gzclose(file) == Z_OK)
    }

    /// A tiny MNIST-layout directory: train raw (3 images 2x3), t10k gzipped (2 images).
    static let trainPixels: [UInt8] = [0, 51, 102, 153, 204, 255,  1, 2, 3, 4, 5, 6,  255, 0, 255, 0, 255, 0]
    static let trainLabels: [UInt8] = [2, 0, 1]
    static let testPixels: [UInt8] = [10, 20, 30, 40, 50, 60,  7, 7, 7, 7, 7, 7]
    static let testLabels: [UInt8] = [3, 2]

    static func tinyLayout() throws -> String {
        let dir = try temporaryDirectory()
        func file(_ name: String) -> String { (dir as NSString).appendingPathComponent(name) }
        try writeRaw(idxBytes(type: 0x08, dimensions: [3, 2, 3], payload: trainPixels), to: file("train-images-idx3-ubyte"))
        try writeRaw(idxBytes(type: 0x08, dimensions: [3], payload: trainLabels), to: file("train-labels-idx1-ubyte"))
        try writeGzip(idxBytes(type: 0x08, dimensions: [2, 2, 3], payload: testPixels), to: file("t10k-images-idx3-ubyte.gz"))
        try writeGzip(idxBytes(type: 0x08, dimensions: [2], payload: testLabels), to: file("t10k-labels-idx1-ubyte.gz"))
        return dir
    }

    static func writeText(_ text: String, name: String) throws -> String {
        let path = (try temporaryDirectory() as NSString).appendingPathComponent(name)
        try text.write(toFile: path, atomically: true, encoding: .utf8)
        return path
    }

    /// Euclidean norm of row i, in float64.
    static func rowNorm(_ x: Matrix<Float>, _ i: Int) -> Double {
        x.row(i).reduce(0.0) { $0 + Double($1) * Double($1) }.squareRoot()
    }
}

@Suite("DataTests")
struct DataTests {
    // MARK: IDX and MNIST layout

    @Test func tinyLayoutReadsRawAndGzipSplits() throws {
        let dir = try DataFixtures.tinyLayout()
        let gzPath = (dir as NSString).appendingPathComponent("t10k-images-idx3-ubyte.gz")
        #expect(IDXReader.isGzip(path: gzPath))
        #expect(!IDXReader.isGzip(path: (dir as NSString).appendingPathComponent("train-images-idx3-ubyte")))

        let split = try DataSource.parse(dir).load(seed: 0)
        let train = split.train
        #expect(train.sampleCount == 3 && train.dimension == 6)
        #expect(train.x.storage == DataFixtures.trainPixels.map { Float($0) / 255 })
        #expect(train.classLabels == [2, 0, 1])
        // Classes 0..<4: the largest label of both splits is 3.
        #expect(train.classCount == 4 && train.outputCount == 4)
        #expect(train.targets.row(0) == [0, 0, 1, 0])
        #expect(train.targets.row(1) == [1, 0, 0, 0])
        #expect(!train.isUnitNorm)
        #expect(train.description.contains(dir))

        let test = try #require(split.test)
        #expect(test.sampleCount == 2)
        #expect(test.x.storage == DataFixtures.testPixels.map { Float($0) / 255 })
        #expect(test.classLabels == [3, 2])
        #expect(test.targets.row(0) == [0, 0, 0, 1])
    }

    @Test func idxReadsEveryElementType() throws {
        let dir = try DataFixtures.temporaryDirectory()
        func check(_ type: IDXElementType, _ payload: [UInt8], _ expected: [Double], gzip: Bool) throws {
            let path = (dir as NSString).appendingPathComponent("a-\(type.rawValue)-\(gzip)")
            let bytes = DataFixtures.idxBytes(type: type.rawValue, dimensions: [2, 1], payload: payload)
            if gzip { try DataFixtures.writeGzip(bytes, to: path) } else { try DataFixtures.writeRaw(bytes, to: path) }
            let array = try IDXReader.read(path: path)
            #expect(array.elementType == type)
            #expect(array.dimensions == [2, 1])
            #expect(array.magic == UInt32(type.rawValue) << 8 | 2)
            #expect(array.doubleValues() == expected)
        }
        for gzip in [false, true] {
            try check(.uint8, [200, 7], [200, 7], gzip: gzip)
            try check(.int8, [0xFF, 0x80], [-1, -128], gzip: gzip)
            try check(.int16, [0x01, 0x02, 0xFF, 0xFE], [258, -2], gzip: gzip)
            try check(.int32, [0, 1, 0, 0, 0xFF, 0xFF, 0xFF, 0xFD], [65536, -3], gzip: gzip)
            let f: [Float] = [1.5, -0.25]
            try check(.float32, f.flatMap { withUnsafeBytes(of: $0.bitPattern.bigEndian) { Array($0) } }, [1.5, -0.25], gzip: gzip)
            let g: [Double] = [Double.pi, -1e300]
            try check(.float64, g.flatMap { withUnsafeBytes(of: $0.bitPattern.bigEndian) { Array($0) } }, g, gzip: gzip)
        }
    }

    @Test func fashionMNISTSmoke() throws {
        let source = try DataSource.parse("fashion-mnist")
        #expect(source == .fashionMNIST)
        let split = try source.load(seed: 0)
        let train = split.train
        let test = try #require(split.test)
        #expect(train.sampleCount == 60000 && test.sampleCount == 10000)
        #expect(train.dimension == 28 * 28 && test.dimension == 784)
        #expect(train.classCount == 10 && test.classCount == 10 && train.outputCount == 10)
        for data in [train, test] {
            let labels = try #require(data.classLabels)
            #expect(Set(labels) == Set(0..<10))
            let (lo, hi) = data.x.storage.withUnsafeBufferPointer { b in
                var lo = Float.infinity, hi = -Float.infinity
                for i in 0..<b.count { lo = min(lo, b[i]); hi = max(hi, b[i]) }
                return (lo, hi)
            }
            #expect(lo == 0 && hi == 1)  // pixels 0 and 255 both occur
            #expect(data.targetNorm2 == Double(data.sampleCount))  // one 1 per one-hot row
        }
        // Fashion-MNIST is balanced: 6000 training and 1000 test images per class.
        #expect(train.classLabels!.filter { $0 == 3 }.count == 6000)
        #expect(test.classLabels!.filter { $0 == 9 }.count == 1000)
        #expect(train.description.hasPrefix("Fashion-MNIST train"))
        let pair = try train.filteringClasses([0, 1])
        #expect(pair.sampleCount == 12000 && pair.outputCount == 1)
    }

    // MARK: CSV

    @Test func csvWithHeaderAndLastColumnLabel() throws {
        let path = try DataFixtures.writeText("f1, f2 ,label\r\n0.5,1,1\n\n-2,3e-1,0\n", name: "a.csv")
        let data = try DataSource.parse(path).load(seed: 0).train
        #expect(data.sampleCount == 2 && data.dimension == 2)
        #expect(data.x.storage == [0.5, 1, -2, 0.3])
        #expect(data.classLabels == [1, 0] && data.classCount == 2)
        #expect(data.targets.storage == [0, 1, 1, 0])
        #expect(data.description.contains("header skipped"))
    }

    @Test func csvWithoutHeaderAndLabelColumn() throws {
        let path = try DataFixtures.writeText("2,0.5,1.5\n0,-1,4\n", name: "b.csv")
        let source = try DataSource.parse(path + "?label=0")
        #expect(source == .csv(path: path, labelColumn: 0))
        let data = try source.load(seed: 0).train
        #expect(data.x.storage == [0.5, 1.5, -1, 4])
        #expect(data.classLabels == [2, 0] && data.classCount == 3)
        #expect(!data.description.contains("header"))
        // A first row whose fields are all numbers is data, not a header.
        let noLabelColumn = try CSVReader.read(path: path)
        #expect(noLabelColumn.sampleCount == 2)
        #expect(noLabelColumn.classLabels == nil)  // 1.5 and 4: 1.5 is no class index
        #expect(noLabelColumn.targets.storage == [1.5, 4])
    }

    @Test func csvRegressionAndForcedKinds() throws {
        let path = try DataFixtures.writeText("1,2,-1\n3,4,1\n", name: "c.csv")
        let auto = try CSVReader.read(path: path)
        #expect(auto.classLabels == nil && auto.targets.storage == [-1, 1])
        let asRegression = try CSVReader.read(path: path, labelColumn: 0, labelKind: .regression)
        #expect(asRegression.targets.storage == [1, 3] && asRegression.x.storage == [2, -1, 4, 1])
    }

    // MARK: Synthetic sphere

    @Test func syntheticIsDeterministic() throws {
        let a = try DataSource.parse("synthetic:sphere?m=50&d=7&seed=3").load(seed: 99)
        let b = try DataSource.parse("synthetic:sphere?m=50&d=7&seed=3").load(seed: 12345)
        let c = try DataSource.parse("synthetic:sphere?m=50&d=7&seed=4").load(seed: 0)
        let d = try DataSource.parse("synthetic:sphere?m=50&d=7").load(seed: 4)
        func bits(_ m: Matrix<Float>) -> [UInt32] { m.storage.map(\.bitPattern) }
        #expect(bits(a.train.x) == bits(b.train.x) && bits(a.train.targets) == bits(b.train.targets))
        #expect(bits(a.train.x) != bits(c.train.x))
        #expect(bits(c.train.x) == bits(d.train.x))  // seed key absent: the load seed is used
        let test = try #require(a.test)
        #expect(test.sampleCount == 12)  // default max(1, m/4)
        #expect(bits(test.x) != bits(Matrix(rows: 12, columns: 7, storage: Array(a.train.x.storage[0..<84]))))
    }

    /// One source split serves every recipe of the same `sourceKey`: deriving a recipe's subset
    /// from it gives `load()` bit for bit (rows, targets, checksum, description), and the key
    /// tells apart exactly the recipes whose source splits differ (a seed matters only to
    /// synthetic data without its own seed=).
    @Test func derivedSubsetsAreTheLoadedOnes() async throws {
        for source in ["synthetic:sphere?m=90&d=5&seed=2", "synthetic:sphere?m=90&d=5"] {
            await propertyCheck(count: 25, input: Gen.int(in: 1...90), Gen.int(in: 0...1_000), Gen.bool) { m, seed, unitNorm in
                let recipe = DataRecipe(source: source, samples: m, seed: UInt64(seed), unitNorm: unitNorm)
                let shared = DataRecipe(source: source, samples: 90, seed: 7, unitNorm: !unitNorm)
                let loaded = try recipe.load()
                let base = recipe.sourceKey == shared.sourceKey ? try shared.loadSource() : try recipe.loadSource()
                let derived = try recipe.derive(from: base)
                #expect(derived.train.x.storage.map(\.bitPattern) == loaded.train.x.storage.map(\.bitPattern))
                #expect(derived.train.checksum == loaded.train.checksum && derived.train.description == loaded.train.description)
                #expect(derived.test?.checksum == loaded.test?.checksum)
            }
        }
        let own = DataRecipe(source: "synthetic:sphere?m=90&d=5&seed=2", samples: 10, seed: 1)
        #expect(own.sourceKey == DataRecipe(source: own.source, samples: 40, seed: 2, unitNorm: false).sourceKey)
        let drawn = DataRecipe(source: "synthetic:sphere?m=90&d=5", samples: 10, seed: 1)
        #expect(drawn.sourceKey != DataRecipe(source: drawn.source, samples: 10, seed: 2).sourceKey)
        #expect(own.sourceKey != DataRecipe(source: own.source, classes: [0, 1], samples: 10, seed: 1).sourceKey)
    }

    @Test func syntheticMatchesAnIndependentReference() throws {
        // Bits computed by a separate Python implementation of the documented recipe
        // (SplitMix64-seeded xoshiro256**, derivedSeed, polar method with libm's log,
        // float64 normalisation, float32 rounding, balanced teacher signs): seed 3, d = 7,
        // teacher width 8, the first two training points and the first four labels.
        #expect(SeededGenerator.derivedSeed(3, stream: 1) == 0x07B9_5A56_5779_22FE)
        let data = try SyntheticSphere(dimension: 7, seed: 3).sample(count: 4)
        let expected: [UInt32] = [0x3D5C_173B, 0xBCED_F38C, 0xBD96_B017, 0x3E69_200E, 0xBEEE_DE8F, 0xBF4D_A2CC, 0xBE8D_44C5,
                                  0x3E46_2573, 0xBE9E_7720, 0x3EDB_DBFF, 0xBEF1_E5A1, 0xBF08_3B7B, 0xBEA9_FE3A, 0xBE83_43AA]
        #expect(Array(data.x.storage.prefix(14)).map(\.bitPattern) == expected)
        #expect(data.targets.storage == [-1, 1, 1, 1])
    }

    @Test func syntheticLabelsComeFromTheTeacher() throws {
        let sphere = try SyntheticSphere(dimension: 5, teacherWidth: 8, seed: 11)
        let train = try sphere.sample(count: 400, stream: SyntheticSphere.trainStream)
        let test = try sphere.sample(count: 100, stream: SyntheticSphere.testStream, splitName: "test")
        #expect(train.isUnitNorm && train.classCount == 2 && train.outputCount == 1)
        for data in [train, test] {
            for i in 0..<data.sampleCount {
                let x = data.x.row(i)
                let a = sphere.teacherSigns
                let output = (0..<8).reduce(0.0) { acc, j in
                    acc + a[j] * max(0, zip(sphere.teacherWeights[j], x).reduce(0.0) { $0 + $1.0 * Double($1.1) })
                }
                let y: Float = output >= 0 ? 1 : -1
                #expect(data.targets[i, 0] == y)
                #expect(data.classLabels![i] == (y > 0 ? 0 : 1))
            }
        }
        // Both labels occur.
        #expect(Set(train.targets.storage) == [1, -1])
    }

    @Test func syntheticPointsAreUnitNorm() async {
        await propertyCheck(count: 30, input: Gen.int(in: 1...40), Gen.int(in: 1...30), Gen.int(in: 0...1_000_000)) { d, m, seed in
            let data = try? SyntheticSphere(dimension: d, seed: UInt64(seed)).sample(count: m)
            guard let data else { Issue.record("generation failed"); return }
            for i in 0..<m {
                #expect(abs(DataFixtures.rowNorm(data.x, i) - 1) < 1e-6)
            }
        }
    }

    @Test func labelNoiseFlipsAboutTheRequestedFraction() throws {
        let sphere = try SyntheticSphere(dimension: 10, seed: 5)
        let clean = try sphere.sample(count: 20000, noise: 0)
        let noisy = try sphere.sample(count: 20000, noise: 0.2)
        #expect(clean.x.storage == noisy.x.storage)  // the points do not depend on the noise
        let flipped = zip(clean.targets.storage, noisy.targets.storage).filter { $0 != $1 }.count
        let rate = Double(flipped) / 20000
        // Binomial standard deviation sqrt(0.2 * 0.8 / 20000) = 0.0028; allow 5 of them.
        #expect(abs(rate - 0.2) < 0.014)
        #expect(noisy.description.contains("\(flipped) of 20000 labels flipped"))
        let allFlipped = try sphere.sample(count: 100, noise: 1)
        let cleanSmall = try sphere.sample(count: 100, noise: 0)
        #expect(zip(allFlipped.targets.storage, cleanSmall.targets.storage).allSatisfy { $0 == -$1 })
    }

    // MARK: Transforms

    static func numbered(_ m: Int, classes: Int) -> Dataset {
        // Row i is (i + 1, 1): distinct, never zero; label i mod classes.
        let labels = (0..<m).map { $0 % classes }
        return Dataset(x: Matrix(rows: m, columns: 2, storage: (0..<m).flatMap { [Float($0 + 1), 1] }),
                       targets: Dataset.oneHotTargets(labels: labels, classCount: classes),
                       classLabels: labels, classCount: classes, description: "numbered", isUnitNorm: false)
    }

    @Test func subsetDrawsWithoutReplacement() async {
        await propertyCheck(count: 40, input: Gen.int(in: 1...300), Gen.int(in: 0...1000)) { population, seed in
            let count = max(1, population / 3)
            guard let indices = try? Dataset.subsetIndices(population: population, count: count, seed: UInt64(seed)),
                  let again = try? Dataset.subsetIndices(population: population, count: count, seed: UInt64(seed)) else {
                Issue.record("subset failed"); return
            }
            #expect(indices.count == count)
            #expect(Set(indices).count == count)  // no duplicates
            #expect(indices == indices.sorted())
            #expect(indices.allSatisfy { (0..<population).contains($0) })
            #expect(indices == again)
        }
    }

    @Test func subsetKeepsRowsAndLabels() throws {
        let data = Self.numbered(100, classes: 3)
        let sub = try data.subset(count: 30, seed: 7)
        #expect(sub.sampleCount == 30)
        for i in 0..<30 {
            let original = Int(sub.x[i, 0]) - 1
            #expect(sub.classLabels![i] == original % 3)
            #expect(sub.targets.row(i) == data.targets.row(original))
        }
        #expect(sub.description == "numbered, 30 of 100 samples drawn without replacement (seed 7)")
        let other = try data.subset(count: 30, seed: 8)
        #expect(other.x.storage != sub.x.storage)
        #expect(try data.subset(count: 100, seed: 1).x.storage == data.x.storage)
    }

    @Test func subsetIsUniformOverRows() throws {
        // Each of 10 rows should be chosen in about 3/10 of 4000 draws of 3 rows.
        var hits = [Int](repeating: 0, count: 10)
        for seed in 0..<4000 {
            for i in try Dataset.subsetIndices(population: 10, count: 3, seed: UInt64(seed)) { hits[i] += 1 }
        }
        // Expected 1200 each, standard deviation sqrt(4000 * 0.3 * 0.7) = 29; allow 5 of them.
        #expect(hits.allSatisfy { abs($0 - 1200) < 145 })
    }

    @Test func twoClassesBecomePlusMinusOne() throws {
        let data = Self.numbered(30, classes: 3)
        let pair = try data.filteringClasses([2, 0])
        #expect(pair.sampleCount == 20 && pair.outputCount == 1 && pair.classCount == 2)
        for i in 0..<pair.sampleCount {
            let original = (Int(pair.x[i, 0]) - 1) % 3
            #expect(pair.targets[i, 0] == (original == 2 ? 1 : -1))
            #expect(pair.classLabels![i] == (original == 2 ? 0 : 1))
        }
        #expect(pair.description.hasSuffix("classes 2,0 as +1/-1 (20 samples)"))
    }

    @Test func manyClassesAreReindexedOneHot() throws {
        let data = Self.numbered(40, classes: 5)
        let three = try data.filteringClasses([4, 1, 3])
        #expect(three.sampleCount == 24 && three.outputCount == 3 && three.classCount == 3)
        for i in 0..<three.sampleCount {
            let original = (Int(three.x[i, 0]) - 1) % 5
            let expected = [4, 1, 3].firstIndex(of: original)!
            #expect(three.classLabels![i] == expected)
            #expect(three.targets.row(i) == (0..<3).map { $0 == expected ? 1 : 0 })
        }
        #expect(three.description.contains("classes 4,1,3 one-hot"))
    }

    @Test func unitNormScaling() throws {
        let data = Self.numbered(50, classes: 2)
        let scaled = try data.scaledToUnitNorm()
        #expect(scaled.isUnitNorm)
        for i in 0..<50 {
            #expect(abs(DataFixtures.rowNorm(scaled.x, i) - 1) < 1e-6)
            // Direction kept: x_i0 / x_i1 = i + 1.
            #expect(abs(Double(scaled.x[i, 0] / scaled.x[i, 1]) - Double(i + 1)) < 1e-4 * Double(i + 1))
        }
        #expect(scaled.description == "numbered, rows scaled to unit norm")
        #expect(scaled.targets == data.targets)
        #expect(try scaled.scaledToUnitNorm().description == scaled.description)
    }

    // MARK: Sources

    @Test func sourceFormsParse() throws {
        let dir = try DataFixtures.tinyLayout()
        #expect(try DataSource.parse(dir) == .mnistLayout(directory: dir, name: nil))
        #expect(try DataSource.parse("FASHION-MNIST") == .fashionMNIST)
        #expect(try DataSource.parse("x/y.csv") == .csv(path: "x/y.csv", labelColumn: nil))
        let sphere = try DataSource.parse("synthetic:sphere?m=100&d=5&seed=2&noise=0.1&teacher=3&test=7")
        #expect(sphere == .syntheticSphere(SyntheticSphereSpec(sampleCount: 100, dimension: 5, seed: 2, noise: 0.1,
                                                                teacherWidth: 3, testCount: 7)))
        #expect(try DataSource.parse(sphere.description) == sphere)
        #expect(sphere.description == "synthetic:sphere?m=100&d=5&seed=2&noise=0.1&teacher=3&test=7")
        let noTest = try DataSource.parse("synthetic:sphere?m=10&d=3&test=0").load(seed: 1)
        #expect(noTest.test == nil && noTest.train.sampleCount == 10)
    }

    // MARK: Seeded generator

    @Test func generatorMatchesReferenceXoshiro() {
        // SplitMix64 from state 0 (the published first outputs).
        var z: UInt64 = 0
        #expect(SeededGenerator.splitMix64(&z) == 0xE220_A839_7B1D_CDAF)
        #expect(SeededGenerator.splitMix64(&z) == 0x6E78_9E6A_A1B9_65F4)
        // xoshiro256** seeded by SplitMix64, checked against an independent Python implementation.
        var g0 = SeededGenerator(seed: 0)
        #expect([g0.next(), g0.next(), g0.next()] == [0x99EC_5F36_CB75_F2B4, 0xBF6E_1F78_4956_452A, 0x1A5F_849D_4933_E6E0])
        var g42 = SeededGenerator(seed: 42)
        #expect([g42.next(), g42.next(), g42.next()] == [0x1578_0B2E_0C2E_C716, 0x6104_D986_6D11_3A7E, 0xAE17_5332_39E4_99A1])
    }

    @Test func uniformsAndIndicesStayInRange() async {
        await propertyCheck(count: 50, input: Gen.int(in: 1...1000), Gen.int(in: 0...Int.max)) { bound, seed in
            var g = SeededGenerator(seed: UInt64(seed))
            for _ in 0..<200 {
                let u = g.nextUniform()
                let f = g.nextUniformFloat()
                let k = g.nextIndex(below: bound)
                #expect(u >= 0 && u < 1 && f >= 0 && f < 1 && k >= 0 && k < bound)
            }
        }
    }

    @Test func gaussianMoments() {
        var g = SeededGenerator(seed: 2024)
        let n = 200_000
        var s1 = 0.0, s2 = 0.0, s4 = 0.0, below = 0
        for _ in 0..<n {
            let z = g.nextGaussian()
            s1 += z; s2 += z * z; s4 += z * z * z * z
            if z < -1.959963984540054 { below += 1 }
        }
        let mean = s1 / Double(n), variance = s2 / Double(n) - mean * mean, kurtosis = s4 / Double(n)
        // Standard errors: mean 0.0022, variance 0.0032, fourth moment 0.022, tail 0.00049.
        #expect(abs(mean) < 0.011)
        #expect(abs(variance - 1) < 0.016)
        #expect(abs(kurtosis - 3) < 0.11)
        #expect(abs(Double(below) / Double(n) - 0.025) < 0.0025)
    }

    @Test func portableLogAgreesWithLibm() async {
        await propertyCheck(count: 300, input: Gen.double(in: -1074...1023)) { e in
            let x = Double(sign: .plus, exponent: Int(e.rounded(.down)), significand: 1 + (e - e.rounded(.down)))
            guard x > 0, x.isFinite else { return }
            let exact = log(x)
            #expect(abs(SeededGenerator.portableLog(x) - exact) <= 4 * max(exact.ulp, Double.leastNormalMagnitude))
        }
        #expect(SeededGenerator.portableLog(1) == 0)
        #expect(abs(SeededGenerator.portableLog(0.5) + 0.6931471805599453) < 1e-16)
        #expect(abs(SeededGenerator.portableLog(Double.leastNonzeroMagnitude) - log(Double.leastNonzeroMagnitude)) < 1e-12)
    }
}
