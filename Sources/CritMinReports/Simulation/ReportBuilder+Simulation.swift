import CritMinCore
import CritMinSimulation
import CritMinStore

/// A scenario run on the stored data: the networks it used, the deterministic outcome and, with draws, the Monte Carlo
/// distribution.
public struct ScenarioRun: Sendable {
    public var scenario: Scenario
    public var networks: [SupplyNetwork]
    public var result: SimulationResult
    public var monteCarlo: MonteCarloResult?
}

/// Candidate actions ranked against one scenario, with the citations of the networks the ranking ran on.
public struct InterventionRanking: Sendable {
    public var scenario: Scenario
    /// Largest reduction of expected months lost first.
    public var effects: [InterventionEffect]
    public var citations: Set<CitationID>
}

/// How a scenario is run: for whom, against which allies, with how many Monte Carlo draws.
public struct SimulationOptions: Sendable {
    /// Countries reported first; the United States and Canada by default.
    public var focus: [CountryCode]
    /// The country group counted as allies in coverage and in allies-first rationing.
    public var allies: String
    /// Monte Carlo draws (none when `nil`), their seed and worker threads.
    public var draws: Int?
    public var seed: UInt64
    public var threads: Int?

    public init(
        focus: [CountryCode] = [.unitedStates, .canada], allies: String = "ALLIES", draws: Int? = nil, seed: UInt64 = 2020, threads: Int? = nil
    ) {
        self.focus = focus
        self.allies = allies
        self.draws = draws
        self.seed = seed
        self.threads = threads
    }
}

extension ReportBuilder {
    /// Runs `scenario` on the supply networks of the year it names (the latest trade year by default).
    /// - Parameter progress: Called with the Monte Carlo draws completed.
    public func run(_ scenario: Scenario, options: SimulationOptions = SimulationOptions(), progress: (@Sendable (Int) -> Void)? = nil)
        async throws -> ScenarioRun
    {
        let networks = try await supplyNetworks(commodities: scenario.commodities, year: scenario.year)
        let governance = options.draws == nil ? [:] : try await disruptionGovernance(year: networks.first?.year)
        return try run(scenario, on: networks, governance: governance, options: options, progress: progress)
    }

    /// Runs `scenario` on networks already built (networks of commodities it does not name are ignored by the
    /// deterministic run); `governance` feeds the Monte Carlo's ban probabilities.
    func run(
        _ scenario: Scenario, on networks: [SupplyNetwork], governance: [CountryCode: Double], options: SimulationOptions,
        progress: (@Sendable (Int) -> Void)? = nil
    ) throws -> ScenarioRun {
        let groups = try coverageGroups(options)
        let result = try simulate(networks: networks, scenario: scenario, focus: groups)
        var monteCarlo: MonteCarloResult?
        if let draws = options.draws {
            monteCarlo = try CritMinSimulation.monteCarlo(
                networks: networks, scenario: scenario, settings: scenario.monteCarlo ?? MonteCarloSettings(), governance: governance,
                draws: draws, seed: options.seed, focus: groups, threads: options.threads, progress: progress)
        }
        return ScenarioRun(scenario: scenario, networks: networks, result: result, monteCarlo: monteCarlo)
    }

    /// Candidate actions ranked by how much each lowers the focus countries' expected months of consumption lost in
    /// `scenario`, over `draws` Monte Carlo draws shared by every candidate.
    public func rankInterventions(
        _ candidates: [Intervention], in scenario: Scenario, options: SimulationOptions, draws: Int
    ) async throws -> InterventionRanking {
        let networks = try await supplyNetworks(commodities: Self.commodities(of: scenario, candidates), year: scenario.year)
        return try rankInterventions(
            candidates, in: scenario, on: networks, governance: try await disruptionGovernance(year: networks.first?.year), options: options,
            draws: draws)
    }

    /// The ranking on networks already built: those of the scenario's and the candidates' commodities.
    func rankInterventions(
        _ candidates: [Intervention], in scenario: Scenario, on networks: [SupplyNetwork], governance: [CountryCode: Double],
        options: SimulationOptions, draws: Int
    ) throws -> InterventionRanking {
        let effects = try CritMinSimulation.rankInterventions(
            candidates: candidates, networks: networks, scenario: scenario, settings: scenario.monteCarlo ?? MonteCarloSettings(),
            governance: governance, draws: draws, seed: options.seed, focus: try coverageGroups(options), threads: options.threads)
        return InterventionRanking(scenario: scenario, effects: effects, citations: Self.citations(of: networks))
    }

    /// The commodities whose networks a ranking of `candidates` against `scenario` needs, sorted.
    static func commodities(of scenario: Scenario, _ candidates: [Intervention]) -> [CommodityID] {
        Array(Set(scenario.commodities + candidates.map(\.commodity))).sorted()
    }

    /// The focus countries, each partner of the other (the US and Canada), and the allies group.
    func coverageGroups(_ options: SimulationOptions) throws(CritMinError) -> CoverageGroups {
        let partners = Dictionary(
            uniqueKeysWithValues: options.focus.compactMap { country in partnerCountry(of: Economy(members: [country])).map { (country, $0) } })
        return CoverageGroups(focus: options.focus, partners: partners, allies: try group(options.allies))
    }

    /// Normalised political stability (0 … 1) of every country in the network year, or the latest year before it with
    /// scores: the governance a Monte Carlo run turns into disruption probabilities when the scenario asks it to.
    public func disruptionGovernance(year: Int?) async throws -> [CountryCode: Double] {
        let byYear = try await politicalStability(years: nil)
        guard let chosen = byYear.keys.filter({ year == nil || $0 <= year! }).max() ?? byYear.keys.max() else { return [:] }
        return byYear[chosen]?.mapValues(\.score) ?? [:]
    }

    /// `critmin simulate`: the focus countries' shortfall, who covered it and for how long, by sector, and the balance
    /// of every stage; with draws, the distribution of the shortfall.
    public func simulationReport(_ run: ScenarioRun) async throws -> Report {
        let scenario = run.scenario
        let citations = try await citationLines(ids: Self.citations(of: run.networks))
        let sourceLines = scenario.sources.map(Self.sourceLine)
        let networkNotes = run.networks.flatMap { network in network.notes.map { "\(network.commodity): \($0)" } }
        var tables = [
            shortfallTable(run, sources: sourceLines, networkNotes: networkNotes), monthlyTable(run), sectorTable(run),
            balanceTable(run),
        ]
        if let monteCarlo = run.monteCarlo { tables.append(distributionTable(monteCarlo, scenario: scenario)) }
        // Every table's figures come from the same networks: each cites them.
        for index in tables.indices { tables[index].citations = citations }
        var facts: [(String, String)] = [
            ("Scenario", scenario.name), ("Summary", scenario.summary),
            ("Horizon", "\(scenario.horizonMonths) months from January \(run.networks.first?.year ?? 0)"),
            (
                "Networks",
                run.networks.map { "\($0.commodity) \($0.year) (\($0.stages.map(\.stage.rawValue).joined(separator: ", ")))" }.joined(separator: "; ")
            ),
        ]
        if let monteCarlo = run.monteCarlo { facts.append(("Monte Carlo", "\(monteCarlo.draws) draws, seed \(monteCarlo.seed)")) }
        return Report(title: "What if: \(scenario.name)", facts: facts, tables: tables)
    }

    /// `critmin interventions`: candidates ranked by the shortfall they avoid, scenario by scenario.
    public func interventionsReport(_ rankings: [InterventionRanking], draws: Int, seed: UInt64) async throws -> Report {
        var tables: [ReportTable] = []
        for ranking in rankings {
            let (scenario, effects) = (ranking.scenario, ranking.effects)
            tables.append(
                ReportTable(
                    title: "Candidates against \(scenario.name): expected months of consumption lost by the focus countries",
                    columns: [
                        .figure("Rank"), Column("Candidate"), Column("Commodity"), .figure("Without", key: "baseline_months_lost"),
                        .figure("With", key: "months_lost"), .figure("Avoided", key: "reduction"),
                        .figure("Avoided per M USD", key: "reduction_per_million_usd"),
                        .figure("Worst 5 % without", key: "baseline_worst_5_percent"), .figure("Worst 5 % with", key: "worst_5_percent"),
                    ],
                    rows: effects.enumerated().map { rank, effect in
                        [
                            .integer(rank + 1), Cell(effect.intervention.name), Cell(effect.intervention.commodity.rawValue),
                            .number(effect.baselineExpectedMonthsLost, decimals: 3), .number(effect.expectedMonthsLost, decimals: 3),
                            .number(effect.reduction, decimals: 3), effect.reductionPerMillionUSD.map { .number($0, decimals: 5) } ?? .empty,
                            .number(effect.baselineWorst5Percent, decimals: 3), .number(effect.worst5Percent, decimals: 3),
                        ]
                    },
                    notes: [
                        "Months lost: each focus country's shortfall over the horizon divided by its baseline monthly consumption, summed over "
                            + "countries and commodities, averaged over \(draws) draws (seed \(seed)); every candidate faces the same draws.",
                        "A candidate of a commodity the scenario does not disrupt avoids nothing here.",
                    ] + effects.flatMap { $0.intervention.sources.map { "Candidate source: " + Self.sourceLine($0) } },
                    citations: try await citationLines(ids: ranking.citations) + scenario.sources.map(Self.sourceLine)))
        }
        return Report(title: "What buys the most security", facts: [("Draws", "\(draws), seed \(seed)")], tables: tables)
    }

    private func shortfallTable(_ run: ScenarioRun, sources: [String], networkNotes: [String]) -> ReportTable {
        var rows: [[Cell]] = []
        var notes: [String] = []
        for outcome in run.result.commodities {
            for country in run.result.groups.focus {
                guard let result = outcome.country(country), result.baselineMonthlyConsumption > 0 || result.received > 0 else {
                    notes.append(
                        "\(outcome.commodity): the data give \(name(of: .country(country))) no consumption (no production or trade figures), "
                            + "so no shortfall can be computed for it.")
                    continue
                }
                let covered = CoverageSummary(result)
                let peak = result.monthlyShortfallShare?.max()
                rows.append(
                    [
                        Cell(outcome.commodity.rawValue), Cell(name(of: .country(country)), json: .string(country.rawValue)), Cell(result.unit),
                        .number(result.baselineMonthlyConsumption, decimals: 2), .number(result.received, decimals: 2),
                        .number(result.totalShortfall, decimals: 2),
                        result.shortfallShareOfHorizonConsumption.map { .percent($0, decimals: 1) } ?? .empty,
                        peak.map { .percent($0, decimals: 1) } ?? .empty, Self.recoveryCell(result.recovery),
                        .number(covered.stocks, decimals: 2), covered.partner.map { .number($0, decimals: 2) } ?? .empty,
                        .number(covered.allies, decimals: 2), .number(covered.others, decimals: 2), .number(covered.ownProduction, decimals: 2),
                        .number(covered.recyclingAndSubstitution, decimals: 2), .number(covered.passedOn, decimals: 2),
                    ])
                if result.involvesReconstructedFlows {
                    notes.append(
                        "\(outcome.commodity), \(name(of: .country(country))): part of the loss came through flows rebuilt from USGS import "
                            + "shares (no bilateral figure).")
                }
            }
        }
        return ReportTable(
            title: "Shortfall and who covers it, over the horizon",
            columns: [
                Column("Commodity"), Column("Country"), Column("Unit"), .figure("Consumption /month", key: "baseline_monthly_consumption"),
                .figure("Supply lost", key: "received"), .figure("Shortfall", key: "shortfall"),
                .figure("Shortfall % of use", key: "shortfall_percent"),
                .figure("Worst month %", key: "peak_month_percent"), .figure("Recovery, months", key: "recovery_months"),
                .figure("Stocks", key: "covered_by_stocks"), .figure("Partner", key: "covered_by_partner"),
                .figure("Allies", key: "covered_by_allies"),
                .figure("Others", key: "covered_by_others"), .figure("Own output", key: "covered_by_own_production"),
                .figure("Recycling+subst.", key: "covered_by_recycling_and_substitution"), .figure("Passed on", key: "passed_on"),
            ],
            rows: rows,
            notes: [
                "Supply lost: what reached the country (its share of the shock and what suppliers passed on); it was covered by stocks, "
                    + "the partner's, allies' and others' spare capacity, its own output, recycling and substitution, went short (Shortfall) "
                    + "or was passed on to its own importers. Quantities over the horizon in the unit shown; method in docs/METHODS.md "
                    + "(\"Disruption propagation\").",
                "Recovery: months from the first shock until the shortfall falls back below 0.0001 % of consumption; \"not within\" when "
                    + "still short at the horizon's end.",
            ] + notes + networkNotes + sources.map { "Scenario source: " + $0 })
    }

    private func monthlyTable(_ run: ScenarioRun) -> ReportTable {
        let year = run.networks.first?.year ?? 0
        var rows: [[Cell]] = []
        for outcome in run.result.commodities {
            for country in run.result.groups.focus {
                guard let result = outcome.country(country) else { continue }
                for (month, quantity) in result.monthlyShortfall.enumerated() where quantity > 0 {
                    rows.append(
                        [
                            Cell(outcome.commodity.rawValue), Cell(name(of: .country(country)), json: .string(country.rawValue)),
                            Cell(Self.monthLabel(month, from: year), json: .integer(month + 1)), .number(quantity, decimals: 3),
                            result.monthlyShortfallShare.map { .percent($0[month], decimals: 1) } ?? .empty,
                        ])
                }
            }
        }
        return ReportTable(
            title: "Shortfall by month (months without shortfall left out)",
            columns: [Column("Commodity"), Column("Country"), Column("Month"), .figure("Shortfall"), .figure("% of use", key: "shortfall_percent")],
            rows: rows)
    }

    private func sectorTable(_ run: ScenarioRun) -> ReportTable {
        var rows: [[Cell]] = []
        var sources = Set<CitationID>()
        for outcome in run.result.commodities {
            for country in run.result.groups.focus {
                guard let result = outcome.country(country) else { continue }
                for sector in result.sectors where result.totalShortfall > 0 {
                    sources.insert(sector.source)
                    rows.append(
                        [
                            Cell(outcome.commodity.rawValue), Cell(name(of: .country(country)), json: .string(country.rawValue)), Cell(sector.sector),
                            .percent(sector.share, decimals: 0), .number(sector.quantity, decimals: 3), Cell(result.unit),
                        ])
                }
            }
        }
        return ReportTable(
            title: "Shortfall by industrial sector",
            columns: [
                Column("Commodity"), Column("Country"), Column("Sector"), .figure("Share of use %", key: "share_percent"), .figure("Shortfall"),
                Column("Unit"),
            ],
            rows: rows,
            notes: ["Shortfall × end-use share. The shares are USGS's for US use; they stand for Canada's too, which the data do not give."])
    }

    private func balanceTable(_ run: ScenarioRun) -> ReportTable {
        let rows: [[Cell]] = run.result.commodities.flatMap { outcome in
            outcome.stages.map { stage -> [Cell] in
                let balance = stage.balance
                return [
                    Cell(outcome.commodity.rawValue), Cell(stage.stage.rawValue), Cell(stage.unit), .number(balance.initialShock, decimals: 2),
                    .number(balance.industryStocks + balance.governmentStockpile, decimals: 2), .number(balance.spareCapacity, decimals: 2),
                    .number(balance.recycling + balance.substitution, decimals: 2), .number(balance.consumptionLoss, decimals: 2),
                    .number(balance.retainedByRestrictingCountries, decimals: 2),
                    Cell(
                        balance.relativeImbalance < 1e-9 ? "< 1e-9" : NumberFormat.fixed(balance.relativeImbalance, fractionDigits: 9),
                        json: .number(balance.relativeImbalance)),
                ]
            }
        }
        return ReportTable(
            title: "Where the shock went, all countries (conservation check)",
            columns: [
                Column("Commodity"), Column("Stage"), Column("Unit"), .figure("Shock"), .figure("Stocks"), .figure("Spare capacity"),
                .figure("Recycling+subst."), .figure("Consumption lost"), .figure("Kept by restrictor", key: "retained"), .figure("Imbalance"),
            ],
            rows: rows,
            notes: ["Shock = stocks + spare capacity + recycling + substitution + consumption lost; the imbalance is |shock − sum| / shock."])
    }

    private func distributionTable(_ monteCarlo: MonteCarloResult, scenario: Scenario) -> ReportTable {
        let focus = Set(monteCarlo.focusMonthsLost.keys)
        let rows: [[Cell]] = monteCarlo.distributions.filter { focus.contains($0.country) }.map { distribution in
            [
                Cell(distribution.commodity.rawValue), Cell(name(of: .country(distribution.country)), json: .string(distribution.country.rawValue)),
                Cell(distribution.unit), .number(distribution.mean, decimals: 2), .number(distribution.expectedShortfall, decimals: 2),
                .number(distribution.percentile95, decimals: 2), .number(distribution.maximum, decimals: 2),
                distribution.probabilityAboveThreshold.map { .percent($0, decimals: 1) } ?? .empty,
                .percent(distribution.probabilityOfShortfall, decimals: 1),
            ]
        }
        let banned = monteCarlo.banProbabilities.filter { $0.value > 0 }.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(8)
        return ReportTable(
            title: "Shortfall over \(monteCarlo.draws) Monte Carlo draws (seed \(monteCarlo.seed))",
            columns: [
                Column("Commodity"), Column("Country"), Column("Unit"), .figure("Mean"),
                .figure("Expected shortfall (worst 5 %)", key: "expected_shortfall"),
                .figure("95th percentile", key: "percentile_95"), .figure("Maximum"),
                .figure("P(> \(NumberFormat.fixed(monteCarlo.threshold * 100, fractionDigits: 0)) % of use)", key: "probability_above_threshold"),
                .figure("P(any shortfall)", key: "probability_of_shortfall"),
            ],
            rows: rows,
            notes: monteCarlo.notes
                + (banned.isEmpty
                    ? []
                    : [
                        "Largest ban probabilities over the horizon: "
                            + banned.map { "\($0.key) \(NumberFormat.fixed($0.value * 100, fractionDigits: 2)) %" }.joined(separator: ", ") + "."
                    ])
                + ["Shocks without a probability happen in every draw; \(monteCarlo.distinctOutcomes) distinct outcomes were simulated."])
    }

    /// Every citation of the networks' figures.
    static func citations(of networks: [SupplyNetwork]) -> Set<CitationID> {
        var ids = Set<CitationID>()
        for network in networks {
            ids.formUnion(network.endUseShares.map(\.source))
            for stage in network.stages {
                ids.formUnion(stage.nodes.flatMap(\.sources))
                for flow in stage.flows {
                    switch flow.provenance {
                    case .reported(let citation): ids.insert(citation)
                    case .reconstructed(let total, let shares): ids.formUnion([total, shares])
                    }
                }
            }
        }
        return ids
    }

    static func sourceLine(_ source: ScenarioSource) -> String {
        "\(source.publisher), \(source.title), \(source.date)" + (source.url.map { ". \($0)" } ?? "")
    }

    static func recoveryCell(_ recovery: Recovery) -> Cell {
        switch recovery {
        case .noShortfall: Cell("no shortfall", json: .integer(0))
        case .afterMonths(let months): .integer(months)
        case .notWithinHorizon: Cell("not within", json: .null)
        }
    }

    /// "2023-08" for month index 7 of a horizon starting in January 2023.
    static func monthLabel(_ index: Int, from year: Int) -> String {
        let month = index % 12 + 1
        return "\(year + index / 12)-\(month < 10 ? "0" : "")\(month)"
    }
}
