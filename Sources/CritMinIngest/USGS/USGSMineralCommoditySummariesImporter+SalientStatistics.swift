import CritMinCore
import Foundation

extension USGSMineralCommoditySummariesImporter {
    /// Section titles by the measure they hold, matched at the start of the (corrected) title, case-insensitively.
    private static let sectionMeasures: [(prefix: String, measure: Measure)] = [
        ("net import reliance", .netImportReliance), ("production", .production), ("imports", .imports), ("exports", .exports),
        ("consumption", .consumption), ("shipments from government stockpile", .stockpileShipments), ("stocks", .stocks),
        ("price", .price), ("employment", .employment),
    ]

    /// U.S. salient statistics: one observation per row and year, area USA.
    ///
    /// The measure comes from the section title; the label joins the table title (where a chapter has two tables with
    /// the same rows, `usgs-salient-blocks.csv`), the section, subsection and row label. Quantities are in the chapter's
    /// unit (counting what the title says where it says "gross weight" or "… content"), prices in the unit their title
    /// names, net import reliance in %, employment in persons. Rows with PDF
    /// debris are read as `usgs-salient-rows.csv` says. A chapter's second table is recognised by a row and year that
    /// repeat within the chapter.
    func readSalientStatistics(
        _ url: URL, edition: USGSEdition, catalogue: Catalogue, reference: USGSReference, citations: inout USGSCitations
    ) throws(CritMinError) -> [Observation] {
        var table = try CSVTable(url: url, required: ["slug", "section", "subsection", "label", "footnote", "year", "value", "raw"])
        var observations: [Observation] = []
        var block = (slug: "", number: 1, seen: Set<[String]>())
        for row in try table.rows() {
            let chapter = try edition.chapter(of: row)
            let key = [row["section"], row["subsection"], row["label"], row["year"]]
            if block.slug != chapter.slug { block = (chapter.slug, 1, []) }
            if !block.seen.insert(key).inserted {
                block = (chapter.slug, block.number + 1, [key])
            }
            let blockTitle = reference.salientBlockTitle(slug: chapter.slug, block: block.number)
            if block.number > 1, blockTitle == nil {
                throw row.error(.invalidFormat,
                    "the chapter's salient statistics repeat this row and year: a second table needs a title in usgs-salient-blocks.csv",
                    column: "label")
            }
            guard let entry = try salientEntry(row, chapter: chapter, reference: reference) else { continue }
            let year = try USGSYear(row: row, column: "year")
            let column = row["raw"].isEmpty ? "value" : "raw"
            guard let amount = try USGSFigure.amount(row[column], row: row, column: column) else { continue }
            let label = [blockTitle, entry.section, entry.subsection, entry.label].compactMap { $0?.nilIfEmpty }
                .reduce(into: [String]()) { parts, part in if !parts.contains(part) { parts.append(part) } }.joined(separator: " — ")
            let notes = [row["footnote"].nilIfEmpty.map { "footnote \($0)" }, entry.correction.map { "Read as corrected: \($0)" }]
            observations.append(
                Observation(
                    commodity: chapter.commodity(named: entry.label, catalogue: catalogue), stage: entry.stage, measure: entry.measure,
                    area: .country(.unitedStates), period: Period(year.year), label: label,
                    quantity: USGSFigure.quantity(amount, text: row[column], unit: entry.unit, estimated: year.isEstimate),
                    note: notes.compactMap { $0 }.joined(separator: " ").nilIfEmpty, citation: citations.cite(chapter, .salient),
                    source: row.location))
        }
        return observations
    }

    /// A salient statistics row as critmin reads it.
    private struct SalientEntry {
        let section: String
        let subsection: String
        let label: String
        let measure: Measure
        let stage: Stage?
        let unit: MeasureUnit
        /// Why the row's text was corrected, when it was.
        let correction: String?
    }

    /// The row's texts after corrections, its measure, stage and unit; `nil` for a row the corrections skip.
    private func salientEntry(_ row: CSVRow, chapter: USGSChapter, reference: USGSReference) throws(CritMinError) -> SalientEntry? {
        var (section, subsection, label) = (row["section"], row["subsection"], row["label"])
        var correction: String?
        switch reference.salientRow(slug: chapter.slug, section: section, subsection: subsection, label: label) {
        case .skip: return nil
        case .read(let newSection, let newSubsection, let newLabel, let reason):
            (section, subsection, label, correction) = (newSection, newSubsection, newLabel ?? label, reason)
        case nil: break
        }
        (section, subsection, label) = (
            reference.corrections.restoringFormulas(section), reference.corrections.restoringFormulas(subsection),
            reference.corrections.restoringFormulas(label)
        )
        guard let measure = Self.sectionMeasures.first(where: { section.lowercased().hasPrefix($0.prefix) })?.measure else {
            throw row.error(.invalidValue,
                "section title names no known measure (production, imports, exports, consumption, stocks, price, employment, "
                    + "stockpile shipments, net import reliance); correct it in usgs-salient-rows.csv", column: "section", value: section)
        }
        let unit: MeasureUnit
        switch measure {
        case .netImportReliance: unit = .percent
        case .employment: unit = MeasureUnit("persons")
        case .price:
            guard let priceUnit = [label, subsection, section].lazy.compactMap(USGSUnits.priceUnit(in:)).first else {
                throw row.error(.invalidValue, "no price unit (\"dollars per pound\" …) in the section, subsection or label",
                    column: "section", value: section)
            }
            unit = priceUnit
        default:
            let stated = [label, subsection, section].lazy.compactMap(USGSUnits.statedBasis(in:)).first
            unit = MeasureUnit(chapter.unit.symbol, basis: stated ?? chapter.unit.basis)
        }
        let stage = measure == .production ? Self.productionStage([section, subsection, label].joined(separator: " ")) : nil
        return SalientEntry(
            section: section, subsection: subsection, label: label, measure: measure, stage: stage, unit: unit, correction: correction)
    }

    /// The stage a production row names: secondary (scrap, recycling) before mine before refinery (smelter, primary,
    /// refined); `nil` when it names none ("Compounds and metals", "Shipments").
    private static func productionStage(_ text: String) -> Stage? {
        let words = Set(text.lowercased().split(whereSeparator: { !$0.isLetter }).map(String.init))
        if !words.isDisjoint(with: ["secondary", "scrap", "recycling"]) { return .secondary }
        if !words.isDisjoint(with: ["mine", "marketable"]) { return .mine }
        if !words.isDisjoint(with: ["refinery", "smelter", "primary", "refined"]) { return .refinery }
        return nil
    }
}
