import CritMinAnalysis
import CritMinCore
import CritMinStore

extension ReportBuilder {
    /// `critmin country CODE`: the country's names and groups, its governance scores, where it is a leading producer,
    /// and for which commodities it is a listed source of US imports.
    /// - Parameter leadingShare: A producer counts as leading with at least this share (0 … 1) or a top-3 rank.
    public func country(_ name: String, leadingShare: Double = 0.10) async throws -> Report {
        let country = try country(named: name)
        async let leading = leadingProductions(country, leadingShare: leadingShare)
        async let governance = latestGovernance(country)
        return try await countryReport(country, leadingShare: leadingShare, leading: try await leading, governance: try await governance)
    }

    /// The country report over its leading productions and governance scores, read once by callers that also draw them.
    func countryReport(
        _ country: Country, leadingShare: Double, leading: (source: DatasetVersion, rows: [LeadingProduction]), governance: [StoredGovernanceScore]
    ) async throws -> Report {
        var facts: [(String, String)] = [("ISO 3166 alpha-3", country.code.rawValue)]
        if let alpha2 = country.alpha2 { facts.append(("alpha-2", alpha2)) }
        if let numeric = country.numeric { facts.append(("numeric", numeric)) }
        if let official = country.officialName { facts.append(("Official name", official)) }
        if let withdrawn = country.withdrawn { facts.append(("Withdrawn", withdrawn)) }
        let aliases = country.aliases.map { "\($0.name) (\($0.scheme))" }
        if !aliases.isEmpty { facts.append(("Also called", aliases.joined(separator: "; "))) }
        let groups = catalogue.groups.values.filter { $0.members.contains(country.code) }.map(\.id).sorted()
        facts.append(("Groups", groups.isEmpty ? "none in the store" : groups.joined(separator: ", ")))
        var tables = [try await governanceTable(governance)]
        tables.append(try await leadingProducerTable(country, leadingShare: leadingShare, leading: leading))
        if country.code != .unitedStates {
            let supplier = try await supplierSources(supplier: country.code.rawValue, importer: CountryCode.unitedStates.rawValue)
            tables += supplier.tables
        }
        return Report(title: country.name, facts: facts, tables: tables)
    }

    /// The country's WGI scores of the latest year with any, in the order of the dimensions.
    func latestGovernance(_ country: Country) async throws -> [StoredGovernanceScore] {
        var query = GovernanceQuery()
        query.countries = [country.code]
        query.datasets = [try dataset(kind: "wgi").descriptor.id]
        let scores = try await store.governance(query)
        guard let latest = scores.map(\.score.year).max() else { return [] }
        return scores.filter { $0.score.year == latest }.sorted {
            GovernanceDimension.allCases.firstIndex(of: $0.score.dimension)! < GovernanceDimension.allCases.firstIndex(of: $1.score.dimension)!
        }
    }

    private func governanceTable(_ current: [StoredGovernanceScore]) async throws -> ReportTable {
        guard let latest = current.first?.score.year else {
            return ReportTable(
                title: "Governance (World Bank WGI)", columns: [Column("Dimension")], notes: ["No WGI scores for this country in the store."])
        }
        var rows = current.map { stored -> [Cell] in
            let score = stored.score
            return [
                Cell(score.dimension.title, json: .string(score.dimension.rawValue)), .number(score.estimate, decimals: 2),
                score.standardError.map { .number($0, decimals: 2) } ?? .empty, score.percentileRank.map { .number($0, decimals: 1) } ?? .empty,
            ]
        }
        let estimates = Dictionary(current.map { ($0.score.dimension, $0.score.estimate) }, uniquingKeysWith: { first, _ in first })
        if let scaled = GovernanceScaling.euScaled(estimates) {
            rows.append([Cell("EU-scaled WGI (0 best … 10 worst)", json: .string("eu_scaled")), .number(scaled, decimals: 2), .empty, .empty])
        }
        let sources = current.map { "\($0.score.source)" }
        let citations = try await store.citations(Set(current.map(\.score.citation))).values.map {
            $0.line + " [dataset \(current[0].dataset) v\(current[0].version)]"
        }
        var table = ReportTable(
            title: "Governance (World Bank WGI), \(latest)",
            columns: [
                Column("Dimension"), .figure("Estimate"), .figure("Std. error", key: "standard_error"),
                .figure("Percentile rank", key: "percentile_rank"),
            ],
            rows: rows,
            notes: [
                "Estimates run from about −2.5 (weak) to +2.5 (strong). EU scaling: 2·(2.5 − mean of the six estimates), "
                    + "as in the EU critical raw materials method (European Commission 2017)."
            ],
            citations: citations.sorted())
        if trace { table.notes.append("Source rows: \(sources.joined(separator: " "))") }
        return table
    }

    /// One commodity series in which a country ranks among the leading producers.
    struct LeadingProduction {
        var series: SeriesKey
        var year: Int
        /// 1 for the largest producer.
        var rank: Int
        var share: Double
        var figure: StoredObservation?
    }

    /// The series of the newest MCS edition in which `country` is among the three largest producers or has at least
    /// `leadingShare` of world production, largest share first.
    func leadingProductions(_ country: Country, leadingShare: Double) async throws -> (source: DatasetVersion, rows: [LeadingProduction]) {
        let source = try dataset(kind: "usgs-mcs")
        var query = ObservationQuery()
        query.measures = [.production]
        query.datasets = [source.descriptor.id]
        let observations = productionSeries(try await store.observations(query))
        var rows: [LeadingProduction] = []
        for (key, group) in Dictionary(grouping: observations, by: { SeriesKey($0.observation) }) {
            guard let year = group.map(\.observation.period.start).max() else { continue }
            let current = group.filter { $0.observation.period.start == year }
            guard
                let result = Concentration.compute(current.map { ProducerFigure(area: $0.observation.area, amount: $0.observation.quantity.amount) }),
                let index = result.shares.firstIndex(where: { $0.area == .country(country.code) })
            else { continue }
            let share = result.shares[index]
            guard index < 3 || share.share >= leadingShare else { continue }
            rows.append(
                LeadingProduction(
                    series: key, year: year, rank: index + 1, share: share.share,
                    figure: current.first { $0.observation.area == .country(country.code) }))
        }
        let name = { (row: LeadingProduction) in self.catalogue.commodities[row.series.commodity]?.name ?? row.series.commodity.rawValue }
        rows.sort { ($0.share, name($1)) > ($1.share, name($0)) }
        return (source, rows)
    }

    private func leadingProducerTable(
        _ country: Country, leadingShare: Double, leading: (source: DatasetVersion, rows: [LeadingProduction])
    ) async throws -> ReportTable {
        let (source, rows) = leading
        let sources = rows.map { $0.figure.map { [$0] } ?? [] }
        return traced(
            ReportTable(
                title: "Where \(country.name) is a leading producer (\(source.descriptor.id))",
                columns: [
                    Column("Commodity"), Column("Series"), Column("Stage"), Column("Year"), .figure("Rank"), .figure("Production"), Column("Unit"),
                    .figure("World share %", key: "share"),
                ],
                rows: rows.map { row in
                    let key = row.series
                    return [
                        Cell(
                            catalogue.commodities[key.commodity]?.name ?? key.commodity.rawValue, json: .string(key.commodity.rawValue),
                            link: DashboardLink.commodity(key.commodity)),
                        Cell(key.label ?? ""), Cell(key.stage?.rawValue ?? ""), Cell(String(row.year), json: .integer(row.year)), .integer(row.rank),
                        figure(row.figure), Cell(row.figure?.observation.quantity.unit.description ?? ""), .percent(row.share),
                    ]
                },
                notes: [
                    "Leading: among the three largest producers, or at least "
                        + "\(NumberFormat.fixed(leadingShare * 100, fractionDigits: 0)) % of world production."
                ],
                citations: try await citationLines(sources.flatMap { $0 })),
            sources: sources)
    }
}
