import Benchmark
import CritMinCore
import CritMinIngest
import CritMinReports
import CritMinSimulation

/// Every supply network the shipped dataset yields (its latest trade year), the governance scores a Monte Carlo run
/// turns into ban probabilities, and the shipped scenarios: built once, outside the measurements.
private actor RealNetworks {
    static let shared = RealNetworks()
    private var loaded: (networks: [SupplyNetwork], governance: [CountryCode: Double], scenarios: [Scenario], builder: ReportBuilder)?

    func get() async throws -> (networks: [SupplyNetwork], governance: [CountryCode: Double], scenarios: [Scenario], builder: ReportBuilder) {
        if let loaded { return loaded }
        let builder = try await ReportBuilder(store: try await SharedDatabase.shared.get())
        let all = try await builder.supplyNetworks(commodities: builder.catalogue.commodities.keys.sorted())
        let networks = all.filter { !$0.stages.isEmpty }
        let governance = try await builder.disruptionGovernance(year: networks.first?.year)
        let loaded = (networks, governance, try ShippedScenarios.scenarios(catalogue: builder.catalogue), builder)
        self.loaded = loaded
        return loaded
    }
}

/// China bans all its exports of every commodity of the shipped networks for the whole 12-month horizon.
private func chinaBansEverything(_ networks: [SupplyNetwork]) -> Scenario {
    Scenario(
        name: "China bans all exports", summary: "benchmark", horizonMonths: 12,
        shocks: [Shock(kind: .exportRestriction(.ban, to: .all), country: .china, commodities: networks.map(\.commodity))])
}

let realNetworkBenchmarks: @Sendable () -> Void = {
    let focus = CoverageGroups.canadaUnitedStates()
    Benchmark("simulation (shipped data): deterministic, China bans all exports of every commodity, 12 months", configuration: configuration()) {
        benchmark in
        let (networks, _, _, _) = try await RealNetworks.shared.get()
        let scenario = chinaBansEverything(networks)
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations { blackHole(try simulate(networks: networks, scenario: scenario, focus: focus)) }
    }
    Benchmark("simulation (shipped data): every shipped scenario, networks read from the store", configuration: configuration()) { benchmark in
        let (_, _, scenarios, builder) = try await RealNetworks.shared.get()
        benchmark.startMeasurement()
        for _ in benchmark.scaledIterations {
            for scenario in scenarios { blackHole(try await builder.run(scenario)) }
        }
    }
    for draws in [1_000, 10_000] {
        Benchmark(
            "simulation (shipped data): Monte Carlo, every supplier of every commodity may ban (governance), \(draws) draws",
            configuration: configuration(maxIterations: 5, maxSeconds: 60)
        ) { benchmark in
            let (networks, governance, _, _) = try await RealNetworks.shared.get()
            let scenario = Scenario(name: "supplier bans", summary: "benchmark", horizonMonths: 12, shocks: [])
            benchmark.startMeasurement()
            for _ in benchmark.scaledIterations {
                blackHole(
                    try monteCarlo(
                        networks: networks, scenario: scenario, settings: MonteCarloSettings(governanceDefault: true), governance: governance,
                        draws: draws, seed: 42, focus: focus))
            }
        }
    }
}
