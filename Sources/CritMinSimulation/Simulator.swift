import CritMinCore

/// Runs disruption scenarios on supply networks (docs/METHODS.md, "Disruption propagation"). Pure: no I/O, the same
/// inputs give the same numbers bit for bit.
public struct Simulator: Sendable {
    let scenario: Scenario
    let networks: [CommodityID: CompiledNetwork]

    /// Checks the scenario against the networks and compiles the networks the scenario's shocks name.
    /// - Parameters:
    ///   - networks: One network per commodity; others than the scenario names are ignored.
    ///   - scenario: The scenario to run.
    /// - Throws: ``CritMinError`` naming the scenario or network field: a commodity without a network, a month outside
    ///   the horizon, a negative quantity, a fraction outside 0 … 1.
    public init(networks: [SupplyNetwork], scenario: Scenario) throws {
        let byCommodity = try Validation.networks(networks, for: scenario)
        try Validation.scenario(scenario, networks: byCommodity)
        self.scenario = scenario
        var compiled: [CommodityID: CompiledNetwork] = [:]
        for commodity in scenario.commodities { compiled[commodity] = CompiledNetwork(byCommodity[commodity]!, response: scenario.response) }
        self.networks = compiled
    }

    /// The scenario applied in full (every shock, whatever its probability), month by month over the horizon.
    /// - Parameter groups: The countries reported first and the grouping of coverage by supplier.
    /// - Returns: An outcome per commodity a shock names, sorted by commodity.
    public func run(groups: CoverageGroups) -> SimulationResult {
        let outcomes = scenario.commodities.map { commodity in
            let network = networks[commodity]!
            let plan = CommodityPlan(network: network, scenario: scenario)
            return Self.outcome(network: network, plan: plan, groups: groups)
        }
        return SimulationResult(scenarioName: scenario.name, horizonMonths: scenario.horizonMonths, commodities: outcomes, groups: groups)
    }

    static func outcome(network: CompiledNetwork, plan: CommodityPlan, groups: CoverageGroups) -> CommodityOutcome {
        let traces = CommodityRun.run(network: network, plan: plan, detailed: true)
        let stages = zip(network.stages, traces).map { StageOutcome(stage: $0.stage, unit: $0.unit, balance: $1.balance, compiled: $0, trace: $1) }
        var notes = network.notes + plan.notes
        if network.endUseShares.isEmpty { notes.append("The network gives no end-use shares; no shortfall by sector.") }
        let reconstructedCarried = network.stages.indices.contains { number in
            let stage = network.stages[number]
            return stage.flowReconstructed.indices.contains { stage.flowReconstructed[$0] && traces[number].flowsCarried[$0] > 0 }
        }
        if reconstructedCarried {
            notes.append("Some of the shortfall travelled along flows reconstructed from import shares, not reported bilaterally.")
        }
        return CommodityOutcome(
            commodity: network.commodity, year: network.year, horizonMonths: plan.horizon, shockStartMonth: plan.firstShockMonth, stages: stages,
            notes: notes, groups: groups, network: network)
    }
}

/// Runs `scenario` on `networks` (see ``Simulator``).
/// - Throws: ``CritMinError`` for invalid inputs, naming the field.
public func simulate(networks: [SupplyNetwork], scenario: Scenario, focus: CoverageGroups) throws -> SimulationResult {
    try Simulator(networks: networks, scenario: scenario).run(groups: focus)
}
