import CritMinAnalysis
import CritMinCore
import CritMinStore

extension ReportBuilder {
    /// `critmin brief`: where the economy is most vulnerable, on whom it relies, and the partner's role, in prose
    /// generated from the numbers, with charts; every figure cites its sources.
    /// - Parameter scenarios: Disruption scenarios and candidate actions to answer "what if a supplier cuts us off" and
    ///   "what buys the most security"; without them the briefing answers the first questions only.
    public func briefing(_ economyText: String, options: AssessmentOptions, scenarios: BriefingScenarios? = nil) async throws -> Briefing {
        let economy = try Economy(parsing: economyText, catalogue: catalogue)
        let assessed = try await assessments(for: economy, options: options)
        let (scopeTitle, assessments) = (assessed.scopeTitle, assessed.assessments)
        let who = name(of: economy)
        let year = assessments.first?.year
        var citationIDs = Set(assessments.flatMap(\.citations))
        let dataCitations = citationIDs.sorted()
        let top = Array(assessments.prefix(15))

        // Where are we most vulnerable?
        let critical = assessments.filter { ($0.scores[.eu]?.score ?? 0) >= EUCriticalityMethod.Parameters.standard.supplyRiskThreshold }
        var vulnerable: [BriefingBlock] = [
            .paragraph([
                .text("Of the \(assessments.count) minerals on the \(scopeTitle), "),
                .figure("\(critical.count)", citations: dataCitations), .text(" reach the EU supply-risk threshold (SR ≥ 1.0) for \(who). "),
                .text("Ranked over the three methods, the most exposed are "),
                .strong(top.prefix(5).map(\.commodity.name).joined(separator: ", ")), .text("."),
            ])
        ]
        if let first = top.first {
            vulnerable.append(
                .callout(
                    title: "Most exposed: \(first.commodity.name)",
                    body: [.text(first.reason + "."), .figure("", citations: first.citations.sorted())]))
        }
        if let chartMethod = options.methods.first {
            vulnerable.append(
                .chart(
                    .bars(
                        BarChart(
                            title: "\(chartMethod.title) for \(who), \(year.map(String.init) ?? "")",
                            axisLabel: chartMethod.title,
                            bars: top.sorted { ($0.scores[chartMethod]?.score ?? 0) > ($1.scores[chartMethod]?.score ?? 0) }.compactMap {
                                assessment in
                                assessment.scores[chartMethod].map { score in
                                    BarChart.Bar(
                                        assessment.commodity.name, value: score.score,
                                        interval: score.distribution.map { $0.p05...$0.p95 } ?? score.interval.map { $0.low...$0.high })
                                }
                            },
                            thresholds: chartMethod == .eu ? [.init("EU threshold", at: 1.0)] : [],
                            caption:
                                "Whiskers: 5th–95th percentile over \(options.draws ?? 0) Monte Carlo draws of the uncertain inputs "
                                + "(seed \(options.seed)).",
                            citations: dataCitations))))
        }
        vulnerable.append(.table(try await rankingTable(top, who: who, linked: false)))
        vulnerable.append(
            .bullets(top.map { [.strong($0.commodity.name), .text(": " + $0.reason + "."), .figure("", citations: $0.citations.sorted())] }))

        // On whom do we rely?
        let suppliers = leadingSuppliers(top)
        let concern = (try? group(options.concern)) ?? []
        let matrix = MatrixChart(
            title: "Share of \(possessive(who)) imports by supplier, \(year.map(String.init) ?? "")",
            columns: suppliers.map { name(of: .country($0)) },
            rows: top.map { assessment in
                MatrixChart.Row(
                    assessment.commodity.name,
                    entries: suppliers.map { supplier in
                        guard !assessment.suppliers.isEmpty else { return .noData }
                        let share = assessment.suppliers.first { $0.supplier == supplier }?.share ?? 0
                        let text = share == 0 ? "0" : share < 0.005 ? "<1%" : NumberFormat.fixed(share * 100, fractionDigits: 0) + "%"
                        return MatrixChart.Entry(share, text: text)
                    })
            },
            scaleLabel: "Share of import value", lowLabel: "0%", highLabel: "100%",
            caption:
                "BACI bilateral trade by value over each commodity's HS 1992 codes; the eight suppliers with the largest shares over "
                + "these minerals are shown; blank rows have no mapped trade.",
            citations: dataCitations)
        let concernHeavy = assessments.filter { ($0.concernShare ?? 0) >= 0.25 }
        var reliance: [BriefingBlock] = [
            .paragraph([
                .text(
                    "Countries of concern (\(concern.map(\.rawValue).sorted().joined(separator: ", "))) supply a quarter or more of "
                        + "\(possessive(who)) imports of "
                ),
                .figure("\(concernHeavy.count)", citations: dataCitations),
                .text(" minerals" + (concernHeavy.isEmpty ? "." : ": " + concernHeavy.prefix(8).map(\.commodity.name).joined(separator: ", ") + ".")),
            ]),
            .chart(.matrix(matrix)),
        ]
        if let partner = partnerCountry(of: economy) {
            let relied = assessments.filter { ($0.partnerShare ?? 0) >= 0.25 }.map(\.commodity.name)
            reliance.append(
                .paragraph([
                    .text("\(name(of: .country(partner))) supplies a quarter or more of \(possessive(who)) imports of "),
                    .figure("\(relied.count)", citations: dataCitations),
                    .text(" minerals" + (relied.isEmpty ? "." : ": " + relied.prefix(10).joined(separator: ", ") + ".")),
                ]))
        }

        // The partner's role, both ways.
        let roles = try await partnerRoles(list: options.list, year: options.year, allies: options.allies)
        var partnerBlocks: [BriefingBlock] = []
        for (importer, supplier) in [("USA", "CAN"), ("CAN", "USA")] as [(CountryCode, CountryCode)] {
            let covering = roles.filter { $0.importer == importer && $0.supplier == supplier && ($0.headroom ?? 0) >= 0.5 }
            partnerBlocks.append(
                .paragraph([
                    .text(
                        "\(possessive(name(of: .country(supplier)))) exports to third countries could replace at least half of "
                            + "\(possessive(name(of: .country(importer)))) "
                            + "imports from outside the allies for "),
                    .figure("\(covering.count)", citations: dataCitations),
                    .text(" minerals" + (covering.isEmpty ? "." : ": " + covering.prefix(10).map(\.commodity.name).joined(separator: ", ") + ".")),
                ]))
        }
        partnerBlocks.append(.table(partnerTable(roles)))

        var sections = [
            BriefingSection(title: "Where are we most vulnerable?", blocks: vulnerable),
            BriefingSection(title: "On whom do we rely?", blocks: reliance),
            BriefingSection(title: "The Canada–US partnership", blocks: partnerBlocks),
        ]
        let (needs, siteCitations) = try await industryNeedsSection(top, economy: economy)
        sections.append(needs)
        citationIDs.formUnion(siteCitations)
        if let scenarios {
            let (scenarioSections, scenarioCitations) = try await scenarioSections(for: economy, scenarios, allies: options.allies)
            sections += scenarioSections
            citationIDs.formUnion(scenarioCitations)
        }
        let defaults = Set(assessments.flatMap { $0.scores.values.flatMap(\.defaultsUsed) }).sorted()
        citationIDs.formUnion(options.methods.map(methodCitation))
        var sources = Array(try await store.citations(citationIDs).values)
        sources += [GeoPolRiskMethod.citation, EUCriticalityMethod.citation].filter { citationIDs.contains($0.id) }
        return Briefing(
            title: "Critical-mineral vulnerability: \(who)",
            subtitle: "\(scopeTitle) · trade and production \(year.map(String.init) ?? "") · critmin",
            summary: [
                .text("The most exposed minerals for \(who) are "), .strong(top.prefix(3).map(\.commodity.name).joined(separator: ", ")),
                .text("; \(critical.count) of \(assessments.count) reach the EU supply-risk threshold."),
            ],
            sections: sections,
            sources: sources.sorted { $0.id < $1.id },
            methodNotes: methodNotesText(options) + defaults)
    }

    /// The ranking the briefing and the dashboard show: each method's score with its 5th–95th percentile, reliance and the
    /// share from countries of concern; `linked` names link to the dashboard's commodity pages.
    func rankingTable(_ assessments: [CommodityAssessment], who: String, linked: Bool) async throws -> ReportTable {
        let score = { (assessment: CommodityAssessment, method: AssessmentMethod) -> Cell in
            guard let score = assessment.scores[method] else { return .empty }
            var text = NumberFormat.fixed(score.score, fractionDigits: 2)
            if let distribution = score.distribution {
                text += " (\(NumberFormat.fixed(distribution.p05, fractionDigits: 2))–\(NumberFormat.fixed(distribution.p95, fractionDigits: 2)))"
            }
            return Cell(text, json: .number(score.score))
        }
        return ReportTable(
            title: "The \(assessments.count) most exposed minerals for \(who)",
            columns: [
                .figure("#", key: "rank"), Column("Mineral"), .figure("EU SR", key: "eu"), .figure("USGS SR", key: "usgs"),
                .figure("GeoPolRisk", key: "geopolrisk"), .figure("NIR %", key: "nir"), .figure("Concern %", key: "concern"),
            ],
            rows: assessments.enumerated().map { index, assessment in
                [
                    .integer(index + 1), linked ? commodityCell(assessment.commodity) : Cell(assessment.commodity.name), score(assessment, .eu),
                    score(assessment, .usgs),
                    score(assessment, .geopolrisk),
                    Cell(assessment.netImportReliance?.notation ?? ""), assessment.concernShare.map { .percent($0, decimals: 0) } ?? .empty,
                ]
            },
            notes: ["Scores with their 5th–95th percentiles over the Monte Carlo draws; EU SR ≥ 1.0 and USGS SR ≥ 0.40 mark supply risk."],
            citations: try await citationLines(ids: Set(assessments.flatMap(\.citations))))
    }

    /// Both directions of the partnership per mineral: shares of each other's imports and the headroom; `linked` names
    /// link to the dashboard's commodity pages.
    func partnerTable(_ roles: [PartnerRole], linked: Bool = false) -> ReportTable {
        let pairs = Dictionary(grouping: roles, by: \.commodity.id)
        let order = roles.map(\.commodity).reduce(into: [Commodity]()) { if !$0.contains($1) { $0.append($1) } }
        let percent = { (value: Double?) -> Cell in value.map { .percent($0, decimals: 0) } ?? .empty }
        return ReportTable(
            title: "What Canada and the United States supply each other",
            columns: [
                Column("Mineral"), .figure("US imports from Canada %", key: "us_from_can"), .figure("Canada could cover %", key: "can_cover"),
                .figure("Canadian imports from US %", key: "can_from_us"), .figure("US could cover %", key: "us_cover"),
            ],
            rows: order.compactMap { commodity in
                guard let pair = pairs[commodity.id], let toUS = pair.first(where: { $0.importer == "USA" }),
                    let toCanada = pair.first(where: { $0.importer == "CAN" }), toUS.shareOfImports != nil || toCanada.shareOfImports != nil
                else { return nil }
                return [
                    linked ? commodityCell(commodity) : Cell(commodity.name), percent(toUS.shareOfImports), percent(toUS.headroom),
                    percent(toCanada.shareOfImports),
                    percent(toCanada.headroom),
                ]
            },
            notes: [
                "Shares of import value (BACI). Could cover: the partner's exports to third countries as a share of the importer's "
                    + "imports from outside "
                    + "the allies, capped at 100%."
            ])
    }

    /// "Canada's", "the United States'".
    func possessive(_ name: String) -> String {
        name.hasSuffix("s") ? name + "'" : name + "'s"
    }

    /// The suppliers that lead most often among the commodities shown, at most eight.
    func leadingSuppliers(_ assessments: [CommodityAssessment]) -> [CountryCode] {
        var weight: [CountryCode: Double] = [:]
        for assessment in assessments { for supplier in assessment.suppliers { weight[supplier.supplier, default: 0] += supplier.share } }
        return weight.sorted { ($0.value, $1.key) > ($1.value, $0.key) }.prefix(8).map(\.key)
    }

    func methodCitation(_ method: AssessmentMethod) -> CitationID {
        switch method {
        case .geopolrisk: GeoPolRiskMethod.citation.id
        case .eu: EUCriticalityMethod.citation.id
        case .usgs: USGSSupplyRiskMethod.citation.id
        }
    }
}
