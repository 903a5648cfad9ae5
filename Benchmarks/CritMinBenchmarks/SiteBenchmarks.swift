import Benchmark
import CritMinCore
import CritMinReports
import CritMinStore

/// The register built once from the shared database, for the query benchmarks.
actor SharedRegister {
    static let shared = SharedRegister()
    private var register: SiteRegister?

    func get() async throws -> SiteRegister {
        if let register { return register }
        let register = try await ReportBuilder(store: SharedDatabase.shared.get()).siteRegister()
        self.register = register
        return register
    }
}

/// The Abitibi greenstone belt (Québec–Ontario) and a point in it: a dense part of the register.
private let abitibi = try! GeoBox(south: 47.5, west: -80.0, north: 49.0, east: -76.5)
private let valDOr = try! GeoPoint(latitude: 48.0975, longitude: -77.7828)

let siteBenchmarks: @Sendable () -> Void = {
    Benchmark("sites: load every shipped site record and merge the register", configuration: configuration(maxIterations: 10, maxSeconds: 20)) {
        benchmark in
        let store = try await SharedDatabase.shared.get()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try await ReportBuilder(store: store).siteRegister().sites.count) }
    }

    Benchmark("sites: bounding box (Abitibi) over the whole register, spatial index", configuration: configuration(maxIterations: 1_000)) {
        benchmark in
        let register = try await SharedRegister.shared.get()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(register.sites(SiteFilter(box: abitibi)).count) }
    }

    // The baseline of the two index benchmarks: the same answer from a scan of every site.
    Benchmark("sites: bounding box (Abitibi) by scanning every site (baseline)", configuration: configuration(maxIterations: 1_000)) { benchmark in
        let register = try await SharedRegister.shared.get()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(register.sites.filter { $0.location.map { abitibi.contains($0.value) } ?? false }.count) }
    }

    Benchmark("sites: 10 nearest to Val-d'Or over the whole register, spatial index", configuration: configuration(maxIterations: 1_000)) {
        benchmark in
        let register = try await SharedRegister.shared.get()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(register.nearest(10, to: valDOr).count) }
    }

    Benchmark("sites: 10 nearest to Val-d'Or by sorting every distance (baseline)", configuration: configuration(maxIterations: 1_000)) { benchmark in
        let register = try await SharedRegister.shared.get()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            blackHole(register.sites.compactMap { $0.location.map { valDOr.distanceKm(to: $0.value) } }.sorted().prefix(10).count)
        }
    }
}
