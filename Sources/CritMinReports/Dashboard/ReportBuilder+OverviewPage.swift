import CritMinAnalysis
import CritMinCore
import CritMinStore

extension ReportBuilder {
    /// `/`: the most vulnerable minerals for the United States, Canada and both, the headline dependence figures, the
    /// partner's role and the data editions behind them.
    /// - Parameter roles: ``partnerRoles(list:year:allies:)`` of the newest lists, against the ALLIES group.
    public func overviewPage(_ assessed: DashboardAssessments, partnerRoles roles: [PartnerRole]) async throws -> DashboardPage {
        var cited = Set(assessed.all.flatMap { $0.assessments.flatMap(\.citations) })
        let year = assessed.both.assessments.first?.year
        var vulnerable: [BriefingBlock] = []
        for economy in assessed.all {
            let top = Array(economy.assessments.prefix(10))
            guard let first = top.first else { continue }
            let who = name(of: first.economy)
            vulnerable.append(
                .paragraph(
                    [
                        .strong(who + ": "),
                        .text("of the \(economy.assessments.count) minerals on the \(economy.scopeTitle), the most exposed are "),
                    ] + linkedNames(top.prefix(5).map(\.commodity)) + [.text("."), .figure("", citations: first.citations.sorted())]))
            vulnerable.append(.table(try await rankingTable(top, who: who, linked: true)))
        }
        let both = Array(assessed.both.assessments.prefix(15))
        vulnerable.insert(
            .chart(
                .bars(
                    BarChart(
                        title: "EU supply risk of the 15 most exposed minerals for the United States and Canada, \(year.map(String.init) ?? "")",
                        axisLabel: "EU supply risk (SR), dimensionless",
                        bars: both.compactMap { assessment in
                            assessment.scores[.eu].map {
                                BarChart.Bar(assessment.commodity.name, value: $0.score, interval: $0.interval.map { $0.low...$0.high })
                            }
                        },
                        thresholds: [.init("EU criticality threshold", at: EUCriticalityMethod.Parameters.standard.supplyRiskThreshold)],
                        caption: "Ranked over the EU, USGS and GeoPolRisk methods together; whiskers span the published ranges of the inputs.",
                        citations: Set(both.flatMap(\.citations)).sorted()))), at: 0)

        let us = assessed.unitedStates.assessments
        let usCitations = Set(us.flatMap(\.citations)).sorted()
        let fullyReliant = us.filter { ($0.netImportReliance?.interval.low ?? 0) >= 0.995 }
        let mostlyReliant = us.filter { ($0.netImportReliance?.interval.low ?? 0) >= 0.5 }
        var dependence: [BriefingBlock] = [
            .paragraph(
                [
                    .text("The United States relies on imports for all of its use of "), .figure("\(fullyReliant.count)", citations: usCitations),
                    .text(" minerals and for more than half of "), .figure("\(mostlyReliant.count)", citations: usCitations),
                    .text(" of the \(us.count) on its list (USGS net import reliance)."),
                ])
        ]
        for economy in [assessed.unitedStates, assessed.canada] {
            guard let first = economy.assessments.first else { continue }
            let concern = economy.assessments.filter { ($0.concernShare ?? 0) >= 0.25 }
            let partner = economy.assessments.filter { ($0.partnerShare ?? 0) >= 0.25 }
            let citations = Set(economy.assessments.flatMap(\.citations)).sorted()
            let partnerName = partnerCountry(of: first.economy).map { name(of: .country($0)) } ?? "the partner"
            dependence.append(
                .paragraph(
                    [
                        .strong(name(of: first.economy) + ": "), .text("countries of concern supply a quarter or more of imports of "),
                        .figure("\(concern.count)", citations: citations), .text(" minerals"),
                    ] + (concern.isEmpty ? [] : [.text(" (")] + linkedNames(concern.prefix(8).map(\.commodity)) + [.text(")")])
                        + [.text("; \(partnerName) supplies a quarter or more of "), .figure("\(partner.count)", citations: citations), .text(".")]))
        }
        let reliance = us.filter { $0.netImportReliance != nil }.sorted {
            ($0.netImportReliance?.interval.high ?? 0, $1.commodity.name) > ($1.netImportReliance?.interval.high ?? 0, $0.commodity.name)
        }
        dependence.append(
            .chart(
                .bars(
                    BarChart(
                        title: "US net import reliance, the 20 highest",
                        axisLabel: "Net import reliance, % of apparent consumption",
                        bars: reliance.prefix(20).compactMap { assessment in
                            assessment.netImportReliance.flatMap { nir in
                                Amount(notation: nir.notation).map { BarChart.Bar(assessment.commodity.name, amount: $0) }
                            }
                        },
                        thresholds: [.init("majority import-reliant", at: 50)], axisRange: 0...100,
                        caption: "As USGS prints it: >95 is drawn to 95 with an arrowhead, E (net exporter) as a word.",
                        citations: usCitations))))

        cited.formUnion(roles.flatMap(\.citations))
        var partnership: [BriefingBlock] = []
        for (importer, supplier) in [(CountryCode.unitedStates, CountryCode.canada), (.canada, .unitedStates)] {
            let covering = roles.filter { $0.importer == importer && $0.supplier == supplier && ($0.headroom ?? 0) >= 0.5 }
            partnership.append(
                .paragraph(
                    [
                        .text("\(possessive(name(of: .country(supplier)))) exports to third countries could replace at least half of "),
                        .text("\(possessive(name(of: .country(importer)))) imports from outside the allies for "),
                        .figure("\(covering.count)", citations: Set(covering.flatMap(\.citations)).sorted()), .text(" minerals"),
                    ] + (covering.isEmpty ? [.text(".")] : [.text(": ")] + linkedNames(covering.prefix(10).map(\.commodity)) + [.text(".")])))
        }
        partnership.append(.paragraph([.link("Who supplies whom, and the headroom, mineral by mineral", href: DashboardLink.partnership)]))

        let editions = versions.sorted { $0.descriptor.id < $1.descriptor.id }
        let editionCitations = try await store.citations(Set(editions.map(\.descriptor.citation)))
        cited.formUnion(editions.map(\.descriptor.citation))
        let data: [BriefingBlock] = [
            .table(
                ReportTable(
                    title: "The data editions behind these pages",
                    columns: [Column("Dataset"), Column("Publication"), Column("Edition"), .figure("Version"), Column("Imported")],
                    rows: editions.map { version in
                        let citation = editionCitations[version.descriptor.citation]
                        return [
                            Cell(version.descriptor.id.rawValue, link: DashboardLink.datasets),
                            Cell(citation.map { "\($0.publisher), \($0.publication)" } ?? version.descriptor.title), Cell(citation?.edition ?? ""),
                            .integer(version.version), Cell(version.importedAt.formatted(.iso8601.year().month().day())),
                        ]
                    }))
        ]
        let explore: [BriefingBlock] = [
            .bullets([
                [
                    .link("Vulnerability matrix", href: DashboardLink.assessment),
                    .text(": every mineral against every indicator, by method and list."),
                ],
                [.link("Canada–US partnership", href: DashboardLink.partnership), .text(": what each can supply the other.")],
                [.link("Disruption scenarios", href: "/scenarios"), .text(": what happens if a supplier cuts exports, and who covers it.")],
                [.link("Datasets", href: DashboardLink.datasets), .text(": owners, classification, versions, citations, downloads.")],
            ]),
            .paragraph([.strong("Minerals: ")] + linkedNames(catalogue.commodities.values.filter { $0.kind != .group }.sorted { $0.name < $1.name })),
        ]
        let document = Briefing(
            title: "North American critical-mineral security",
            subtitle: "United States and Canada · trade and production \(year.map(String.init) ?? "") · critmin",
            summary: [.text("Most exposed for both countries together: ")] + linkedNames(both.prefix(5).map(\.commodity)) + [.text(".")],
            sections: [
                BriefingSection(title: "Where are Canada and the United States most vulnerable?", blocks: vulnerable),
                BriefingSection(title: "How dependent are they?", blocks: dependence),
                BriefingSection(title: "The partner's role", blocks: partnership),
                BriefingSection(title: "Explore", blocks: explore),
                BriefingSection(title: "Data editions", blocks: data),
            ],
            sources: try await pageSources(cited.union([EUCriticalityMethod.citation.id])), methodNotes: methodNotesText(AssessmentOptions()))
        return DashboardPage(document: document)
    }

    /// Commodity names as links to their pages, separated by commas.
    func linkedNames(_ commodities: some Collection<Commodity>) -> [Inline] {
        var runs: [Inline] = []
        for (index, commodity) in commodities.enumerated() {
            if index > 0 { runs.append(.text(", ")) }
            runs.append(.link(commodity.name, href: DashboardLink.commodity(commodity.id)))
        }
        return runs
    }
}
