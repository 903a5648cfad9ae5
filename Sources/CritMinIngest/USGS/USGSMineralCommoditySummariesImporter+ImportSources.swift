import CritMinCore
import Foundation

extension USGSMineralCommoditySummariesImporter {
    /// The category the transcription gives to a chapter's uncategorised list (`import_sources_flat` in its JSON).
    private static let flatCategory = "(import_sources_flat)"

    /// Import sources: the share of U.S. imports from each country over the chapter's period ("2021–24"), one list per
    /// category.
    ///
    /// Countries are ranked 1, 2, 3… in the order listed; the residual ("other") has no rank. A list ends at its
    /// residual: entries after it belong to a second list the extraction merged in under the same category (magnesium
    /// "Scrap", SOURCE.txt NOTES), whose own category is unknown, so they are not imported. The flat list is skipped
    /// where it repeats a category list of the chapter, and imported (without a label) where it is the only list.
    func readImportSources(
        _ url: URL, edition: USGSEdition, catalogue: Catalogue, reference: USGSReference, citations: inout USGSCitations
    ) throws(CritMinError) -> [Observation] {
        var table = try CSVTable(url: url, required: ["slug", "range", "category", "country", "share_pct"])
        var lists: [ImportSourceList] = []
        for row in try table.rows() {
            let slug = try row.required("slug")
            if let last = lists.last, last.slug == slug, last.category == row["category"] {
                lists[lists.count - 1].rows.append(row)
            } else {
                lists.append(ImportSourceList(slug: slug, category: row["category"], rows: [row]))
            }
        }
        var names = USGSAreaNames(catalogue: catalogue, corrections: reference.corrections, file: table.fileName)
        var observations: [Observation] = []
        for list in lists where !(list.category == Self.flatCategory && lists.contains { $0.repeats(list) }) {
            var rank = 0
            for row in list.rows {
                let chapter = try edition.chapter(of: row)
                guard let period = Period(text: try row.required("range")) else {
                    throw row.error(.invalidValue, "not a period (expected 2021-24)", column: "range")
                }
                guard let resolution = try names.resolve(try row.required("country"), scope: chapter.slug, line: row.line) else { continue }
                guard let amount = try USGSFigure.amount(row["share_pct"], row: row, column: "share_pct") else {
                    throw row.error(.missingField, "a share is required", column: "share_pct")
                }
                let isResidual = resolution.area == .otherCountries
                if !isResidual { rank += 1 }
                let category = list.category == Self.flatCategory ? nil : reference.corrections.restoringFormulas(list.category).nilIfEmpty
                observations.append(
                    Observation(
                        commodity: chapter.commodity(named: category, catalogue: catalogue), measure: .importShare, area: .country(.unitedStates),
                        partner: resolution.area, period: period, label: category,
                        quantity: USGSFigure.quantity(amount, text: row["share_pct"], unit: .percent), rank: isResidual ? nil : rank,
                        note: resolution.correctionNote, citation: citations.cite(chapter, .importSources(period: period)), source: row.location))
                if isResidual { break }
            }
        }
        try names.checkAllKnown(field: "country")
        return observations
    }

    /// Consecutive rows of one chapter and category.
    private struct ImportSourceList {
        let slug: String
        let category: String
        var rows: [CSVRow]

        /// Whether this is a category list of the same chapter with the same countries and shares as `other`.
        func repeats(_ other: ImportSourceList) -> Bool {
            slug == other.slug && category != other.category && rows.map(\.entry) == other.rows.map(\.entry)
        }
    }
}

extension CSVRow {
    /// The country and share of an import-source row, for comparing lists.
    fileprivate var entry: [String] { [self["country"], self["share_pct"]] }
}
