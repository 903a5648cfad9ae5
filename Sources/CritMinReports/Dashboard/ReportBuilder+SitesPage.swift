import CritMinCore

extension DashboardLink {
    public static let sites = "/sites"
    public static func site(_ id: SiteID) -> String { "/sites/" + id.rawValue }
}

extension ReportBuilder {
    /// Sites the map draws at most: beyond, the page says how many were left off and asks for a narrower filter.
    static let mapSymbolLimit = 4_000

    /// `/sites`: the register's sites on a map of Canada and the US (their sites only, unless a country is asked for) or of
    /// the world, filtered by commodity, country, kind and stage, with their table; the default shows the pipeline
    /// (producing to advanced projects) of every commodity.
    public func sitesPage(_ register: SiteRegister, filter: SiteFilter, commodityName: String?, world: Bool, map: WorldMap) async throws
        -> DashboardPage
    {
        var filter = filter
        if filter.stages == nil && filter.kinds == nil && commodityName == nil { filter.stages = Self.pipelineStages }
        if !world && filter.countries == nil { filter.countries = [.canada, .unitedStates] }
        let sites = register.sites(filter)
        let located = sites.filter { $0.location != nil }
        let drawn = Array(located.prefix(Self.mapSymbolLimit))
        let citations = Set(sites.flatMap { $0.records.map(\.citation) })
        let heading = try commodityName.map { name throws(CritMinError) in "\(try commodity(named: name).name) sites" }
        let chart = SiteMapChart(
            title: (heading ?? "Mines, plants and advanced projects") + (world ? ", world" : ", Canada and the United States"),
            symbols: drawn.map { site in
                SiteMapChart.Symbol(
                    site: site.id, name: site.name.value, location: site.location!.value, kind: site.kind.value, stage: site.stage?.value,
                    link: DashboardLink.site(site.id))
            },
            map: map, view: world ? SiteMapChart.world : SiteMapChart.northAmerica,
            caption: "Each symbol is one site (several sources' records merged); shape: what it is, colour: its stage. Equal Earth projection.",
            citations: citations.sorted())
        var notes = ["\(sites.count) sites; \(sites.count - located.count) without a location are in the table only."]
        if located.count > drawn.count {
            notes.append("The map draws the first \(drawn.count) of \(located.count) located sites: filter by commodity or stage to see the rest.")
        }
        let rows = sites.prefix(1_000).map { site in
            [
                Cell(site.name.value, json: .string(site.id.rawValue), link: DashboardLink.site(site.id)), Cell(site.kind.value.rawValue),
                Cell(site.stage?.value.rawValue ?? ""), Cell(site.status?.value.rawValue ?? ""), countryCell(site.country),
                Cell(site.subdivision?.value ?? ""),
                Self.listCell(site.commodities.map(\.commodity.rawValue)), Self.listCell(site.owners?.value.map(Self.ownerText) ?? []),
                .integer(site.records.count),
            ]
        }
        if sites.count > rows.count { notes.append("The table lists the first \(rows.count) sites by id.") }
        let table = ReportTable(
            title: "Sites",
            columns: [
                Column("Site"), Column("Kind"), Column("Stage"), Column("Status"), Column("Country"), Column("Province/state"), Column("Commodities"),
                Column("Owners"), .figure("Sources"),
            ],
            rows: rows, notes: notes)
        let commodities = Set(register.sites(SiteFilter(stages: Self.pipelineStages)).flatMap { $0.commodities.map(\.commodity) })
        let choices = catalogue.commodities.values.filter { commodities.contains($0.id) }.sorted { $0.name < $1.name }
        func link(_ commodity: String?, world: Bool) -> String {
            var query: [String] = []
            if let commodity { query.append("commodity=\(commodity)") }
            if world { query.append("view=world") }
            return DashboardLink.sites + (query.isEmpty ? "" : "?" + query.joined(separator: "&"))
        }
        let current = commodityName.map { try? self.commodity(named: $0).id.rawValue } ?? nil
        let filters: [BriefingBlock] = [
            .paragraph(
                [.strong("Commodity: "), .link("all (pipeline)", href: link(nil, world: world))]
                    + choices.flatMap { [Inline.text(" · "), .link($0.name, href: link($0.id.rawValue, world: world))] }),
            .paragraph([
                .strong("View: "), .link("Canada and the United States", href: link(current, world: false)), .text(" · "),
                .link("World", href: link(current, world: true)),
            ]),
        ]
        var blocks = filters + [.chart(.sites(chart)), .table(table)]
        if let current {
            blocks.insert(
                .paragraph([
                    .text("What the pipeline adds and could cover of net imports: "),
                    .link("pipeline of \(current)", href: "/api/v1/pipeline?commodity=\(current)"),
                ]), at: 2)
        }
        let document = Briefing(
            title: chart.title, subtitle: "The register of deposits, mines, plants and projects · critmin",
            summary: [
                .text("One physical site reported by several sources is one site; its page shows every source and how each attribute was chosen.")
            ],
            sections: [BriefingSection(title: "Map", blocks: blocks)], sources: try await pageSources(citations.union([map.citation.id])))
        return DashboardPage(document: document, facts: [("Sites", String(sites.count)), ("On the map", String(drawn.count))])
    }

    /// `/sites/{id}`: one site on the map with each attribute's source and every source's figures.
    public func sitePage(_ register: SiteRegister, id: String, map: WorldMap) async throws -> DashboardPage {
        let report = try await site(register, id: id)
        let site = register.site(SiteID(rawValue: id))!
        var blocks: [BriefingBlock] = []
        if let location = site.location?.value {
            let view = try GeoBox(
                south: max(location.latitude - 12, -89), west: max(location.longitude - 25, -180), north: min(location.latitude + 12, 89),
                east: min(location.longitude + 25, 180))
            let neighbours = register.sites(SiteFilter(box: view)).filter {
                $0.location != nil && ($0.id == site.id || Self.pipelineStages.contains($0.stage?.value ?? .occurrence))
            }
            blocks.append(
                .chart(
                    .sites(
                        SiteMapChart(
                            title: "\(site.name.value) and the mines and projects around it",
                            symbols: neighbours.prefix(Self.mapSymbolLimit).map { other in
                                SiteMapChart.Symbol(
                                    site: other.id, name: other.name.value, location: other.location!.value, kind: other.kind.value,
                                    stage: other.stage?.value, link: DashboardLink.site(other.id))
                            }, map: map, view: view, caption: "The site and the pipeline sites within 12° of latitude and 25° of longitude.",
                            citations: [site.location!.record].map { site.records[$0].citation }, highlighted: site.id))))
        }
        blocks += report.tables.map { BriefingBlock.table($0) }
        let document = Briefing(
            title: site.name.value,
            subtitle: "\(site.kind.value.rawValue), \(site.country.rawValue)\(site.subdivision.map { "-" + $0.value } ?? "") · critmin site register",
            sections: [BriefingSection(title: "Site", blocks: blocks)],
            sources: try await pageSources(Set(site.records.map(\.citation)).union([map.citation.id])))
        return DashboardPage(document: document, facts: report.facts.map { ($0.0, $0.1) })
    }
}
