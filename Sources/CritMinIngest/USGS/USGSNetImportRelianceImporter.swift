import CritMinCore
import Foundation

/// Reads Figure 2 of a Mineral Commodity Summaries data release (`MCS2025_Fig2_Net_Import_Reliance.csv`): U.S. net
/// import reliance per commodity and the major import sources in descending order of import share.
///
/// The layout varies by edition: the year is in the column names (`Net_Import_Reliance_pct_2024`,
/// `Major_Import_Sources_2020_2023`); 2024 and later add a `Notes` column. Per row it produces the net import reliance
/// (% of apparent consumption; ">95", "<25" kept as bounds) and one `importSourceRank` observation per listed country
/// (rank 1 = largest; the amount is the rank, unit "rank"; the note is the row's Notes). The commodity is read from the
/// name before the first comma ("COBALT, metal, oxides, and salts" → cobalt), the rest being the observation's label.
/// Country names that the catalogue does not know are read only as `usgs-corrections.csv` lists them for the file
/// ("China3", a footnote marker glued to the name; "Europe", kept as the region `group:europe`).
public struct USGSNetImportRelianceImporter: Importer {
    public static let kind = "usgs-nir"
    public static let summary =
        "USGS Mineral Commodity Summaries data release, Figure 2: net import reliance and major import sources "
        + "(MCS20xx_Fig2_Net_Import_Reliance.csv)"
    private static let relianceColumnPrefix = "Net_Import_Reliance_pct_"
    private static let sourcesColumnPrefix = "Major_Import_Sources_"

    public init() {}

    public func read(_ source: URL, catalogue: Catalogue) throws(CritMinError) -> ImportBatch {
        let reference = try USGSReference.shipped()
        var table = try CSVTable(url: source, required: ["Source", "Commodity"])
        let layout = try Layout(table: table)
        var names = USGSAreaNames(catalogue: catalogue, corrections: reference.corrections, file: table.fileName)
        var unknownCommodities: [(name: String, line: Int)] = []
        var edition: (source: String, year: Int)?
        var observations: [Observation] = []
        for row in try table.rows() {
            let sourceText = try row.required("Source")
            guard let year = sourceText.hasPrefix("MCS") ? Int(sourceText.dropFirst(3)) : nil else {
                throw row.error(.invalidValue, "expected an edition like MCS2025", column: "Source")
            }
            if let edition, edition.source != sourceText {
                throw row.error(.conflict, "the file mixes editions (\(edition.source) above)", column: "Source")
            }
            edition = (sourceText, year)
            let name = try row.required("Commodity")
            guard let (commodity, label) = Self.commodity(named: name, catalogue: catalogue).map({ ($0.commodity, $0.form) }) else {
                unknownCommodities.append((name, row.line))
                continue
            }
            let citation = Self.citationID(year: year)
            let relianceText = row[layout.relianceColumn]
            guard let reliance = try USGSFigure.amount(relianceText, row: row, column: layout.relianceColumn) else {
                throw row.error(.missingField, "a net import reliance is required", column: layout.relianceColumn)
            }
            observations.append(
                Observation(
                    commodity: commodity, measure: .netImportReliance, area: .country(.unitedStates), period: Period(layout.relianceYear),
                    label: label, quantity: USGSFigure.quantity(reliance, text: relianceText, unit: .percent), citation: citation,
                    source: row.location))
            let sources = row[layout.sourcesColumn].split(separator: ",").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
            for (index, country) in sources.enumerated() {
                guard let resolution = try names.resolve(country, scope: "", line: row.line) else { continue }
                let notes = [row["Notes"].nilIfEmpty, resolution.correctionNote].compactMap { $0 }
                observations.append(
                    Observation(
                        commodity: commodity, measure: .importSourceRank, area: .country(.unitedStates), partner: resolution.area,
                        period: layout.sourcesPeriod, label: label,
                        quantity: Quantity(.value(Double(index + 1)), unit: MeasureUnit("rank"), raw: country), rank: index + 1,
                        note: notes.joined(separator: " ").nilIfEmpty, citation: citation, source: row.location))
            }
        }
        if let first = unknownCommodities.first {
            let listed = unknownCommodities.map { "\"\($0.name)\" (line \($0.line))" }.joined(separator: ", ")
            throw CritMinError(.unknownNames, "commodity names that resolve to no commodity of the catalogue: \(listed)",
                file: table.fileName, line: first.line, field: "Commodity", value: unknownCommodities.map(\.name).joined(separator: "; "))
        }
        try names.checkAllKnown(field: layout.sourcesColumn)
        guard let edition else { throw CritMinError(.invalidFormat, "the file has no rows", file: table.fileName, line: 2) }
        let citation = Self.citation(year: edition.year, layout: layout, release: reference.dataRelease(edition: edition.year))
        return ImportBatch(
            descriptor: DatasetDescriptor(
                id: DatasetID("usgs-mcs-\(edition.year)-nir"),
                title: "USGS Mineral Commodity Summaries \(edition.year): net import reliance and major import sources (Figure 2)",
                kind: Self.kind, owner: "critmin", classification: .public, citation: citation.id),
            checksum: try SourceChecksum.sha256(of: [source]), sourceFiles: [source.lastPathComponent], citations: [citation],
            observations: observations)
    }

    /// The commodity a Figure 2 name stands for, and the form it names after the first comma.
    static func commodity(named name: String, catalogue: Catalogue) -> (commodity: CommodityID, form: String?)? {
        if let commodity = catalogue.commodity(named: name) { return (commodity, nil) }
        guard let comma = name.firstIndex(of: ","), let commodity = catalogue.commodity(named: String(name[..<comma])) else { return nil }
        let form = name[name.index(after: comma)...].trimmingCharacters(in: .whitespaces)
        return (commodity, form.isEmpty ? nil : form)
    }

    private static func citationID(year: Int) -> CitationID { CitationID("usgs-mcs-\(year)-nir/figure-2") }

    private static func citation(year: Int, layout: Layout, release: USGSDataRelease?) -> Citation {
        Citation(
            id: citationID(year: year), publisher: USGSMineralCommoditySummariesImporter.publisher,
            publication: "Mineral Commodity Summaries \(year) Data Release",
            edition: ["MCS \(year)", release?.version].compactMap { $0 }.joined(separator: ", "), table: "Figure 2 (Net import reliance)",
            year: year, url: release?.doi, licence: USGSMineralCommoditySummariesImporter.licence,
            note: "U.S. net import reliance in \(layout.relianceYear) as a percentage of apparent consumption, and major import sources "
                + "\(layout.sourcesPeriod) in descending order of import share.")
    }

    /// Where an edition's file keeps the years: in its column names.
    private struct Layout {
        let relianceColumn: String
        let relianceYear: Int
        let sourcesColumn: String
        let sourcesPeriod: Period

        init(table: CSVTable) throws(CritMinError) {
            let relianceColumn = try Self.column(prefix: relianceColumnPrefix, example: "2024", table: table)
            let sourcesColumn = try Self.column(prefix: sourcesColumnPrefix, example: "2020_2023", table: table)
            guard let year = Int(relianceColumn.dropFirst(relianceColumnPrefix.count)) else {
                throw CritMinError(.invalidFormat, "the net import reliance column does not end in a year", file: table.fileName, line: 1,
                    field: relianceColumn)
            }
            let years = sourcesColumn.dropFirst(sourcesColumnPrefix.count).split(separator: "_").compactMap { Int($0) }
            guard years.count == 2, years[0] <= years[1] else {
                throw CritMinError(.invalidFormat, "the import sources column does not end in a span of years like 2020_2023",
                    file: table.fileName, line: 1, field: sourcesColumn)
            }
            self.relianceColumn = relianceColumn
            relianceYear = year
            self.sourcesColumn = sourcesColumn
            sourcesPeriod = Period(start: years[0], end: years[1])
        }

        private static func column(prefix: String, example: String, table: CSVTable) throws(CritMinError) -> String {
            guard let column = table.header.first(where: { $0.hasPrefix(prefix) }) else {
                throw CritMinError(.missingField,
                    "missing column \(prefix)\(example); the header has \(table.header.joined(separator: ", "))",
                    file: table.fileName, line: 1, field: "\(prefix)\(example)")
            }
            return column
        }
    }
}
