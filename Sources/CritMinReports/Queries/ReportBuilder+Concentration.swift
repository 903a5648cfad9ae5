import CritMinAnalysis
import CritMinCore
import CritMinStore

extension ReportBuilder {
    /// `critmin concentration`: HHI (with and without the residual), top-1 and top-3 shares and the band, per
    /// commodity and stage, ranked from most to least concentrated.
    /// - Parameters:
    ///   - stage: Only this stage; all stages when `nil`.
    ///   - list: Only the commodities of this critical-mineral list (groups expanded).
    ///   - year: This year; otherwise each commodity's latest year.
    ///   - dataset: A production dataset id; the newest USGS MCS edition by default.
    public func concentration(
        stage: Stage? = nil, list: String? = nil, year: Int? = nil, dataset: String? = nil,
        bands: ConcentrationBands = .dojFTC2010
    ) async throws -> Report {
        let source = try dataset.map { name throws(CritMinError) in try self.dataset(named: DatasetID(name)) } ?? self.dataset(kind: "usgs-mcs")
        let scope = try await commodityScope(commodity: nil, list: list)
        var query = ObservationQuery()
        query.measures = [.production]
        query.datasets = [source.descriptor.id]
        if list != nil { query.commodities = Set(scope.ids) }
        if let stage { query.stages = [stage] }
        if let year { query.years = year...year }
        let observations = productionSeries(try await store.observations(query))
        struct TableKey: Hashable {
            var series: SeriesKey
            var year: Int
        }
        let tables = Dictionary(grouping: observations) { TableKey(series: SeriesKey($0.observation), year: $0.observation.period.start) }
        let latestYear = Dictionary(grouping: tables.keys, by: \.series).mapValues { $0.map(\.year).max()! }
        var results: [(TableKey, Concentration, [StoredObservation])] = []
        for (key, rows) in tables where year != nil || latestYear[key.series] == key.year {
            let figures = rows.map { ProducerFigure(area: $0.observation.area, amount: $0.observation.quantity.amount) }
            if let result = Concentration.compute(figures, bands: bands) { results.append((key, result, rows)) }
        }
        results.sort { ($0.1.hhiExcludingResidual, $1.0.series.commodity) > ($1.1.hhiExcludingResidual, $0.0.series.commodity) }
        let rows: [[Cell]] = results.enumerated().map { index, entry in
            let (key, result, _) = entry
            let top = result.shares.first
            return [
                .integer(index + 1),
                Cell(
                    catalogue.commodities[key.series.commodity]?.name ?? key.series.commodity.rawValue, json: .string(key.series.commodity.rawValue)),
                Cell(key.series.label ?? ""), Cell(key.series.stage?.rawValue ?? ""), Cell(String(key.year), json: .integer(key.year)),
                Cell(top.map { name(of: $0.area) } ?? "", json: top.map { .string($0.area.code) } ?? .null),
                .percent(result.top1Share), .percent(result.top3Share), .number(result.hhiExcludingResidual, decimals: 0),
                .number(result.hhiIncludingResidual, decimals: 0), Cell(result.band.rawValue), .percent(result.coverage, decimals: 0),
                Cell(result.unquantified.map(\.code).joined(separator: " "), json: .array(result.unquantified.map { .string($0.code) })),
            ]
        }
        let table = traced(
            ReportTable(
                title: "Production concentration\(stage.map { ", \($0.rawValue) stage" } ?? "")\(scope.title)",
                columns: [
                    .figure("#", key: "rank"), Column("Commodity"), Column("Series"), Column("Stage"), Column("Year"), Column("Top producer"),
                    .figure("Top-1 %", key: "top1_share"),
                    .figure("Top-3 %", key: "top3_share"), .figure("HHI", key: "hhi"), .figure("HHI incl. other", key: "hhi_including_residual"),
                    Column("Band"), .figure("Coverage %", key: "coverage"), Column("Not quantified", key: "not_quantified"),
                ],
                rows: rows,
                notes: [
                    "HHI = Σ (100·s)² over producing countries, s = share of the world total (or of the sum of rows where no total is published); "
                        + "'incl. other' adds the 'Other countries' residual as one producer.",
                    "Bands: unconcentrated < \(NumberFormat.grouped(bands.moderateFrom)), moderate up to \(NumberFormat.grouped(bands.highFrom)), "
                        + "high above (US DOJ/FTC Horizontal Merger Guidelines 2010).",
                    "Coverage = rows (countries and residual) as a share of the world total; not quantified = countries listed as W or NA, left out.",
                    "Bounds (\">x\") count at the bound. Dataset: \(label(source)).",
                ],
                citations: try await citationLines(results.flatMap(\.2))),
            sources: results.map(\.2))
        return Report(title: "How concentrated is world supply?", facts: scope.facts, tables: [table])
    }
}
