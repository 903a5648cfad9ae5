import CritMinAnalysis
import CritMinCore
import CritMinStore

extension ReportBuilder {
    /// `critmin country CODE`: the country's names and groups, its governance scores, where it is a leading producer,
    /// and for which commodities it is a listed source of US imports.
    /// - Parameter leadingShare: A producer counts as leading with at least this share (0 … 1) or a top-3 rank.
    public func country(_ name: String, leadingShare: Double = 0.10) async throws -> Report {
        let country = try country(named: name)
        var facts: [(String, String)] = [("ISO 3166 alpha-3", country.code.rawValue)]
        if let alpha2 = country.alpha2 { facts.append(("alpha-2", alpha2)) }
        if let numeric = country.numeric { facts.append(("numeric", numeric)) }
        if let official = country.officialName { facts.append(("Official name", official)) }
        if let withdrawn = country.withdrawn { facts.append(("Withdrawn", withdrawn)) }
        let aliases = country.aliases.map { "\($0.name) (\($0.scheme))" }
        if !aliases.isEmpty { facts.append(("Also called", aliases.joined(separator: "; "))) }
        let groups = catalogue.groups.values.filter { $0.members.contains(country.code) }.map(\.id).sorted()
        facts.append(("Groups", groups.isEmpty ? "none in the store" : groups.joined(separator: ", ")))
        var tables = [try await governanceTable(country)]
        tables.append(try await leadingProducerTable(country, leadingShare: leadingShare))
        if country.code != .unitedStates {
            let supplier = try await supplierSources(supplier: country.code.rawValue, importer: CountryCode.unitedStates.rawValue)
            tables += supplier.tables
        }
        return Report(title: country.name, facts: facts, tables: tables)
    }

    private func governanceTable(_ country: Country) async throws -> ReportTable {
        var query = GovernanceQuery()
        query.countries = [country.code]
        query.datasets = [try dataset(kind: "wgi").descriptor.id]
        let scores = try await store.governance(query)
        guard let latest = scores.map(\.score.year).max() else {
            return ReportTable(
                title: "Governance (World Bank WGI)", columns: [Column("Dimension")], notes: ["No WGI scores for this country in the store."])
        }
        let current = scores.filter { $0.score.year == latest }.sorted {
            GovernanceDimension.allCases.firstIndex(of: $0.score.dimension)! < GovernanceDimension.allCases.firstIndex(of: $1.score.dimension)!
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

    private func leadingProducerTable(_ country: Country, leadingShare: Double) async throws -> ReportTable {
        let source = try dataset(kind: "usgs-mcs")
        var query = ObservationQuery()
        query.measures = [.production]
        query.datasets = [source.descriptor.id]
        let observations = productionSeries(try await store.observations(query))
        var rows: [(Double, [Cell], [StoredObservation])] = []
        for (key, group) in Dictionary(grouping: observations, by: { SeriesKey($0.observation) }) {
            guard let year = group.map(\.observation.period.start).max() else { continue }
            let current = group.filter { $0.observation.period.start == year }
            guard
                let result = Concentration.compute(current.map { ProducerFigure(area: $0.observation.area, amount: $0.observation.quantity.amount) }),
                let index = result.shares.firstIndex(where: { $0.area == .country(country.code) })
            else { continue }
            let share = result.shares[index]
            guard index < 3 || share.share >= leadingShare else { continue }
            let figure = current.first { $0.observation.area == .country(country.code) }
            rows.append(
                (
                    share.share,
                    [
                        Cell(catalogue.commodities[key.commodity]?.name ?? key.commodity.rawValue, json: .string(key.commodity.rawValue)),
                        Cell(key.label ?? ""), Cell(key.stage?.rawValue ?? ""), Cell(String(year), json: .integer(year)), .integer(index + 1),
                        self.figure(figure),
                        Cell(figure?.observation.quantity.unit.description ?? ""), .percent(share.share),
                    ],
                    figure.map { [$0] } ?? []
                ))
        }
        rows.sort { ($0.0, $1.1[0].text) > ($1.0, $0.1[0].text) }
        return traced(
            ReportTable(
                title: "Where \(country.name) is a leading producer (\(source.descriptor.id))",
                columns: [
                    Column("Commodity"), Column("Series"), Column("Stage"), Column("Year"), .figure("Rank"), .figure("Production"), Column("Unit"),
                    .figure("World share %", key: "share"),
                ],
                rows: rows.map(\.1),
                notes: [
                    "Leading: among the three largest producers, or at least "
                        + "\(NumberFormat.fixed(leadingShare * 100, fractionDigits: 0)) % of world production."
                ],
                citations: try await citationLines(rows.flatMap(\.2))),
            sources: rows.map(\.2))
    }
}
