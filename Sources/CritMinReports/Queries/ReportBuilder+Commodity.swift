import CritMinAnalysis
import CritMinCore
import CritMinStore

extension ReportBuilder {
    /// `critmin commodity NAME`: lists, world production with shares, reserves, US salient statistics and net
    /// import reliance, import sources, end uses — each table with its citation.
    public func commodity(_ name: String) async throws -> Report {
        try await commodityReport(try await commodityFigures(try commodity(named: name)))
    }

    /// A commodity with its members (for groups) and its figures in the newest MCS edition and the NIR editions.
    struct CommodityFigures {
        var commodity: Commodity
        var members: [CommodityID]
        var mcs: [StoredObservation]
        var netImportReliance: [StoredObservation]

        var ids: Set<CommodityID> { Set([commodity.id] + members) }
    }

    func commodityFigures(_ commodity: Commodity) async throws -> CommodityFigures {
        let members = commodity.kind == .group ? catalogue.members(of: commodity.id).map(\.id) : []
        let ids = Set([commodity.id] + members)
        var mcs: [StoredObservation] = []
        if let edition = try? dataset(kind: "usgs-mcs") {
            var query = ObservationQuery()
            query.commodities = ids
            query.datasets = [edition.descriptor.id]
            mcs = try await store.observations(query)
        }
        var nir: [StoredObservation] = []
        let editions = datasets(kind: "usgs-nir")
        if !editions.isEmpty {
            var query = ObservationQuery()
            query.commodities = ids
            query.datasets = Set(editions.map(\.descriptor.id))
            nir = try await store.observations(query)
        }
        return CommodityFigures(commodity: commodity, members: members, mcs: mcs, netImportReliance: nir)
    }

    /// The lists naming the commodity: "US-2022 (as "Cobalt")".
    func listMemberships(_ commodity: Commodity) async throws -> [String] {
        try await store.criticalLists().sorted { $0.id < $1.id }.compactMap { list -> String? in
            guard let entry = coverage(of: list).first(where: { $0.commodity == commodity.id }) else { return nil }
            return "\(list.id) (as \"\(entry.asListed)\"\(entry.viaGroup ? ", via group" : ""))"
        }
    }

    func commodityReport(_ figures: CommodityFigures) async throws -> Report {
        let commodity = figures.commodity
        let members = figures.members
        let onLists = try await listMemberships(commodity)
        var facts: [(String, String)] = [("Id", commodity.id.rawValue), ("Kind", commodity.kind.rawValue)]
        if let symbol = commodity.symbol { facts.append(("Symbol", symbol)) }
        if let parent = commodity.parent { facts.append(("Group", catalogue.commodities[parent]?.name ?? parent.rawValue)) }
        if !members.isEmpty { facts.append(("Members", members.map(\.rawValue).joined(separator: ", "))) }
        if !commodity.aliases.isEmpty { facts.append(("Also called", commodity.aliases.joined(separator: "; "))) }
        if !commodity.hsCodes.isEmpty { facts.append(("HS codes", commodity.hsCodes.joined(separator: ", "))) }
        facts.append(("Critical lists", onLists.isEmpty ? "none of the lists in the store" : onLists.joined(separator: "; ")))

        var tables: [ReportTable] = []
        // One table per source table (citation), world production first, then the US tables.
        let groups = Dictionary(grouping: figures.mcs, by: \.observation.citation).map { (kind: SourceTable(of: $1), group: $1) }
        for (kind, group) in groups.sorted(by: { ($0.kind, $0.group[0].observation.citation) < ($1.kind, $1.group[0].observation.citation) }) {
            tables.append(try await table(kind, group, commodity: commodity))
        }
        tables += try await netImportRelianceEditions(figures.netImportReliance)
        return Report(title: commodity.name, facts: facts, tables: tables)
    }

    /// What one source table holds, which decides its layout and its place in the report.
    enum SourceTable: Int, Comparable {
        case worldProduction, salientStatistics, importShares, endUses

        init(of group: [StoredObservation]) {
            let measures = Set(group.map(\.observation.measure))
            if measures.contains(.importShare) {
                self = .importShares
            } else if measures.contains(.endUseShare) {
                self = .endUses
            } else if group.contains(where: { $0.observation.area != .country(.unitedStates) }) {
                self = .worldProduction
            } else {
                self = .salientStatistics
            }
        }

        static func < (lhs: Self, rhs: Self) -> Bool { lhs.rawValue < rhs.rawValue }
    }

    /// One table for the figures of one source table, laid out by what they hold.
    private func table(_ kind: SourceTable, _ group: [StoredObservation], commodity: Commodity) async throws -> ReportTable {
        let citations = try await citationLines(group)
        let title = try await store.citations([group[0].observation.citation]).values.first?.table ?? commodity.name
        switch kind {
        case .worldProduction: return worldTable(group, title: title, citations: citations)
        case .salientStatistics: return yearMatrix(group, title: title, citations: citations)
        case .importShares: return importSharesTable(group, title: title, citations: citations)
        case .endUses: return endUseTable(group, title: title, citations: citations)
        }
    }

    /// Production by country for the two latest years with shares of the world total, then reserves and capacity.
    private func worldTable(_ group: [StoredObservation], title: String, citations: [String]) -> ReportTable {
        let production = group.filter { $0.observation.measure == .production }
        let years = Array(Set(production.map(\.observation.period.start))).sorted().suffix(2)
        let reserves = group.filter { $0.observation.measure == .reserves }
        let capacity = group.filter { $0.observation.measure == .capacity }
        struct RowKey: Hashable {
            var area: Area
            var label: String?
        }
        let keys = orderedKeys(
            group.sorted { $0.observation.source.line < $1.observation.source.line }
                .map { RowKey(area: $0.observation.area, label: $0.observation.label) })
        let unit = production.first?.observation.quantity.unit ?? group[0].observation.quantity.unit
        struct SeriesYear: Hashable {
            var label: String?
            var year: Int
        }
        var concentrations: [SeriesYear: Concentration] = [:]
        let series = productionSeries(production)
        for label in orderedKeys(series.map(\.observation.label)) {
            for year in years {
                let rows = series.filter { $0.observation.period.start == year && $0.observation.label == label }
                concentrations[SeriesYear(label: label, year: year)] = Concentration.compute(
                    rows.map { ProducerFigure(area: $0.observation.area, amount: $0.observation.quantity.amount) })
            }
        }
        var columns = [Column("Country"), Column("Detail")]
        for year in years {
            columns += [.figure("\(year)", key: "production_\(year)"), .figure("Share \(year) %", key: "share_\(year)")]
        }
        if !capacity.isEmpty { columns.append(.figure("Capacity", key: "capacity")) }
        if !reserves.isEmpty { columns.append(.figure("Reserves", key: "reserves")) }
        var rows: [[Cell]] = []
        var sources: [[StoredObservation]] = []
        for key in keys {
            let matching = group.filter { $0.observation.area == key.area && $0.observation.label == key.label }
            var row = [Cell(name(of: key.area), json: .string(key.area.code)), Cell(key.label ?? "")]
            for year in years {
                let figure = matching.first { $0.observation.measure == .production && $0.observation.period.start == year }
                row.append(self.figure(figure))
                let share = concentrations[SeriesYear(label: key.label, year: year)].flatMap { shareOf(key.area, in: $0) }
                row.append(share.map { Cell.percent($0) } ?? .empty)
            }
            if !capacity.isEmpty {
                row.append(figure(matching.filter { $0.observation.measure == .capacity }.max { $0.observation.period < $1.observation.period }))
            }
            if !reserves.isEmpty { row.append(figure(matching.first { $0.observation.measure == .reserves })) }
            rows.append(row)
            sources.append(matching)
        }
        var notes = ["Unit: \(unit). Shares are of the world total where the source gives one as a number, else of the sum of the rows."]
        if concentrations.isEmpty, !production.isEmpty {
            notes.append("No shares: the rows are in different bases or the source publishes no world total for them.")
        }
        for (series, result) in concentrations.sorted(by: { ($0.key.label ?? "", $0.key.year) < ($1.key.label ?? "", $1.key.year) }) {
            let year = series.label.map { "\($0) \(series.year)" } ?? String(series.year)
            notes.append(
                "\(year): HHI \(NumberFormat.grouped(result.hhiExcludingResidual.rounded())) excluding the 'Other countries' residual, "
                    + "\(NumberFormat.grouped(result.hhiIncludingResidual.rounded())) counting it as one producer (\(result.band.rawValue)); "
                    + "top 1 \(NumberFormat.fixed(result.top1Share * 100, fractionDigits: 1)) %, "
                    + "top 3 \(NumberFormat.fixed(result.top3Share * 100, fractionDigits: 1)) %."
            )
        }
        if group.contains(where: { $0.observation.quantity.estimated }) { notes.append("e = estimated.") }
        if !reserves.isEmpty { notes.append("Reserves and capacity are printed once per country in the source and dated here to its latest year.") }
        let footnotes = Set(production.compactMap(\.observation.note)).sorted()
        if !footnotes.isEmpty { notes.append("Source footnote markers on rows: \(footnotes.joined(separator: "; ")) (see the cited table).") }
        var table = ReportTable(title: title, columns: columns, rows: rows, notes: notes, citations: citations)
        if rows.allSatisfy({ $0[1].text.isEmpty }) {
            table.columns.remove(at: 1)
            table.rows = table.rows.map { row in
                var row = row
                row.remove(at: 1)
                return row
            }
        }
        return traced(table, sources: sources)
    }

    private func shareOf(_ area: Area, in concentration: Concentration) -> Double? {
        if area == .otherCountries { return concentration.residualShare }
        if area == .world { return concentration.totalIsPublished ? 1 : nil }
        return concentration.shares.first { $0.area == area }?.share
    }

    /// Series (rows) by year (columns): the US salient statistics.
    private func yearMatrix(_ group: [StoredObservation], title: String, citations: [String]) -> ReportTable {
        struct SeriesKey: Hashable {
            var measure: Measure
            var stage: Stage?
            var label: String?
            var unit: MeasureUnit
        }
        let years = Array(Set(group.map(\.observation.period.start))).sorted()
        let keys = orderedKeys(
            group.sorted { $0.observation.source.line < $1.observation.source.line }.map {
                SeriesKey(
                    measure: $0.observation.measure, stage: $0.observation.stage, label: $0.observation.label, unit: $0.observation.quantity.unit)
            })
        var rows: [[Cell]] = []
        var sources: [[StoredObservation]] = []
        for key in keys {
            let matching = group.filter {
                $0.observation.measure == key.measure && $0.observation.stage == key.stage && $0.observation.label == key.label
                    && $0.observation.quantity.unit == key.unit
            }
            var row = [Cell(key.label ?? key.measure.rawValue), Cell(key.unit.description)]
            for year in years { row.append(figure(matching.first { $0.observation.period.start == year })) }
            rows.append(row)
            sources.append(matching)
        }
        let columns = [Column("Series"), Column("Unit")] + years.map { Column.figure(String($0), key: "y\($0)") }
        var notes: [String] = []
        if group.contains(where: { $0.observation.quantity.estimated }) { notes.append("e = estimated.") }
        notes.append("W = withheld to avoid disclosing company proprietary data; NA = not available; — = zero; E = net exporter.")
        return traced(ReportTable(title: title, columns: columns, rows: rows, notes: notes, citations: citations), sources: sources)
    }

    private func importSharesTable(_ group: [StoredObservation], title: String, citations: [String]) -> ReportTable {
        let sorted = group.sorted {
            ($0.observation.label ?? "", $0.observation.rank ?? .max) < ($1.observation.label ?? "", $1.observation.rank ?? .max)
        }
        let rows = sorted.map { stored in
            [
                Cell(stored.observation.label ?? ""), stored.observation.rank.map(Cell.integer) ?? .empty,
                Cell(stored.observation.partner.map(name(of:)) ?? "", json: stored.observation.partner.map { .string($0.code) } ?? .null),
                figure(stored), Cell(stored.observation.period.description),
            ]
        }
        return traced(
            ReportTable(
                title: title,
                columns: [
                    Column("Form"), .figure("Rank"), Column("Source country", key: "partner"), .figure("Share %", key: "share"), Column("Period"),
                ],
                rows: rows, notes: ["Shares of US imports for consumption by source country over the period."], citations: citations),
            sources: sorted.map { [$0] })
    }

    private func endUseTable(_ group: [StoredObservation], title: String, citations: [String]) -> ReportTable {
        let sorted = group.sorted { $0.observation.source.line < $1.observation.source.line }
        let rows = sorted.map { [Cell($0.observation.label ?? ""), figure($0), Cell($0.observation.period.description)] }
        return traced(
            ReportTable(
                title: title, columns: [Column("End use"), .figure("Share %", key: "share"), Column("Year")], rows: rows,
                notes: ["Shares of US domestic use as stated in the chapter's domestic-production-and-use text."], citations: citations),
            sources: sorted.map { [$0] })
    }

    /// Net import reliance and ranked major import sources from each MCS data-release edition (Figure 2).
    private func netImportRelianceEditions(_ observations: [StoredObservation]) async throws -> [ReportTable] {
        guard !observations.isEmpty else { return [] }
        struct RowKey: Hashable {
            var dataset: DatasetID
            var commodity: CommodityID
            var label: String?
        }
        let keys = orderedKeys(
            observations.sorted { ($0.dataset, $0.observation.source.line) > ($1.dataset, $1.observation.source.line) }
                .map { RowKey(dataset: $0.dataset, commodity: $0.observation.commodity, label: $0.observation.label) })
        var rows: [[Cell]] = []
        var sources: [[StoredObservation]] = []
        for key in keys {
            let matching = observations.filter {
                $0.dataset == key.dataset && $0.observation.commodity == key.commodity && $0.observation.label == key.label
            }
            let reliance = matching.first { $0.observation.measure == .netImportReliance }
            let ranked = matching.filter { $0.observation.measure == .importSourceRank }.sorted {
                ($0.observation.rank ?? 0) < ($1.observation.rank ?? 0)
            }
            rows.append([
                Cell(key.dataset.rawValue), Cell(key.label ?? ""),
                Cell(reliance.map { $0.observation.period.description } ?? ""), figure(reliance),
                Cell(ranked.first.map { $0.observation.period.description } ?? ""),
                Cell(
                    ranked.compactMap { $0.observation.partner.map(name(of:)) }.joined(separator: ", "),
                    json: .array(ranked.compactMap { $0.observation.partner.map { .string($0.code) } })),
            ])
            sources.append(matching)
        }
        return [
            traced(
                ReportTable(
                    title: "US net import reliance and major import sources, by MCS edition",
                    columns: [
                        Column("Edition"), Column("Form"), Column("NIR year"), .figure("NIR %", key: "net_import_reliance"), Column("Sources period"),
                        Column("Major import sources (largest first)", key: "sources"),
                    ],
                    rows: rows, notes: ["Net import reliance as a percentage of apparent consumption; sources in descending order of import share."],
                    citations: try await citationLines(observations)),
                sources: sources)
        ]
    }

    /// Unique keys in first-seen order.
    func orderedKeys<Key: Hashable>(_ keys: [Key]) -> [Key] {
        var seen = Set<Key>()
        return keys.filter { seen.insert($0).inserted }
    }
}
