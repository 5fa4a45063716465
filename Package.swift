// swift-tools-version: 6.1
import PackageDescription

let package = Package(
    name: "Trajectory",
    platforms: [.macOS(.v13)],
    products: [
        .library(name: "LinearAlgebra", targets: ["LinearAlgebra"]),
        .library(name: "Forecasting", targets: ["Forecasting"]),
        .library(name: "TrajectoryIO", targets: ["TrajectoryIO"]),
        .library(name: "Planning", targets: ["Planning"]),
        .executable(name: "trajectory", targets: ["TrajectoryCLI"]),
    ],
    dependencies: [
        .package(url: "https://github.com/apple/swift-argument-parser.git", from: "1.5.0"),
        .package(url: "https://github.com/ordo-one/benchmark.git", from: "1.38.0", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/jpsim/Yams.git", from: "6.0.0"),
    ],
    targets: [
        // OpenBLAS (CBLAS) and LAPACKE. Debian's OpenBLAS is built without LAPACKE, hence both libraries.
        .systemLibrary(
            name: "CLapack",
            pkgConfig: "openblas",
            providers: [.apt(["libopenblas-dev", "liblapacke-dev"])]
        ),
        .target(name: "LinearAlgebra", dependencies: ["CLapack"]),
        .target(name: "Forecasting", dependencies: ["LinearAlgebra"]),
        .target(name: "TrajectoryIO", dependencies: ["Forecasting"]),
        .target(
            name: "Planning", dependencies: ["Forecasting", "TrajectoryIO", .product(name: "Yams", package: "Yams")]),
        .executableTarget(
            name: "TrajectoryCLI",
            dependencies: [
                "Planning", "TrajectoryIO", "Forecasting",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ]
        ),
        .executableTarget(
            name: "TrajectoryBenchmarks",
            dependencies: [
                "Forecasting", "TrajectoryIO", "Planning", "LinearAlgebra",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/TrajectoryBenchmarks",
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
        // Fuzz targets: a replay tool in a normal build, libFuzzer targets with scripts/fuzz.sh.
        .executableTarget(
            name: "TrajectoryFuzz",
            dependencies: ["Forecasting", "TrajectoryIO", "Planning"],
            path: "Fuzz/TrajectoryFuzz"
        ),
        .testTarget(name: "LinearAlgebraTests", dependencies: ["LinearAlgebra"]),
        .testTarget(
            name: "ForecastingTests",
            dependencies: ["Forecasting"],
            resources: [.copy("Fixtures")]
        ),
        .testTarget(name: "TrajectoryIOTests", dependencies: ["TrajectoryIO"]),
        .testTarget(
            name: "LibraryExamplesTests",
            dependencies: ["LinearAlgebra", "Forecasting", "TrajectoryIO", "Planning"]
        ),
        .testTarget(name: "PlanningTests", dependencies: ["Planning", "TrajectoryIO"], resources: [.copy("Fixtures")]),
        .testTarget(name: "TrajectoryCLITests", dependencies: ["TrajectoryCLI", "Planning", "TrajectoryIO"]),
    ],
    swiftLanguageModes: [.v6]
)
