import CritMinCore

extension ReportBuilder {
    /// `/partnership`: who supplies whom between Canada and the United States, how much of each one's imports from outside
    /// the allies the other could replace, and where the partnership closes the most of that gap.
    /// - Parameter roles: ``partnerRoles(list:year:allies:)`` of the newest lists, against the ALLIES group.
    public func partnershipPage(_ roles: [PartnerRole]) async throws -> DashboardPage {
        let cited = Set(roles.flatMap(\.citations))
        let citations = cited.sorted()
        let pairs: [(importer: CountryCode, supplier: CountryCode)] = [(.unitedStates, .canada), (.canada, .unitedStates)]
        var supply: [BriefingBlock] = []
        var headroom: [BriefingBlock] = []
        for pair in pairs {
            let importer = name(of: .country(pair.importer))
            let supplier = name(of: .country(pair.supplier))
            let direction = roles.filter { $0.importer == pair.importer && $0.supplier == pair.supplier }
            let shares = direction.compactMap { role in role.shareOfImports.map { (role, $0) } }.filter { $0.1 > 0 }
                .sorted { ($0.1, $1.0.commodity.name) > ($1.1, $0.0.commodity.name) }
            supply.append(
                .chart(
                    .bars(
                        BarChart(
                            title:
                                "\(possessive(supplier)) share of \(possessive(importer)) imports, by mineral, \(direction.first.map { String($0.year) } ?? "")",
                            axisLabel: "Share of import value, %",
                            bars: shares.prefix(25).map { BarChart.Bar($0.0.commodity.name, value: $0.1 * 100) }, axisRange: 0...100,
                            caption: "CEPII BACI bilateral trade by value; the 25 minerals with the largest shares.", citations: citations))))
            let covering = direction.compactMap { role in role.headroom.map { (role, $0) } }
                .sorted { ($0.1, $1.0.commodity.name) > ($1.1, $0.0.commodity.name) }
            headroom.append(
                .chart(
                    .bars(
                        BarChart(
                            title: "How much of \(possessive(importer)) non-allied imports \(supplier) could replace",
                            axisLabel:
                                "\(possessive(supplier)) exports to third countries, % of \(possessive(importer)) imports from outside the allies",
                            bars: covering.prefix(25).map { BarChart.Bar($0.0.commodity.name, value: $0.1 * 100) },
                            thresholds: [.init("half the gap", at: 50)], axisRange: 0...100,
                            caption:
                                "Capped at 100 %: supply already traded that could be redirected at current production (tonnes of the mapped HS codes).",
                            citations: citations))))
        }
        let gaps = roles.compactMap { role -> (PartnerRole, Double)? in
            guard let headroom = role.headroom, let nonAllied = role.nonAlliedImports, nonAllied > 0 else { return nil }
            return (role, min(nonAllied, nonAllied * headroom))
        }
        .sorted { ($0.0.headroom ?? 0, $0.1) > ($1.0.headroom ?? 0, $1.1) }
        let closing = ReportTable(
            title: "Where the partnership closes the most gap",
            columns: [
                Column("Mineral"), Column("Importer"), Column("Partner"), .figure("Non-allied imports t", key: "non_allied_imports"),
                .figure("Partner's exports to others t", key: "partner_exports_to_others"), .figure("Could cover %", key: "headroom"),
                .figure("Gap closed t", key: "gap_closed"),
            ],
            rows: gaps.prefix(20).map { role, closed in
                [
                    commodityCell(role.commodity), countryCell(role.importer), countryCell(role.supplier),
                    role.nonAlliedImports.map { .number($0, decimals: 0) } ?? .empty,
                    role.supplierExportsToOthers.map { .number($0, decimals: 0) } ?? .empty,
                    role.headroom.map { .percent($0, decimals: 0) } ?? .empty, .number(closed, decimals: 0),
                ]
            },
            notes: ["Ranked by the share of the importer's non-allied imports the partner could replace, then by the tonnes that closes."],
            citations: try await citationLines(ids: cited))
        let table = try await complementarityTable(roles, list: nil, allies: "ALLIES").tables
        let document = Briefing(
            title: "The Canada–US partnership",
            subtitle: "Who supplies whom, and how much each could make up for the other · newest US and Canadian lists",
            summary: [
                .text("For "), .figure("\(gaps.filter { ($0.0.headroom ?? 0) >= 0.5 }.count)", citations: citations),
                .text(
                    " mineral–country pairs, the partner's exports to third countries could replace at least half of the imports from outside the allies."
                ),
            ],
            sections: [
                BriefingSection(title: "Who supplies whom", blocks: supply),
                BriefingSection(title: "Headroom", blocks: headroom),
                BriefingSection(title: "Where the partnership closes the most gap", blocks: [.table(closing)]),
                BriefingSection(title: "Every mineral, both ways", blocks: table.map(BriefingBlock.table)),
            ],
            sources: try await pageSources(cited))
        return DashboardPage(document: document)
    }
}
