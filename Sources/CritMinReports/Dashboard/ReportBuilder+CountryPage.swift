import CritMinAnalysis
import CritMinCore
import CritMinSimulation
import CritMinStore

/// A scenario the product ships, with the file name its page is addressed by.
public struct ShippedScenario: Sendable {
    /// "gallium-germanium-2023" (the file name without ".yaml").
    public var id: String
    public var scenario: Scenario

    public init(id: String, scenario: Scenario) {
        self.id = id
        self.scenario = scenario
    }
}

extension ReportBuilder {
    /// `/countries/{iso3}`: what the country produces and where it leads, its governance, its share of US and Canadian
    /// imports of critical minerals, and the shipped scenarios that involve it.
    public func countryPage(_ name: String, assessed: DashboardAssessments, scenarios: [ShippedScenario]) async throws -> DashboardPage {
        let country = try country(named: name)
        // Independent reads, side by side on the store's reader pool.
        async let leadingRead = leadingProductions(country, leadingShare: 0.10)
        async let governanceRead = latestGovernance(country)
        let (found, governance) = (try await leadingRead, try await governanceRead)
        let (source, leading) = found
        let report = try await countryReport(country, leadingShare: 0.10, leading: found, governance: governance)
        let short = self.name(of: .country(country.code))
        var cited = Set<CitationID>()
        var sections: [BriefingSection] = []

        let leadingCitations = Set(leading.compactMap { $0.figure?.observation.citation })
        cited.formUnion(leadingCitations)
        var production: [BriefingBlock] = []
        if leading.isEmpty {
            production.append(.paragraph([.text("\(short) is not among the leading producers of any commodity in \(source.descriptor.id).")]))
        } else {
            production.append(
                .paragraph(
                    [
                        .text("\(short) is among the three largest producers, or has at least 10 % of world output, in "),
                        .figure("\(leading.count)", citations: leadingCitations.sorted()), .text(" series: "),
                    ]
                        + linkedNames(orderedKeys(leading.map(\.series.commodity)).compactMap { catalogue.commodities[$0] }) + [.text(".")]))
            production.append(
                .chart(
                    .bars(
                        BarChart(
                            title: "\(possessive(short)) share of world production, where it leads",
                            axisLabel: "Share of world production, %",
                            bars: leading.prefix(25).map { row in
                                let commodity = catalogue.commodities[row.series.commodity]?.name ?? row.series.commodity.rawValue
                                let detail = [row.series.stage?.rawValue, row.series.label].compactMap { $0 }.joined(separator: ", ")
                                return BarChart.Bar(detail.isEmpty ? commodity : "\(commodity) (\(detail))", value: row.share * 100)
                            }, axisRange: 0...100,
                            caption: "Newest USGS edition, latest year of each series; shares of the world total.",
                            citations: leadingCitations.sorted()))))
        }
        sections.append(BriefingSection(title: "What \(short) produces and where it leads", blocks: production))

        cited.formUnion(governance.map(\.score.citation))
        var governanceBlocks: [BriefingBlock] = []
        if let year = governance.first?.score.year {
            governanceBlocks.append(
                .chart(
                    .bars(
                        BarChart(
                            title: "\(possessive(short)) governance (World Bank WGI), \(year)",
                            axisLabel: "WGI estimate (about −2.5 weak … +2.5 strong)",
                            bars: governance.map { stored in
                                BarChart.Bar(
                                    stored.score.dimension.title, value: stored.score.estimate,
                                    interval: stored.score.standardError.map {
                                        (stored.score.estimate - 1.96 * $0)...(stored.score.estimate + 1.96 * $0)
                                    })
                            }, axisRange: -2.5...2.5,
                            caption: "Whiskers: the estimate ± 1.96 standard errors (95 % interval) as the WGI publishes them.",
                            citations: Array(Set(governance.map(\.score.citation))).sorted()))))
        }
        governanceBlocks += report.tables.filter { $0.title.hasPrefix("Governance") }.map(BriefingBlock.table)
        sections.append(BriefingSection(title: "Governance", blocks: governanceBlocks))

        var trade: [BriefingBlock] = []
        for economy in [assessed.unitedStates, assessed.canada] {
            guard let first = economy.assessments.first, !first.economy.members.contains(country.code) else { continue }
            let supplied = economy.assessments.compactMap { assessment -> (CommodityAssessment, Double)? in
                guard let share = assessment.suppliers.first(where: { $0.supplier == country.code })?.share, share > 0 else { return nil }
                return (assessment, share)
            }
            .sorted { ($0.1, $1.0.commodity.name) > ($1.1, $0.0.commodity.name) }
            let importer = self.name(of: first.economy)
            let citations = Set(supplied.flatMap(\.0.citations))
            cited.formUnion(citations)
            guard !supplied.isEmpty else {
                trade.append(.paragraph([.text("\(short) supplies none of \(possessive(importer)) imports of the minerals on its list (BACI).")]))
                continue
            }
            trade.append(
                .chart(
                    .bars(
                        BarChart(
                            title: "\(possessive(short)) share of \(possessive(importer)) imports, by mineral, \(first.year)",
                            axisLabel: "Share of import value, %",
                            bars: supplied.prefix(25).map { BarChart.Bar($0.0.commodity.name, value: $0.1 * 100) }, axisRange: 0...100,
                            caption:
                                "CEPII BACI bilateral trade by value over each mineral's HS 1992 codes, minerals on \(possessive(importer)) newest list.",
                            citations: citations.sorted()))))
            trade.append(
                .table(
                    ReportTable(
                        title: "\(possessive(importer)) imports from \(short)",
                        columns: [Column("Mineral"), .figure("Share of imports %", key: "share"), .figure("Rank among suppliers", key: "rank")],
                        rows: supplied.map { assessment, share in
                            [
                                commodityCell(assessment.commodity), .percent(share),
                                .integer((assessment.suppliers.firstIndex { $0.supplier == country.code } ?? 0) + 1),
                            ]
                        })))
        }
        trade += report.tables.filter { !$0.title.hasPrefix("Governance") && !$0.title.hasPrefix("Where") }.map(BriefingBlock.table)
        if trade.isEmpty { trade.append(.paragraph([.text("No trade figures with the United States or Canada for \(short).")])) }
        sections.append(BriefingSection(title: "Trade with the United States and Canada", blocks: trade))

        let involving = scenarios.filter { shipped in shipped.scenario.shocks.contains { $0.country == country.code } }
        sections.append(
            BriefingSection(
                title: "Scenarios that involve \(short)",
                blocks: involving.isEmpty
                    ? [.paragraph([.text("No shipped scenario names \(short); "), .link("upload one", href: "/scenarios"), .text(".")])]
                    : [.bullets(involving.map { [.link($0.scenario.name, href: DashboardLink.scenario($0.id)), .text(": " + $0.scenario.summary)] })])
        )
        sections.append(
            BriefingSection(
                title: "Where \(short) leads: the table", blocks: report.tables.filter { $0.title.hasPrefix("Where") }.map(BriefingBlock.table)))
        let document = Briefing(
            title: country.name, subtitle: "\(country.code.rawValue) · critical minerals", sections: sections, sources: try await pageSources(cited))
        return DashboardPage(document: document, facts: report.facts.map { (label: $0.0, value: $0.1) })
    }
}
