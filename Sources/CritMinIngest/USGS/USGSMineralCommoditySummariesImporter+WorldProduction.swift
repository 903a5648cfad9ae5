import CritMinCore
import Foundation

extension USGSMineralCommoditySummariesImporter {
    /// The suffix the transcription adds to bismuth's table label, whose JSON gives no years: which year column a row is.
    private static let undatedColumns = [
        "[production_prev_year; year not given in JSON]": -1, "[production_latest_year; year not given in JSON]": 0,
    ]

    /// World production (or capacity) by country and year, with capacity and reserves once per country.
    ///
    /// A chapter whose `reserves_raw` cells `usgs-corrections.csv` lists holds no reserve figures there (beryllium's
    /// paragraph fragments): its reserves are not imported.
    ///
    /// Reserves and capacity are printed once per country, for the latest year; the transcription repeats them on both
    /// year rows, so they are taken from the latest-year row only and dated to that year. Rows without a year (bismuth)
    /// are dated from their table label's column marker: the chapter's latest year, or the year before it, which the
    /// observation's note says. The latest year is an estimate when the chapter says so ("2025e").
    func readWorldProduction(
        _ url: URL, edition: USGSEdition, catalogue: Catalogue, reference: USGSReference, citations: inout USGSCitations
    ) throws(CritMinError) -> [Observation] {
        var table = try CSVTable(
            url: url, required: ["slug", "table_label", "country", "year", "production", "capacity", "reserves", "production_raw",
                "reserves_raw", "note"])
        var names = USGSAreaNames(catalogue: catalogue, corrections: reference.corrections, file: table.fileName)
        var observations: [Observation] = []
        for row in try table.rows() {
            let chapter = try edition.chapter(of: row)
            let (title, yearOffset) = try Self.tableTitle(row)
            guard let world = reference.worldTable(slug: chapter.slug, table: title) else {
                throw row.error(.notFound, "the table is not described in usgs-world-tables.csv", column: "table_label", value: title)
            }
            guard let measure = world.measure, let stage = world.stage else { continue }
            var notes: [String] = []
            let year: Int
            if let yearOffset {
                year = chapter.latestYear + yearOffset
                notes.append("Year not given in the transcription; \(year) from the table's \(yearOffset == 0 ? "latest" : "previous") year column.")
            } else {
                year = try row.int("year")
            }
            guard let resolution = try names.resolve(try row.required("country"), scope: chapter.slug, line: row.line) else { continue }
            if let footnote = row["note"].nilIfEmpty { notes.append(footnote) }
            if let correction = resolution.correctionNote { notes.append(correction) }
            let note = notes.isEmpty ? nil : notes.joined(separator: " ")
            let citation = citations.cite(chapter, .world(title: reference.corrections.restoringFormulas(title), note: world.note))
            let label = [world.label, resolution.qualifier].compactMap { $0 }.joined(separator: " — ").nilIfEmpty
            let unit = MeasureUnit(world.unitSymbol ?? chapter.unit.symbol, basis: world.unitBasis ?? chapter.unit.basis)
            let commodity = world.commodity ?? chapter.commodity
            guard catalogue.commodities[commodity] != nil else {
                throw row.error(.notFound, "usgs-world-tables.csv gives this table a commodity the catalogue does not have",
                    column: "table_label", value: commodity.rawValue)
            }
            let isLatest = year == chapter.latestYear
            let productionColumn = row["production_raw"].isEmpty ? "production" : "production_raw"
            if let amount = try USGSFigure.amount(row[productionColumn], row: row, column: productionColumn) {
                observations.append(
                    Observation(
                        commodity: commodity, stage: stage, measure: measure, area: resolution.area, period: Period(year), label: label,
                        quantity: USGSFigure.quantity(amount, text: row[productionColumn], unit: unit,
                            estimated: isLatest && chapter.latestYearIsEstimate),
                        note: note, citation: citation, source: row.location))
            }
            guard isLatest else { continue }
            let onceNote = [note, "Printed once per country; dated to the latest year."].compactMap { $0 }.joined(separator: " ")
            if let amount = try USGSFigure.amount(row["capacity"], row: row, column: "capacity") {
                observations.append(
                    Observation(
                        commodity: commodity, stage: stage, measure: .capacity, area: resolution.area, period: Period(year), label: label,
                        quantity: USGSFigure.quantity(amount, text: row["capacity"], unit: unit), note: onceNote, citation: citation,
                        source: row.location))
            }
            let skipsReserves = reference.corrections.replacement(
                file: table.fileName, scope: chapter.slug, field: "reserves_raw", verbatim: row["reserves_raw"]) != nil
            let reservesColumn = row["reserves_raw"].isEmpty ? "reserves" : "reserves_raw"
            if !skipsReserves, let amount = try USGSFigure.amount(row[reservesColumn], row: row, column: reservesColumn) {
                let reservesUnit = MeasureUnit(world.reservesUnitSymbol ?? chapter.unit.symbol, basis: unit.basis)
                observations.append(
                    Observation(
                        commodity: chapter.commodity, stage: .mine, measure: .reserves, area: resolution.area, period: Period(year),
                        label: resolution.qualifier, quantity: USGSFigure.quantity(amount, text: row[reservesColumn], unit: reservesUnit),
                        note: onceNote, citation: citation, source: row.location))
            }
        }
        try names.checkAllKnown(field: "country")
        return observations
    }

    /// The table's title without the transcription's year-column marker, and the marker's offset from the latest year.
    private static func tableTitle(_ row: CSVRow) throws(CritMinError) -> (title: String, yearOffset: Int?) {
        let label = try row.required("table_label")
        guard label.hasSuffix("]"), let open = label.range(of: " [", options: .backwards) else { return (label, nil) }
        let marker = String(label[label.index(after: open.lowerBound)...])
        guard let offset = undatedColumns[marker] else {
            throw row.error(.invalidValue, "unknown year-column marker \(marker)", column: "table_label")
        }
        guard row["year"].isEmpty else { throw row.error(.conflict, "the row has a year and a year-column marker", column: "year") }
        return (String(label[..<open.lowerBound]), offset)
    }
}
