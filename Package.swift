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
        .executable(name: "critmin-server-bench", targets: ["CritMinServerBench"]),
        .library(name: "CritMinCore", targets: ["CritMinCore"]),
        .library(name: "CritMinAnalysis", targets: ["CritMinAnalysis"]),
        .library(name: "CritMinIngest", targets: ["CritMinIngest"]),
        .library(name: "CritMinStore", targets: ["CritMinStore"]),
        .library(name: "CritMinSimulation", targets: ["CritMinSimulation"]),
        .library(name: "CritMinReports", targets: ["CritMinReports"]),
        .library(name: "CritMinServer", targets: ["CritMinServer"]),
    ],
    dependencies: [
        .package(url: "https://github.com/groue/GRDB.swift.git", exact: "7.10.0"),
        .package(url: "https://github.com/apple/swift-argument-parser.git", exact: "1.8.2"),
        .package(url: "https://github.com/apple/swift-crypto.git", exact: "4.5.2"),
        .package(url: "https://github.com/jpsim/Yams.git", exact: "6.2.2"),
        .package(url: "https://github.com/ordo-one/benchmark.git", exact: "1.38.1", traits: ["MallocInterposer"]),
        .package(url: "https://github.com/hummingbird-project/hummingbird.git", exact: "2.28.1"),
        .package(url: "https://github.com/hummingbird-project/hummingbird-auth.git", exact: "2.5.0"),
        .package(url: "https://github.com/apple/swift-log.git", exact: "1.16.2"),
        .package(url: "https://github.com/apple/swift-metrics.git", exact: "2.13.0"),
        .package(url: "https://github.com/swift-server/swift-prometheus.git", exact: "2.4.1"),
        .package(url: "https://github.com/hummingbird-project/swift-mustache.git", exact: "2.1.1"),
        .package(url: "https://github.com/swift-server/swift-service-lifecycle.git", exact: "2.13.0"),
        .package(url: "https://github.com/apple/swift-nio.git", exact: "2.101.3"),
        .package(url: "https://github.com/apple/swift-http-types.git", exact: "1.8.0"),
        .package(url: "https://github.com/vapor/postgres-nio.git", exact: "1.33.2"),
        .package(url: "https://github.com/apple/swift-nio-ssl.git", exact: "2.37.6"),
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
            resources: [.copy("Reference"), .copy("DefaultBundle"), .copy("Scenarios/Examples"), .copy("Maps/world-110m.txt")],
            swiftSettings: strictSettings
        ),
        .target(name: "CritMinAnalysis", dependencies: ["CritMinCore"], swiftSettings: strictSettings),
        .target(name: "CritMinSimulation", dependencies: ["CritMinCore"], swiftSettings: strictSettings),
        .target(
            name: "CritMinStore",
            dependencies: [
                "CritMinCore", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "GRDBSQLite", package: "GRDB.swift"),
                .product(name: "Crypto", package: "swift-crypto"), .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "NIOCore", package: "swift-nio"), .product(name: "NIOPosix", package: "swift-nio"),
                .product(name: "NIOSSL", package: "swift-nio-ssl"), .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "CritMinReports", dependencies: ["CritMinCore", "CritMinAnalysis", "CritMinSimulation", "CritMinStore"],
            swiftSettings: strictSettings),
        .target(
            name: "CritMinServer",
            dependencies: [
                "CritMinCore", "CritMinIngest", "CritMinSimulation", "CritMinStore", "CritMinReports",
                .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Crypto", package: "swift-crypto"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "Metrics", package: "swift-metrics"),
                .product(name: "Prometheus", package: "swift-prometheus"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
                .product(name: "NIOCore", package: "swift-nio"),
                .product(name: "HTTPTypes", package: "swift-http-types"),
                .product(name: "Mustache", package: "swift-mustache"),
            ],
            resources: [.copy("Views")],
            swiftSettings: strictSettings
        ),
        .executableTarget(
            name: "critmin",
            dependencies: [
                "CritMinCore", "CritMinIngest", "CritMinAnalysis", "CritMinSimulation", "CritMinStore", "CritMinReports", "CritMinServer",
                .product(name: "ArgumentParser", package: "swift-argument-parser"),
                .product(name: "HummingbirdBcrypt", package: "hummingbird-auth"),
                .product(name: "Logging", package: "swift-log"),
                .product(name: "ServiceLifecycle", package: "swift-service-lifecycle"),
            ],
            swiftSettings: strictSettings
        ),
        .target(
            name: "CritMinTestSupport",
            dependencies: [
                "CritMinStore", .product(name: "GRDB", package: "GRDB.swift"), .product(name: "PostgresNIO", package: "postgres-nio"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Tests/CritMinTestSupport", swiftSettings: strictSettings),
        .testTarget(name: "CritMinCoreTests", dependencies: ["CritMinCore"], swiftSettings: strictSettings),
        .testTarget(
            name: "CritMinIngestTests", dependencies: ["CritMinIngest", "CritMinSimulation", "CritMinStore"], resources: [.copy("Fixtures")],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "CritMinAnalysisTests", dependencies: ["CritMinAnalysis"], swiftSettings: strictSettings),
        .testTarget(name: "CritMinSimulationTests", dependencies: ["CritMinSimulation"], swiftSettings: strictSettings),
        .testTarget(
            name: "CritMinStoreTests", dependencies: ["CritMinStore", "CritMinIngest", "CritMinTestSupport"], swiftSettings: strictSettings),
        .testTarget(
            name: "CritMinReportsTests", dependencies: ["CritMinReports", "CritMinIngest", "CritMinSimulation"], exclude: ["Tools"],
            swiftSettings: strictSettings),
        .testTarget(
            name: "CritMinServerTests",
            dependencies: [
                "CritMinServer", "CritMinIngest", "CritMinStore", "CritMinTestSupport",
                .product(name: "HummingbirdTesting", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            swiftSettings: strictSettings
        ),
        .testTarget(name: "critminTests", dependencies: ["critmin", "CritMinTestSupport"], swiftSettings: strictSettings),
        .executableTarget(
            name: "CritMinServerBench",
            dependencies: [
                "CritMinServer", "CritMinStore", .product(name: "Hummingbird", package: "hummingbird"),
                .product(name: "Logging", package: "swift-log"),
            ],
            path: "Benchmarks/CritMinServerBench",
            swiftSettings: strictSettings
        ),
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
