import CritMinCore

extension ReportBuilder {
    /// The briefing's "What do the industries need?": for the most exposed minerals, how much the economy relies on imports
    /// and how many mines and advanced projects of its own the register holds, which have none, and which projects are on
    /// hold; with the citations of the register's records it names.
    func industryNeedsSection(_ assessments: [CommodityAssessment], economy: Economy) async throws -> (BriefingSection, Set<CitationID>) {
        let register = try await siteRegister()
        let who = name(of: economy)
        var citations = Set<CitationID>()
        var rows: [[Cell]] = []
        var withoutProjects: [String] = []
        for assessment in assessments {
            let commodities = Set([assessment.commodity.id] + catalogue.members(of: assessment.commodity.id).map(\.id))
            let sites = register.sites(SiteFilter(commodities: commodities, countries: economy.memberSet, stages: Self.pipelineStages))
            citations.formUnion(sites.flatMap { $0.records.map(\.citation) })
            let producing = sites.filter { $0.stage?.value == .production }.count
            let advanced = sites.count - producing
            let onHold = sites.filter { $0.status?.value == .onHold }.count
            if advanced == 0 && (assessment.netImportReliance?.interval.low ?? 0) >= 0.5 { withoutProjects.append(assessment.commodity.name) }
            rows.append([
                commodityCell(assessment.commodity),
                Cell(assessment.netImportReliance?.notation ?? "", json: assessment.netImportReliance.map { .number($0.interval.low) } ?? .null),
                .integer(producing), .integer(advanced), .integer(onHold),
            ])
        }
        let pipelineSites = register.sites(SiteFilter(countries: economy.memberSet, stages: Self.pipelineStages))
        let onHold = pipelineSites.filter { $0.status?.value == .onHold }.sorted { $0.name.value < $1.name.value }
        let table = ReportTable(
            title: "Mines and projects of \(who) for the most exposed minerals",
            columns: [
                Column("Mineral"), .figure("Net import reliance", key: "net_import_reliance"), .figure("Producing sites", key: "producing"),
                .figure("Advanced projects", key: "advanced_projects"), .figure("On hold", key: "on_hold"),
            ],
            rows: rows,
            notes: [
                "Sites of the register (docs/DATA.md, \"Sites\") naming the mineral or a member of its group; advanced projects are those at "
                    + "construction, permitting, feasibility or advanced-project stage; critmin pipeline --commodity X lists them."
            ])
        var blocks: [BriefingBlock] = [
            .paragraph([
                .text("Minerals \(who) imports half or more of with no advanced project in the register: "),
                .strong(withoutProjects.isEmpty ? "none" : withoutProjects.joined(separator: ", ")), .text("."),
                .figure("", citations: citations.sorted()),
            ]),
            .table(table),
        ]
        if !onHold.isEmpty {
            blocks.append(
                .paragraph([
                    .text("Projects and mines on hold in the register (\(onHold.count)): "),
                    .text(onHold.prefix(12).map(Self.siteWithCommodities).joined(separator: "; ")),
                    .text(onHold.count > 12 ? "; …" : "."),
                ]))
        }
        return (BriefingSection(title: "What do the industries need?", blocks: blocks), citations)
    }

    /// "Albany (graphite)": a site and its first three commodities.
    static func siteWithCommodities(_ site: Site) -> String {
        "\(site.name.value) (\(site.commodities.prefix(3).map(\.commodity.rawValue).joined(separator: ", ")))"
    }
}
