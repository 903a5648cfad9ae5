import CritMinCore
import CritMinSimulation

extension ReportBuilder {
    /// A scenario's run as a page: the shortfall month by month, who covered it, the Monte Carlo distribution of the
    /// months of consumption lost, and the simulation's tables.
    public func scenarioPage(_ run: ScenarioRun) async throws -> DashboardPage {
        let scenario = run.scenario
        let year = run.networks.first?.year ?? 0
        let cited = Self.citations(of: run.networks.filter { scenario.commodities.contains($0.commodity) })
        let citations = cited.sorted()
        let months = (0..<scenario.horizonMonths).map { LineChart.Tick(Self.monthLabel($0, from: year), at: Double($0 + 1)) }
        let tickEvery = max(1, scenario.horizonMonths / 8)
        var series: [LineChart.Series] = []
        var bars: [StackedBarChart.Bar] = []
        var peaks: [[Inline]] = []
        for outcome in run.result.commodities {
            for country in run.result.groups.focus {
                guard let result = outcome.country(country), let shares = result.monthlyShortfallShare else { continue }
                let label = "\(name(of: .country(country))), \(catalogue.commodities[outcome.commodity]?.name ?? outcome.commodity.rawValue)"
                series.append(
                    LineChart.Series(
                        label,
                        points: shares.enumerated().map {
                            LineChart.Point(x: Double($0.offset + 1), amount: .value($0.element * 100), estimated: false)
                        }))
                if let bar = CoverageSummary.bar(label, result) { bars.append(bar) }
                if let share = result.shortfallShareOfHorizonConsumption {
                    peaks.append([
                        .strong(label + ": "), .text("goes without "),
                        .figure("\(NumberFormat.fixed(share * 100, fractionDigits: 1)) %", citations: citations),
                        .text(" of its use over the \(scenario.horizonMonths) months; worst month "),
                        .figure("\(NumberFormat.fixed((shares.max() ?? 0) * 100, fractionDigits: 1)) %", citations: citations),
                        .text("; " + Self.recoveryCell(result.recovery).text + "."),
                    ])
                }
            }
        }
        var sections = [
            BriefingSection(
                title: "Shortfall over the months",
                blocks: [
                    .bullets(peaks),
                    .chart(
                        .line(
                            LineChart(
                                title: "Consumption the focus countries go without, month by month",
                                xAxisLabel: "Month (from January \(year))", yAxisLabel: "Shortfall, % of baseline monthly consumption",
                                xTicks: months.enumerated().filter { $0.offset % tickEvery == 0 }.map(\.element), series: series,
                                caption:
                                    "Deterministic run (docs/METHODS.md, \"Disruption propagation\") on the \(year) trade and production networks.",
                                citations: citations))),
                ]),
            BriefingSection(
                title: "Who covers the supply lost",
                blocks: bars.isEmpty
                    ? [.paragraph([.text("No focus country loses supply in this scenario.")])]
                    : [
                        .chart(
                            .stackedBars(
                                StackedBarChart(
                                    title: "Coverage of the supply each focus country loses", axisLabel: "Share of the supply lost, %",
                                    series: CoverageSummary.series, bars: bars,
                                    caption: "Stocks first, then spare capacity of the partner, allies and others, own output, recycling and "
                                        + "substitution; what is left is cut or passed on to importers.",
                                    citations: citations)))
                    ]),
        ]
        if let monteCarlo = run.monteCarlo {
            var blocks: [BriefingBlock] = [
                .paragraph([
                    .text(
                        "\(NumberFormat.grouped(Double(monteCarlo.draws))) draws (seed \(monteCarlo.seed)) of the scenario's uncertain "
                            + "inputs: each bar counts the draws in which the country lost that many months of consumption, summed over the commodities."
                    )
                ])
            ]
            for country in run.result.groups.focus {
                guard let lost = monteCarlo.focusMonthsLost[country], !lost.isEmpty else { continue }
                let sorted = lost.sorted()
                let percentile = { (p: Double) in Statistics.quantile(sorted: sorted, probability: p) }
                blocks.append(
                    .chart(
                        .histogram(
                            HistogramChart(
                                title: "\(possessive(name(of: .country(country)))) months of consumption lost over \(monteCarlo.draws) draws",
                                axisLabel: "Months of consumption lost", countLabel: "Draws",
                                bins: HistogramChart.bins(of: lost, count: 24),
                                markers: [
                                    .init("p5", at: percentile(0.05)), .init("median", at: percentile(0.5)),
                                    .init("p95", at: percentile(0.95)),
                                ],
                                caption: "Shortfall over the horizon divided by baseline monthly consumption, summed over commodities.",
                                citations: citations))))
            }
            sections.append(BriefingSection(title: "Monte Carlo distribution", blocks: blocks))
        }
        let report = try await simulationReport(run)
        sections.append(BriefingSection(title: "Tables", blocks: report.tables.map(BriefingBlock.table)))
        var sources = try await pageSources(cited)
        sources += scenario.sources.enumerated().map { index, source in
            Citation(
                id: CitationID("scenario-source-\(index + 1)"), publisher: source.publisher, publication: source.title, year: nil, url: source.url,
                note: source.date)
        }
        let document = Briefing(
            title: scenario.name, subtitle: "Scenario · \(scenario.horizonMonths) months from January \(year) · critmin",
            summary: [.text(scenario.summary)], sections: sections, sources: sources)
        return DashboardPage(document: document, facts: report.facts.map { (label: $0.0, value: $0.1) })
    }
}
