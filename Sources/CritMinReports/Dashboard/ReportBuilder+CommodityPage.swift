import CritMinAnalysis
import CritMinCore
import CritMinStore

extension ReportBuilder {
    /// `/commodities/{slug}`: world production by country with shares, concentration and a map, the 2018–2024 trend,
    /// reserves, US statistics and net import reliance over the editions, import sources of both countries, every
    /// method's scores with their components, the lists it is on, end uses, and the source tables.
    public func commodityPage(_ name: String, assessed: DashboardAssessments, map: WorldMap) async throws -> DashboardPage {
        let commodity = try commodity(named: name)
        let figures = try await commodityFigures(commodity)
        let report = try await commodityReport(figures)
        var cited = Set(figures.mcs.map(\.observation.citation) + figures.netImportReliance.map(\.observation.citation))
        var sections: [BriefingSection] = []

        var world: [BriefingBlock] = []
        let production = productionSeries(figures.mcs.filter { $0.observation.measure == .production })
        for series in orderedKeys(production.map { SeriesKey($0.observation) }) {
            let rows = production.filter { SeriesKey($0.observation) == series }
            guard let year = rows.map(\.observation.period.start).max() else { continue }
            let latest = rows.filter { $0.observation.period.start == year }
            world += worldProductionBlocks(latest, series: series, year: year, map: world.isEmpty ? map : nil)
        }
        let reserves = figures.mcs.filter { $0.observation.measure == .reserves && $0.observation.area.isCountry }
        if !reserves.isEmpty {
            world.append(.chart(.bars(quantityBars(reserves, title: "Reserves by country", measure: "Reserves"))))
        }
        if world.isEmpty {
            world.append(.paragraph([.text("The newest USGS edition in the store gives no world production for \(commodity.name).")]))
        }
        sections.append(BriefingSection(title: "World production and reserves", blocks: world))

        let trend = try await productionTrend(figures.ids)
        cited.formUnion(trend.citations)
        sections.append(BriefingSection(title: "Production trend (World Mining Data)", blocks: trend.blocks))

        sections.append(BriefingSection(title: "United States: reliance over the years", blocks: relianceBlocks(figures)))

        let importBlocks = importSourceBlocks(figures, commodity: commodity, assessed: assessed)
        cited.formUnion(importBlocks.citations)
        sections.append(BriefingSection(title: "Import sources", blocks: importBlocks.blocks))

        let scores = scoreBlocks(commodity, assessed: assessed)
        cited.formUnion(scores.citations)
        sections.append(BriefingSection(title: "Vulnerability scores, by method", blocks: scores.blocks))

        let endUses = figures.mcs.filter { $0.observation.measure == .endUseShare }
        if !endUses.isEmpty {
            sections.append(
                BriefingSection(
                    title: "End uses in the United States",
                    blocks: [
                        .chart(
                            .bars(
                                BarChart(
                                    title: "US end uses of \(commodity.name), \(endUses[0].observation.period.description)",
                                    axisLabel: "Share of US domestic use, %",
                                    bars: endUses.sorted { $0.observation.source.line < $1.observation.source.line }.map {
                                        BarChart.Bar($0.observation.label ?? "", quantity: $0.observation.quantity)
                                    }, axisRange: 0...100,
                                    caption: "As the chapter's domestic-production-and-use text states them.",
                                    citations: Array(Set(endUses.map(\.observation.citation))).sorted())))
                    ]))
        }
        sections.append(BriefingSection(title: "Source tables", blocks: report.tables.map(BriefingBlock.table)))
        cited.formUnion([map.citation.id])
        var sources = try await pageSources(cited)
        sources.append(map.citation)
        let lists = try await listMemberships(commodity)
        let document = Briefing(
            title: commodity.name,
            subtitle: ([commodity.symbol, commodity.kind.rawValue].compactMap { $0 } + ["on " + (lists.isEmpty ? "no list" : "\(lists.count) lists")])
                .joined(separator: " · "),
            sections: sections, sources: sources)
        return DashboardPage(document: document, facts: report.facts.map { (label: $0.0, value: $0.1) })
    }

    /// One production series' year: ranked bars with shares, the concentration badge, and (for the first series) the map.
    private func worldProductionBlocks(_ latest: [StoredObservation], series: SeriesKey, year: Int, map: WorldMap?) -> [BriefingBlock] {
        let what = [series.stage.map { "\($0.rawValue) production" }, series.label].compactMap { $0 }.joined(separator: ", ")
        let citations = Array(Set(latest.map(\.observation.citation))).sorted()
        let concentration = Concentration.compute(latest.map { ProducerFigure(area: $0.observation.area, amount: $0.observation.quantity.amount) })
        let shareOf = { (area: Area) in concentration?.shares.first { $0.area == area }?.share }
        let unit = latest.first?.observation.quantity.unit.description ?? ""
        let countries = latest.filter { $0.observation.area.isCountry || $0.observation.area == .otherCountries }
            .sorted { ($0.observation.quantity.amount.boundValue ?? -1) > ($1.observation.quantity.amount.boundValue ?? -1) }
        var blocks: [BriefingBlock] = []
        if let concentration {
            blocks.append(
                .callout(
                    title: "HHI \(NumberFormat.grouped(concentration.hhiExcludingResidual.rounded())) · \(concentration.band.rawValue)",
                    body: [
                        .text("World \(what), \(year): the largest producer has "),
                        .figure("\(NumberFormat.fixed(concentration.top1Share * 100, fractionDigits: 1)) %", citations: citations),
                        .text(", the three largest "),
                        .figure("\(NumberFormat.fixed(concentration.top3Share * 100, fractionDigits: 1)) %", citations: citations),
                        .text(
                            ". HHI over countries (0–10,000; above 2,500 is highly concentrated), the 'Other countries' residual left out; "
                                + "counted as one producer it would be \(NumberFormat.grouped(concentration.hhiIncludingResidual.rounded()))."),
                    ]))
        }
        blocks.append(
            .chart(
                .bars(
                    BarChart(
                        title: "World \(what) by country, \(year)",
                        axisLabel: "\(what.prefix(1).uppercased() + what.dropFirst()), \(unit)",
                        bars: countries.map { stored in
                            let label = name(of: stored.observation.area)
                            let share = shareOf(stored.observation.area).map { " (\(NumberFormat.fixed($0 * 100, fractionDigits: 1)) %)" } ?? ""
                            return BarChart.Bar(label + share, quantity: stored.observation.quantity)
                        },
                        caption: "Ranked by the figure USGS gives; shares of the world total in brackets. W: withheld; e: estimated.",
                        citations: citations))))
        if let map, let concentration {
            let largest = concentration.shares.map(\.share).max() ?? 1
            blocks.append(
                .chart(
                    .map(
                        MapChart(
                            title: "Share of world \(what), \(year)",
                            scaleLabel: "Share of world \(what), %",
                            regions: concentration.shares.compactMap { share in
                                guard case .country(let code) = share.area else { return nil }
                                return MapChart.Region(
                                    code, value: share.share * 100, text: NumberFormat.fixed(share.share * 100, fractionDigits: 1) + " %")
                            },
                            map: map, highlighted: [.unitedStates, .canada], scaleMaximum: max(largest * 100, 1),
                            caption: "Countries USGS names with a figure; the rest of the world is in 'Other countries' or unreported. "
                                + "Outlines: Natural Earth 1:110m, simplified by critmin.",
                            citations: citations))))
        }
        return blocks
    }

    /// Bars for figures by country as the source states them, largest first.
    private func quantityBars(_ figures: [StoredObservation], title: String, measure: String) -> BarChart {
        let sorted = figures.sorted { ($0.observation.quantity.amount.boundValue ?? -1) > ($1.observation.quantity.amount.boundValue ?? -1) }
        return BarChart(
            title: title, axisLabel: "\(measure), \(figures.first?.observation.quantity.unit.description ?? "")",
            bars: sorted.map { BarChart.Bar(name(of: $0.observation.area), quantity: $0.observation.quantity) },
            caption: "As USGS gives them (dated to the edition's latest year); W: withheld; NA: not available.",
            citations: Array(Set(figures.map(\.observation.citation))).sorted())
    }

    /// The producers' output 2018–2024 from World Mining Data: the five largest in the latest year, at the stage with the
    /// most figures.
    private func productionTrend(_ ids: Set<CommodityID>) async throws -> (blocks: [BriefingBlock], citations: Set<CitationID>) {
        var query = ObservationQuery()
        query.commodities = ids
        query.datasets = [Self.geoPolRiskProductionDataset]
        query.measures = [.production]
        let observations = try await store.observations(query).filter { $0.observation.area.isCountry }
        let byStage = Dictionary(grouping: observations) { $0.observation.stage }
        guard let (stage, rows) = byStage.max(by: { ($0.value.count, $1.key?.rawValue ?? "") < ($1.value.count, $0.key?.rawValue ?? "") }),
            let latestYear = rows.map(\.observation.period.start).max()
        else {
            return ([.paragraph([.text("World Mining Data in the store has no production figures for this commodity.")])], [])
        }
        let years = Array(Set(rows.map(\.observation.period.start))).sorted()
        let leaders = rows.filter { $0.observation.period.start == latestYear }
            .sorted { ($0.observation.quantity.amount.boundValue ?? 0) > ($1.observation.quantity.amount.boundValue ?? 0) }.prefix(5).map(
                \.observation.area)
        let citations = Set(rows.map(\.observation.citation))
        let unit = rows[0].observation.quantity.unit.description
        let chart = LineChart(
            title: "\(stage.map { $0.rawValue.prefix(1).uppercased() + $0.rawValue.dropFirst() + " production" } ?? "Production"), "
                + "the five largest producers of \(latestYear), \(years.first ?? latestYear)–\(latestYear)",
            xAxisLabel: "Year", yAxisLabel: "Production, \(unit)",
            xTicks: years.map { LineChart.Tick(String($0), at: Double($0)) },
            series: leaders.map { area in
                LineChart.Series(
                    name(of: area),
                    points: rows.filter { $0.observation.area == area }.sorted { $0.observation.period < $1.observation.period }.map {
                        LineChart.Point(
                            x: Double($0.observation.period.start), amount: $0.observation.quantity.amount,
                            estimated: $0.observation.quantity.estimated)
                    })
            },
            caption: "World Mining Data (Austrian Federal Ministry of Finance), country by country; years without a figure are gaps.",
            citations: citations.sorted())
        return ([.chart(.line(chart))], citations)
    }

    /// US net import reliance by year from the newest edition's salient statistics and from each NIR edition.
    private func relianceBlocks(_ figures: CommodityFigures) -> [BriefingBlock] {
        let salient = figures.mcs.filter { $0.observation.measure == .netImportReliance && $0.observation.area == .country(.unitedStates) }
        let editions = figures.netImportReliance.filter { $0.observation.measure == .netImportReliance }
        guard !salient.isEmpty || !editions.isEmpty else {
            return [.paragraph([.text("No US net import reliance figures for \(figures.commodity.name) in the store.")])]
        }
        var series: [LineChart.Series] = []
        for (label, rows) in Dictionary(grouping: salient, by: { $0.observation.label ?? "" }).sorted(by: { $0.key < $1.key }) {
            series.append(
                LineChart.Series(
                    "Salient statistics" + (label.isEmpty ? "" : " (\(label))"),
                    points: rows.sorted { $0.observation.period < $1.observation.period }.map {
                        LineChart.Point(
                            x: Double($0.observation.period.start), amount: $0.observation.quantity.amount,
                            estimated: $0.observation.quantity.estimated)
                    }))
        }
        let published = editions.sorted { $0.observation.period < $1.observation.period }
        if !published.isEmpty {
            series.append(
                LineChart.Series(
                    "NIR editions (Figure 2)",
                    points: published.map {
                        LineChart.Point(
                            x: Double($0.observation.period.start), amount: $0.observation.quantity.amount,
                            estimated: $0.observation.quantity.estimated)
                    }))
        }
        let years = Array(Set((salient + editions).map(\.observation.period.start))).sorted()
        return [
            .chart(
                .line(
                    LineChart(
                        title: "US net import reliance, \(years.first ?? 0)–\(years.last ?? 0)",
                        xAxisLabel: "Year", yAxisLabel: "Net import reliance, % of apparent consumption",
                        xTicks: years.map { LineChart.Tick(String($0), at: Double($0)) }, series: series, yRange: 0...100,
                        caption:
                            ">95 is drawn at 95 as a bound, E (net exporter) and W (withheld) as gaps: the data table gives every figure as printed.",
                        citations: Array(Set((salient + editions).map(\.observation.citation))).sorted())))
        ]
    }

    /// US import shares as USGS gives them, and both countries' BACI-derived shares by supplier.
    private func importSourceBlocks(_ figures: CommodityFigures, commodity: Commodity, assessed: DashboardAssessments) -> (
        blocks: [BriefingBlock], citations: Set<CitationID>
    ) {
        var blocks: [BriefingBlock] = []
        var cited = Set<CitationID>()
        let usgs = figures.mcs.filter { $0.observation.measure == .importShare && $0.observation.partner != nil }
        if !usgs.isEmpty {
            blocks.append(
                .chart(
                    .bars(
                        BarChart(
                            title: "US import sources (USGS), \(usgs[0].observation.period.description)",
                            axisLabel: "Share of US imports for consumption, %",
                            bars: usgs.sorted {
                                ($0.observation.label ?? "", $0.observation.rank ?? 0) < ($1.observation.label ?? "", $1.observation.rank ?? 0)
                            }
                            .map { stored in
                                BarChart.Bar(
                                    stored.observation.partner.map { name(of: $0) } ?? "", quantity: stored.observation.quantity,
                                    category: stored.observation.label)
                            }, axisRange: 0...100, caption: "As the chapter's import-sources line states them.",
                            citations: Array(Set(usgs.map(\.observation.citation))).sorted()))))
        }
        var bars: [StackedBarChart.Bar] = []
        var suppliers: [CountryCode] = []
        var year: Int?
        for economy in [assessed.unitedStates, assessed.canada] {
            guard let assessment = economy.assessments.first(where: { $0.commodity.id == commodity.id }), !assessment.suppliers.isEmpty else {
                continue
            }
            year = assessment.year
            cited.formUnion(assessment.citations)
            let top = assessment.suppliers.prefix(6)
            for supplier in top where !suppliers.contains(supplier.supplier) { suppliers.append(supplier.supplier) }
            let rest = 1 - top.reduce(0) { $0 + $1.share }
            bars.append(
                StackedBarChart.Bar(
                    name(of: assessment.economy),
                    segments: top.map { StackedBarChart.Segment(name(of: .country($0.supplier)), share: $0.share) }
                        + (rest > 0.0005 ? [StackedBarChart.Segment("Other suppliers", share: rest)] : [])))
        }
        if !bars.isEmpty {
            blocks.append(
                .chart(
                    .stackedBars(
                        StackedBarChart(
                            title: "Imports by supplier (BACI), \(year.map(String.init) ?? "")",
                            axisLabel: "Share of import value, %",
                            series: suppliers.map { StackedBarChart.Series(name(of: .country($0))) } + [
                                StackedBarChart.Series("Other suppliers", isOther: true)
                            ],
                            bars: bars,
                            caption:
                                "CEPII BACI bilateral trade by value over the commodity's HS 1992 codes; the six largest suppliers of each country.",
                            citations: cited.sorted()))))
        }
        if blocks.isEmpty { blocks.append(.paragraph([.text("No import-source figures for \(commodity.name) in the store.")])) }
        return (blocks, cited)
    }

    /// Each method's score for the United States, Canada and both, with its components and whether it passes the threshold.
    private func scoreBlocks(_ commodity: Commodity, assessed: DashboardAssessments) -> (blocks: [BriefingBlock], citations: Set<CitationID>) {
        var rows: [[Cell]] = []
        var cited = Set<CitationID>()
        var reasons: [[Inline]] = []
        for economy in assessed.all {
            guard let assessment = economy.assessments.first(where: { $0.commodity.id == commodity.id }) else { continue }
            cited.formUnion(assessment.citations)
            let rank = (economy.assessments.firstIndex { $0.commodity.id == commodity.id } ?? 0) + 1
            reasons.append([
                .strong(name(of: assessment.economy) + ": "),
                .text("ranks \(rank) of \(economy.assessments.count) on the \(economy.scopeTitle); \(assessment.reason)."),
                .figure("", citations: assessment.citations.sorted()),
            ])
            for method in AssessmentMethod.allCases {
                guard let score = assessment.scores[method] else { continue }
                cited.insert(methodCitation(method))
                rows.append([
                    Cell(name(of: assessment.economy)), Cell(method.title), .number(score.score, decimals: 3),
                    Cell(
                        score.interval.map { "\(NumberFormat.fixed($0.low, fractionDigits: 3))–\(NumberFormat.fixed($0.high, fractionDigits: 3))" }
                            ?? ""),
                    Cell(score.meetsThreshold.map { $0 ? "yes" : "no" } ?? ""),
                    Cell(
                        score.components.map { component in
                            "\(component.name) " + (component.value.map { NumberFormat.fixed($0, fractionDigits: component.decimals) } ?? "n/a")
                        }
                        .joined(separator: "; ")),
                ])
            }
        }
        guard !rows.isEmpty else {
            return ([.paragraph([.text("\(commodity.name) is on neither country's newest critical-mineral list, so no method scores it here.")])], [])
        }
        let table = ReportTable(
            title: "Scores of \(commodity.name) by every method",
            columns: [Column("For"), Column("Method"), .figure("Score"), .figure("Range"), Column("Critical"), Column("Components")],
            rows: rows,
            notes: [
                "Range: the score over the published intervals of the inputs (bounded NIR). Critical: whether the method's own threshold is met.",
                "Methods: docs/METHODS.md; every input cites its source below.",
            ])
        return (
            [
                .bullets(reasons), .table(table),
                .paragraph([.link("Compare with every other mineral in the matrix", href: DashboardLink.assessment)]),
            ], cited
        )
    }
}

extension Area {
    /// Whether the area is one country (not the world total, the residual or a group).
    var isCountry: Bool {
        if case .country = self { return true }
        return false
    }
}
