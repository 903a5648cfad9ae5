// swift-tools-version: 6.2
import PackageDescription

let strictSettings: [SwiftSetting] = [
    .enableUpcomingFeature("ExistentialAny")
]

let package = Package(
    name: "critmin",
    platforms: [.macOS(.v15)],
    products: [
        .executable(name: "critmin", targets: ["critmin"]),
        .library(name: "CritMinCore", targets: ["CritMinCore"]),
        .library(name: "CritMinAnalysis", targets: ["CritMinAnalysis"]),
        .library(name: "CritMinIngest", targets: ["CritMinIngest"]),
        .library(name: "CritMinStore", targets: ["CritMinStore"]),
        .library(name: "CritMinSimulation", targets: ["CritMinSimulation"]),
        .library(name: "CritMinReports", targets: ["CritMinReports"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", exact: "4.5.2"),
        .package(url: "https://github.com/jpsim/Yams.git", exact: "6.2.2"),
        .package(url: "https://github.com/ordo-one/benchmark.git", exact: "1.38.1", traits: ["MallocInterposer"]),
    ],
    targets: [
        .target(name: "CritMinCore", swiftSettings: strictSettings),
        .target(
            name: "CritMinIngest",
            dependencies: [
                "CritMinCore",
                "CritMinSimulation",
                .product(name: "GRDB", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Yams", package: "Yams"),
            ],
            resources: [.copy("Reference"), .copy("DefaultBundle"), .copy("Scenarios/Examples")],
            swiftSettings: strictSettings
        ),
        .target(name: "CritMinAnalysis", dependencies: ["CritMinCore"], swiftSettings: strictSettings),
        .target(name: "CritMinSimulation", dependencies: ["CritMinCore"], swiftSettings: strictSettings),
        .target(
            name: "CritMinStore",
            dependencies: [
                "CritMinCore", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "CritMinReports", dependencies: ["CritMinCore", "CritMinAnalysis", "CritMinSimulation", "CritMinStore"],
            swiftSettings: strictSettings),
        .executableTarget(
            name: "critmin",
            dependencies: [
                "CritMinCore", "CritMinIngest", "CritMinAnalysis", "CritMinSimulation", "CritMinStore", "CritMinReports",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "CritMinCoreTests", dependencies: ["CritMinCore"], swiftSettings: strictSettings),
        .testTarget(
            name: "CritMinIngestTests", dependencies: ["CritMinIngest", "CritMinSimulation", "CritMinStore"], resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "CritMinAnalysisTests", dependencies: ["CritMinAnalysis"], swiftSettings: strictSettings),
        .testTarget(name: "CritMinSimulationTests", dependencies: ["CritMinSimulation"], swiftSettings: strictSettings),
        .testTarget(name: "CritMinStoreTests", dependencies: ["CritMinStore", "CritMinIngest"], swiftSettings: strictSettings),
        .testTarget(
            name: "CritMinReportsTests", dependencies: ["CritMinReports", "CritMinIngest", "CritMinSimulation"], exclude: ["Tools"],
            swiftSettings: strictSettings),
        .testTarget(name: "critminTests", dependencies: ["critmin"], swiftSettings: strictSettings),
        .executableTarget(
            name: "CritMinBenchmarks",
            dependencies: [
                "CritMinCore", "CritMinIngest", "CritMinStore", "CritMinAnalysis", "CritMinSimulation", "CritMinReports",
                .product(name: "Benchmark", package: "benchmark"),
            ],
            path: "Benchmarks/CritMinBenchmarks",
            swiftSettings: strictSettings,
            plugins: [.plugin(name: "BenchmarkPlugin", package: "benchmark")]
        ),
    ]
)
