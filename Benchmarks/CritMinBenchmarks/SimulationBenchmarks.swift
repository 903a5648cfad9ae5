import Benchmark
import CritMinCore
import CritMinSimulation

/// Synthetic networks of realistic size (``SyntheticNetwork``): 60 commodities, 200 countries, about 3,000 flows each
/// over a mine and a coupled refinery stage. Real-data benchmarks come with the database-built networks.
private let commodities = (0..<60).map { CommodityID(rawValue: "synthetic-\($0)") }
private let networks = commodities.enumerated().map { SyntheticNetwork.make(commodity: $1, countries: 200, flows: 3_000, seed: UInt64($0)) }
private let countries = Array(Set(networks.flatMap { $0.stages.flatMap { $0.nodes.map(\.country) } })).sorted()

/// The largest miner of every commodity ("SAA") bans all its exports from month 3 for 12 months of a 24-month horizon,
/// with the standard responses.
private let banScenario = Scenario(
    name: "largest miner bans", summary: "synthetic", horizonMonths: 24,
    shocks: [Shock(kind: .exportRestriction(.ban, to: .all), country: "SAA", commodities: commodities, startMonth: 3, durationMonths: 12)])

/// Governance scores spread evenly over 0 … 1 (seeded), so every supplier has a ban probability of up to 5 % a year.
private let governance: [CountryCode: Double] = {
    var generator = SplitMix64(seed: 1)
    return Dictionary(uniqueKeysWithValues: countries.map { ($0, generator.nextUnit()) })
}()

/// Ten named suppliers, 2 % to 20 % a year: draws disrupt few suppliers, as the Monte Carlo case assumes.
private let namedSuppliers = MonteCarloSettings(
    supplierProbabilities: Dictionary(uniqueKeysWithValues: (0..<10).map { (countries[$0 * 3], 0.02 * Double($0 + 1)) }))

private let monteCarloScenario = Scenario(name: "supplier bans", summary: "synthetic", horizonMonths: 12, shocks: [])

let simulationBenchmarks: @Sendable () -> Void = {
    let focus = CoverageGroups.canadaUnitedStates()
    Benchmark("simulation: deterministic, 60 commodities × 200 countries × 3,000 flows, 24 months", configuration: configuration()) {
        benchmark in
        for _ in benchmark.scaledIterations { blackHole(try simulate(networks: networks, scenario: banScenario, focus: focus)) }
    }
    for countryCount in [50, 100, 200] {
        let sized = commodities.prefix(10).enumerated().map {
            SyntheticNetwork.make(commodity: $1, countries: countryCount, flows: countryCount * 15, seed: UInt64($0))
        }
        let scenario = Scenario(
            name: "ban", summary: "synthetic", horizonMonths: 24,
            shocks: [
                Shock(
                    kind: .exportRestriction(.ban, to: .all), country: "SAA", commodities: Array(commodities.prefix(10)), startMonth: 3,
                    durationMonths: 12)
            ])
        Benchmark(
            "simulation: deterministic, 10 commodities × \(countryCount) countries × \(countryCount * 15) flows", configuration: configuration()
        ) {
            benchmark in
            for _ in benchmark.scaledIterations { blackHole(try simulate(networks: sized, scenario: scenario, focus: focus)) }
        }
    }
    for draws in [1_000, 10_000] {
        Benchmark(
            "simulation: Monte Carlo, 10 named suppliers, 60 commodities, \(draws) draws",
            configuration: configuration(maxIterations: 5, maxSeconds: 60)
        ) {
            benchmark in
            for _ in benchmark.scaledIterations {
                blackHole(
                    try monteCarlo(networks: networks, scenario: monteCarloScenario, settings: namedSuppliers, draws: draws, seed: 42, focus: focus))
            }
        }
    }
    Benchmark(
        "simulation: Monte Carlo, governance for all suppliers, 60 commodities, 1,000 draws",
        configuration: configuration(maxIterations: 3, maxSeconds: 60)
    ) { benchmark in
        for _ in benchmark.scaledIterations {
            blackHole(
                try monteCarlo(
                    networks: networks, scenario: monteCarloScenario, settings: MonteCarloSettings(governanceDefault: true), governance: governance,
                    draws: 1_000, seed: 42, focus: focus))
        }
    }
}
