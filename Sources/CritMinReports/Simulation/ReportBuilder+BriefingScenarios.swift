import CritMinCore
import CritMinSimulation

/// The scenarios and candidate actions a briefing runs for the economy it is about.
public struct BriefingScenarios: Sendable {
    public var scenarios: [Scenario]
    public var candidates: [Intervention]
    /// Monte Carlo draws per scenario behind the ranking of candidates, and their seed.
    public var draws: Int
    public var seed: UInt64

    public init(scenarios: [Scenario], candidates: [Intervention], draws: Int = 1_000, seed: UInt64 = 2020) {
        self.scenarios = scenarios
        self.candidates = candidates
        self.draws = draws
        self.seed = seed
    }
}

extension ReportBuilder {
    /// The briefing's last two questions: what if a supplier cuts us off (every scenario, run for the economy's
    /// countries), and what buys the most security (the candidates ranked over every scenario).
    func scenarioSections(for economy: Economy, _ input: BriefingScenarios, allies: String) async throws -> (
        sections: [BriefingSection], citations: Set<CitationID>
    ) {
        let who = name(of: economy)
        let options = SimulationOptions(focus: economy.members, allies: allies, seed: input.seed)
        // Each scenario's networks (its commodities and the candidates') and each year's governance are read once, for the
        // run and the ranking alike.
        var runs: [ScenarioRun] = []
        var rankings: [InterventionRanking] = []
        var governanceByYear: [Int: [CountryCode: Double]] = [:]
        for scenario in input.scenarios {
            let networks = try await supplyNetworks(commodities: Self.commodities(of: scenario, input.candidates), year: scenario.year)
            let year = networks.first?.year ?? 0
            if governanceByYear[year] == nil { governanceByYear[year] = try await disruptionGovernance(year: year) }
            let governance = governanceByYear[year] ?? [:]
            runs.append(try run(scenario, on: networks, governance: governance, options: options))
            rankings.append(
                try rankInterventions(input.candidates, in: scenario, on: networks, governance: governance, options: options, draws: input.draws))
        }
        let scenarioCitations = runs.reduce(into: Set<CitationID>()) { cited, run in
            cited.formUnion(Self.citations(of: run.networks.filter { run.scenario.commodities.contains($0.commodity) }))
        }
        let rankingCitations = rankings.reduce(into: Set<CitationID>()) { $0.formUnion($1.citations) }

        var rows: [[Cell]] = []
        var bars: [StackedBarChart.Bar] = []
        var bullets: [[Inline]] = []
        var worst: (share: Double, text: String, citations: [CitationID])?
        var unaffected: [String] = []
        for run in runs {
            for outcome in run.result.commodities {
                let sources = Self.citations(of: run.networks.filter { $0.commodity == outcome.commodity }).sorted()
                for country in economy.members {
                    guard let result = outcome.country(country), let share = result.shortfallShareOfHorizonConsumption else { continue }
                    let covered = CoverageSummary(result)
                    let partner = covered.partner ?? 0
                    let label = "\(run.scenario.name): \(outcome.commodity), \(country)"
                    rows.append(
                        [
                            Cell(run.scenario.name), Cell(outcome.commodity.rawValue),
                            Cell(name(of: .country(country)), json: .string(country.rawValue)),
                            .percent(share, decimals: 1),
                            result.monthlyShortfallShare.flatMap { $0.max() }.map { .percent($0, decimals: 1) } ?? .empty,
                            Self.recoveryCell(result.recovery), .number(result.received, decimals: 1), .number(partner, decimals: 1),
                            Cell(result.unit),
                        ])
                    if let bar = CoverageSummary.bar(label, result) { bars.append(bar) }
                    let recovery =
                        switch result.recovery {
                        case .noShortfall: "and never falls short"
                        case .afterMonths(let months): "and recovers \(months) months after the first shock"
                        case .notWithinHorizon: "and is still short at the end of the \(run.scenario.horizonMonths)-month horizon"
                        }
                    guard result.recovery != .noShortfall else {
                        unaffected.append("\(name(of: .country(country))) in \(run.scenario.name) (\(outcome.commodity))")
                        continue
                    }
                    bullets.append([
                        .strong("\(run.scenario.name)"), .text(": \(name(of: .country(country))) goes without "),
                        .figure("\(NumberFormat.fixed(share * 100, fractionDigits: 1)) %", citations: sources),
                        .text(" of its \(outcome.commodity) use over the horizon \(recovery)."),
                    ])
                    if share > (worst?.share ?? 0) {
                        worst = (share, "\(run.scenario.name) (\(outcome.commodity), \(name(of: .country(country))))", sources)
                    }
                }
            }
        }
        var whatIf: [BriefingBlock] = [
            .paragraph(
                [
                    .text(
                        "critmin ran the \(runs.count) scenarios it ships, each drawn from a real export restriction or a stated hypothesis, "
                            + "on the trade and production networks of their year, for \(who). "
                    ),
                    .text(worst.map { "The largest loss of use comes from \($0.text): " } ?? "No scenario leaves \(who) short."),
                ]
                    + (worst.map { [.figure("\(NumberFormat.fixed($0.share * 100, fractionDigits: 1)) %", citations: $0.citations), .text(".")] }
                        ?? [])),
            .bullets(bullets),
        ]
        if !unaffected.isEmpty {
            whatIf.append(.paragraph([.text("Never short: " + unaffected.joined(separator: "; ") + ".")]))
        }
        if !bars.isEmpty {
            whatIf.append(
                .chart(
                    .stackedBars(
                        StackedBarChart(
                            title: "Who covers the supply \(who) loses, by scenario", axisLabel: "Share of the supply lost, %",
                            series: CoverageSummary.series,
                            bars: bars,
                            caption:
                                "Deterministic runs (docs/METHODS.md, \"Disruption propagation\"): stocks first, then spare capacity of "
                                + "unaffected producers, then consumption cut and pass-through to trade partners.",
                            citations: scenarioCitations.sorted()))))
        }
        whatIf.append(
            .table(
                ReportTable(
                    title: "Shipped scenarios run for \(who)",
                    columns: [
                        Column("Scenario"), Column("Commodity"), Column("Country"), .figure("Shortfall % of use", key: "shortfall_percent"),
                        .figure("Worst month %", key: "peak_month_percent"), .figure("Recovery, months", key: "recovery_months"),
                        .figure("Supply lost", key: "received"), .figure("Partner covers", key: "covered_by_partner"), Column("Unit"),
                    ],
                    rows: rows,
                    notes: runs.flatMap { run in run.scenario.sources.map { "\(run.scenario.name): " + Self.sourceLine($0) } })))

        // What buys the most security: each candidate's expected months of use avoided, summed over the scenarios.
        var avoided: [Int: (months: Double, perMillion: Double?)] = [:]
        for ranking in rankings {
            for effect in ranking.effects {
                guard let index = input.candidates.firstIndex(of: effect.intervention) else { continue }
                let sum = (avoided[index]?.months ?? 0) + effect.reduction
                avoided[index] = (sum, effect.intervention.costMillionUSD.flatMap { $0 > 0 ? sum / $0 : nil })
            }
        }
        let ranked = avoided.sorted { ($0.value.months, $1.key) > ($1.value.months, $0.key) }
        var security: [BriefingBlock] = []
        if let best = ranked.first, best.value.months > 0 {
            security.append(
                .paragraph([
                    .text("Of \(input.candidates.count) candidate actions, the one that avoids the most expected loss of use for \(who) is "),
                    .strong(input.candidates[best.key].name), .text(": "),
                    .figure(NumberFormat.fixed(best.value.months, fractionDigits: 3), citations: rankingCitations.sorted()),
                    .text(" months of consumption, summed over the scenarios."),
                ]))
        } else {
            security.append(
                .paragraph([
                    .text("None of the \(input.candidates.count) candidate actions lowers \(possessive(who)) expected shortfall in these scenarios.")
                ]))
        }
        security.append(
            .table(
                ReportTable(
                    title: "Candidate actions ranked for \(who)",
                    columns: [
                        .figure("Rank"), Column("Candidate"), Column("Commodity"), .figure("Months of use avoided", key: "months_avoided"),
                        .figure("Per M USD", key: "months_avoided_per_million_usd"),
                    ],
                    rows: ranked.enumerated().map { rank, entry in
                        let candidate = input.candidates[entry.key]
                        return [
                            .integer(rank + 1), Cell(candidate.name), Cell(candidate.commodity.rawValue), .number(entry.value.months, decimals: 3),
                            entry.value.perMillion.map { .number($0, decimals: 5) } ?? .empty,
                        ]
                    },
                    notes: [
                        "Expected months of consumption lost by \(who), averaged over \(input.draws) Monte Carlo draws per scenario (seed "
                            + "\(input.seed)), each candidate on the same draws; summed over the \(input.scenarios.count) scenarios. Capacities "
                            + "marked illustrative are assumptions, not sourced figures."
                    ] + input.candidates.flatMap { candidate in candidate.sources.map { "\(candidate.name): " + Self.sourceLine($0) } })))
        return (
            [
                BriefingSection(title: "What if a supplier cuts us off?", blocks: whatIf),
                BriefingSection(title: "What buys the most security?", blocks: security),
            ], scenarioCitations.union(rankingCitations)
        )
    }
}
