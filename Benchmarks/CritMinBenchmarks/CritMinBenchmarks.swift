import Benchmark
import CritMinCore
import CritMinIngest
import CritMinReports
import CritMinStore
import Foundation

/// A database built once from the shipped bundle, shared by the query benchmarks.
actor SharedDatabase {
    static let shared = SharedDatabase()
    private var store: SQLiteStore?

    func get() async throws -> SQLiteStore {
        if let store { return store }
        let path = FileManager.default.temporaryDirectory.appendingPathComponent("critmin-bench-\(UUID().uuidString).sqlite").path
        let store = try SQLiteStore(path: path)
        for batch in try DatasetBundle.read(DatasetBundle.shipped()) { _ = try await store.apply(batch, importedBy: "benchmark") }
        self.store = store
        return store
    }
}

/// Time and allocation metrics (ARC metrics crash on Swift 6.3 here, see ARCHITECTURE.md).
func configuration(maxIterations: Int = 30, maxSeconds: Int = 10) -> Benchmark.Configuration {
    Benchmark.Configuration(
        metrics: [.wallClock, .cpuTotal, .mallocCountTotal, .peakMemoryResident], timeUnits: .milliseconds, warmupIterations: 1,
        maxDuration: .seconds(maxSeconds), maxIterations: maxIterations)
}

/// One benchmark per CLI query command: what the command does after argument parsing (open the builder, build the
/// report, render it), on the shipped dataset.
private func queryBenchmark(_ name: String, _ body: @escaping @Sendable (ReportBuilder) async throws -> Report) {
    Benchmark("query: \(name)", configuration: configuration()) { benchmark in
        let store = try await SharedDatabase.shared.get()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let builder = try await ReportBuilder(store: store)
            blackHole(try await body(builder).rendered(as: .table))
        }
    }
}

let benchmarks: @Sendable () -> Void = {
    Benchmark("bundle: read", configuration: configuration()) { benchmark in
        let bundle = try DatasetBundle.shipped()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try DatasetBundle.read(bundle)) }
    }

    Benchmark("database: build from bundle", configuration: configuration(maxIterations: 10, maxSeconds: 30)) { benchmark in
        let bundle = try DatasetBundle.shipped()
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("critmin-bench-build-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: folder) }
        benchmark.startMeasurement()
        for iteration in benchmark.scaledIterations {
            let store = try SQLiteStore(path: folder.appendingPathComponent("\(iteration).sqlite").path)
            for batch in try DatasetBundle.read(bundle) { _ = try await store.apply(batch, importedBy: "benchmark") }
            try store.close()
        }
    }

    queryBenchmark("commodity cobalt") { try await $0.commodity("cobalt") }
    queryBenchmark("sources --importer USA --commodity cobalt") { try await $0.sources(importer: "USA", commodity: "cobalt") }
    queryBenchmark("sources --importer USA --list US-2022") { try await $0.sources(importer: "USA", list: "US-2022") }
    queryBenchmark("sources --supplier CAN --importer USA --list US-2018") {
        try await $0.supplierSources(supplier: "CAN", importer: "USA", list: "US-2018")
    }
    queryBenchmark("concentration --stage mine") { try await $0.concentration(stage: .mine) }
    queryBenchmark("concentration --list US-2022") { try await $0.concentration(list: "US-2022") }
    queryBenchmark("country CHN") { try await $0.country("CHN") }
    queryBenchmark("lists") { try await $0.lists() }
    queryBenchmark("lists compare US-2022 CA-2024") { try await $0.compareLists("US-2022", "CA-2024") }

    assessmentBenchmark("assess: all methods, all commodities, USA and CAN, latest year", draws: nil)
    assessmentBenchmark("assess: all methods, all commodities, USA and CAN, latest year, 1,000 draws", draws: 1_000)

    simulationBenchmarks()
    realNetworkBenchmarks()
    siteBenchmarks()
}

/// The full assessment as `critmin assess --list all --method all` computes it, for the United States and for Canada.
private func assessmentBenchmark(_ name: String, draws: Int?) {
    Benchmark(name, configuration: configuration(maxIterations: draws == nil ? 30 : 5, maxSeconds: 30)) { benchmark in
        let store = try await SharedDatabase.shared.get()
        let options = AssessmentOptions(list: ReportBuilder.allCommodities, draws: draws)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            let builder = try await ReportBuilder(store: store)
            blackHole(try await builder.assessments(for: [Economy(members: ["USA"]), Economy(members: ["CAN"])], options: options))
        }
    }
}
