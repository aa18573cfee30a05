// swift-tools-version:6.1
import PackageDescription

/// `lth`: lottery-ticket theory and lottery-ticket runs side by side.
///
/// Architecture (one library per concern, C libraries through system-library targets):
/// - `CGSL`, `COpenBLAS`: GSL special functions / root finding, and OpenBLAS (CBLAS) + LAPACKE.
///   GSL is linked *without* `gslcblas`, so every `cblas_*` symbol resolves to OpenBLAS.
/// - `LinearAlgebra`: the BLAS runtime (CPU kernel selection, threads) and thin typed wrappers.
/// - `Bounds`: the analytic side, one file per theorem, named as in `Proofs/`.
/// - `Engine`: data, models, training, greedy forward selection, pruning.
/// - `Checker`: experiments, agreement tables, figures, exports.
/// - `CLI`: the command-line front end's commands (swift-argument-parser);
///   `lth` is its thin executable, `lth-bench` prints the benchmarks.
let package = Package(
    name: "lth",
    platforms: [.macOS(.v13)],
    products: [
        .executable(name: "lth", targets: ["lth"]),
        .executable(name: "lth-bench", targets: ["lth-bench"]),
        .library(name: "Bounds", targets: ["Bounds"]),
        .library(name: "Engine", targets: ["Engine"]),
        .library(name: "Checker", targets: ["Checker"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser", from: "1.8.2"),
        .package(url: "https://github.com/x-sheep/swift-property-based", from: "2.0.1"),
        .package(url: "https://github.com/jpsim/Yams", from: "6.2.2"),
    ],
    targets: [
        .systemLibrary(name: "CGSL", path: "Sources/CGSL"),
        .systemLibrary(name: "COpenBLAS", path: "Sources/COpenBLAS"),
        .systemLibrary(name: "CZlib", path: "Sources/CZlib"),
        // Hand-written kernels (AVX-512 / AVX2 / generic builds of one definition, same bits).
        // Optimised and without floating-point contraction in every configuration: the builds
        // must agree bit for bit, and debug test runs must not crawl.
        .target(
            name: "CKernels",
            cSettings: [.unsafeFlags(["-O2", "-ffp-contract=off", "-fno-math-errno"])]),
        // Sets OpenBLAS to one thread when a program loads (results must not depend on the thread count).
        .target(name: "CBLASRuntime", dependencies: ["COpenBLAS"]),
        .target(name: "LinearAlgebra", dependencies: ["COpenBLAS", "CBLASRuntime"]),
        .target(name: "Bounds", dependencies: ["CGSL", "COpenBLAS", "LinearAlgebra"]),
        .target(name: "Engine", dependencies: ["CKernels", "COpenBLAS", "CZlib", "LinearAlgebra"]),
        .target(
            name: "Checker",
            dependencies: ["Bounds", "CGSL", "Engine", "LinearAlgebra", .product(name: "Yams", package: "Yams")]),
        .target(
            name: "CLI",
            dependencies: [
                "Bounds", "Engine", "Checker", "LinearAlgebra",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]),
        .executableTarget(name: "lth", dependencies: ["CLI", "LinearAlgebra"]),
        .executableTarget(name: "lth-bench", dependencies: ["Bounds", "Engine", "LinearAlgebra", "COpenBLAS", "CKernels"]),
        .testTarget(
            name: "BoundsTests",
            dependencies: [
                "Bounds", "CGSL", "COpenBLAS", "Engine", "LinearAlgebra",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]),
        .testTarget(
            name: "EngineTests",
            dependencies: [
                "Engine", "Bounds", "LinearAlgebra", "CKernels",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ]),
        .testTarget(
            name: "CheckerTests",
            dependencies: [
                "Checker", "Bounds", "Engine",
                .product(name: "PropertyBased", package: "swift-property-based"),
            ],
            resources: [.copy("Golden")]),
        .testTarget(name: "CLITests", dependencies: ["lth"], exclude: ["Golden"]),
    ]
)
