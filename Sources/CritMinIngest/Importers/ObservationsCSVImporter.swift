import CritMinCore
import Foundation

/// Reads critmin's generic observations CSV: the format in which an analyst adds figures of their own (Canadian
/// production from NRCan, a partner's trade statistics) as one dataset per file.
///
/// ## Format
/// UTF-8 CSV (RFC 4180 quoting), one header row, one observation per row, columns in any order.
///
/// Required columns:
/// - `dataset`: the dataset id, lower-case letters, digits, `-` and `.` ("nrcan-canada-2023"); the same on every row.
/// - `dataset_title`: the dataset's title; the same on every row.
/// - `owner`: the organisation that owns the dataset ("NRCan"); the same on every row.
/// - `classification`: `public`, `bilateral` or `national`; the same on every row.
/// - `commodity`: a critmin commodity id, name or alias ("cobalt", "Rare earths", "columbium").
/// - `measure`: `production`, `capacity`, `reserves`, `imports`, `exports`, `consumption`, `net-import-reliance`,
///   `stocks`, `price`, `import-share`, `import-source-rank`, `end-use-share`, `employment`, `stockpile-shipments`,
///   `trade-value` or `trade-quantity`.
/// - `area`: the reporting side: a country name or ISO code ("Canada", "CAN", "CA"), `World`, `Other countries`, or a
///   country group ("EU").
/// - `period`: a year ("2024") or a span of years ("2021-24", "2021–2024").
/// - `value`: the figure in USGS notation: `3,500`, `3.9`, `>95`, `<25`, `890–1,000`, `—` (zero), `W` (withheld),
///   `NA` (not available), `XX` (not applicable), `E` (net exporter).
/// - `unit`: the unit symbol: `t`, `kt`, `Mt`, `kg`, `ct`, `%`, `USD/lb`…
/// - `publisher`: who published the figure ("Natural Resources Canada").
/// - `publication`: the publication ("Canadian Mineral Production 2023").
///
/// Optional columns (empty cells or left out of the header):
/// - `stage`: `mine`, `refinery`, `secondary` or `processing`; empty when the measure has no stage.
/// - `partner`: the other side, written like `area` (the source country of an import share).
/// - `label`: the source's row label where it adds detail ("Primary nickel"); empty for a main series.
/// - `basis`: what is counted ("cobalt content", "K2O equivalent", "gross weight").
/// - `estimated`: `yes` for an estimate (USGS "e"), `no` or empty otherwise (`true`/`false`, `y`/`n`, `1`/`0` also read).
/// - `rank`: position in an ordered list, 1 = first.
/// - `note`: a footnote or remark on the figure.
/// - `edition`, `table`, `year_published`, `url`, `licence`: the rest of the citation: edition or version, the
///   table or page, the year of publication, where the publication is, its licence and the attribution it asks for.
/// - `citation_note`: how the figures were taken from the publication (transcribed, converted) and caveats.
///
/// Rows with the same `publisher`, `publication`, `edition`, `table`, `year_published`, `url`, `licence` and
/// `citation_note` share one citation. Its id is the dataset id and the start of a SHA-256 of those fields
/// (`nrcan-canada-2023/3f2a9c0d41be`): an edited citation gets a new id, so earlier versions keep theirs. The first
/// row's citation is the dataset's citation. Words are not a value: write `NA` and put the words in `note`; mark estimates in
/// `estimated`, not with an "e" after the number.
///
/// Every row is checked. An error names the file, line, column and value, and for commodity, stage, measure,
/// classification and estimated lists the values allowed. All country names that match nothing are reported together.
/// The same commodity, stage, measure, area, partner, period, label and basis twice is an error naming both lines.
public struct ObservationsCSVImporter: Importer {
    /// The importer kind on the command line.
    public static let kind = "observations"
    /// One line for `critmin import --help`.
    public static let summary = "an analyst's own figures in critmin's generic observations CSV (one dataset per file)"
    static let required = [
        "dataset", "dataset_title", "owner", "classification", "commodity", "measure", "area", "period", "value", "unit", "publisher",
        "publication",
    ]
    static let citationColumns = ["publisher", "publication", "edition", "table", "year_published", "url", "licence", "citation_note"]
    static let datasetColumns = ["dataset", "dataset_title", "owner", "classification"]
    static let yes: Set<String> = ["yes", "y", "true", "1"]
    static let no: Set<String> = ["no", "n", "false", "0", ""]

    /// An importer with no options.
    public init() {}

    /// The key under which a figure may appear once.
    private struct SeriesKey: Hashable {
        var commodity: CommodityID
        var stage: Stage?
        var measure: Measure
        var area: Area
        var partner: Area?
        var period: Period
        var label: String?
        var basis: String?
    }

    /// Reads the dataset of `source`, one observation per row (see the format above).
    /// - Throws: ``CritMinError`` naming file, line, column and value; all unknown areas and partners at once
    ///   (`.unknownNames`); `.conflict` for rows of another dataset or a figure given twice.
    public func read(_ source: URL, catalogue: Catalogue) throws(CritMinError) -> ImportBatch {
        var table = try CSVTable(url: source, required: Self.required)
        var first: CSVRow?
        var citationIDs: [[String]: CitationID] = [:]
        var citations: [Citation] = []
        var observations: [Observation] = []
        var lineByKey: [SeriesKey: Int] = [:]
        var unknown = UnknownNames()
        while let row = try table.next() {
            if let first {
                for column in Self.datasetColumns where row[column] != first[column] {
                    throw row.error(.conflict, "one file is one dataset: line \(first.line) has \"\(first[column])\"", column: column)
                }
            } else {
                first = row
                try checkDataset(row)
            }
            let commodity = try commodity(row, catalogue: catalogue)
            let stage = try stage(row)
            let measure = try measure(row)
            let area = try row.required("area")
            let resolvedArea = catalogue.area(named: area)
            if resolvedArea == nil { unknown.add(area, at: "line \(row.line), area") }
            let partner = row["partner"].nilIfEmpty
            let resolvedPartner = partner.flatMap(catalogue.area(named:))
            if let partner, resolvedPartner == nil { unknown.add(partner, at: "line \(row.line), partner") }
            guard let period = Period(text: try row.required("period")) else {
                throw row.error(.invalidValue, "expected a year (2024) or a span of years (2021-24)", column: "period")
            }
            let quantity = try quantity(row)
            let rank = try row.optionalInt("rank")
            if let rank, rank < 1 { throw row.error(.invalidValue, "ranks start at 1", column: "rank") }
            let citation = try citationID(row, dataset: first!["dataset"], ids: &citationIDs, citations: &citations)
            guard let resolvedArea, partner == nil || resolvedPartner != nil else { continue }
            let label = row["label"].nilIfEmpty
            let key = SeriesKey(
                commodity: commodity, stage: stage, measure: measure, area: resolvedArea, partner: resolvedPartner, period: period, label: label,
                basis: quantity.unit.basis)
            if let earlier = lineByKey[key] {
                throw row.error(
                    .conflict, "the same figure (commodity, stage, measure, area, partner, period, label, basis) is on line \(earlier)",
                    column: "value")
            }
            lineByKey[key] = row.line
            observations.append(
                Observation(
                    commodity: commodity, stage: stage, measure: measure, area: resolvedArea, partner: resolvedPartner, period: period,
                    label: label, quantity: quantity, rank: rank, note: row["note"].nilIfEmpty, citation: citation, source: row.location))
        }
        try unknown.check(
            "names that are no country, group, World or Other countries in the catalogue", file: table.fileName,
            field: "area")
        guard let first else {
            throw CritMinError(.invalidFormat, "the file has a header but no observations", file: table.fileName)
        }
        return ImportBatch(
            descriptor: DatasetDescriptor(
                id: DatasetID(first["dataset"]), title: first["dataset_title"], kind: Self.kind, owner: first["owner"],
                classification: Classification(rawValue: first["classification"])!, citation: citations[0].id),
            checksum: try SourceChecksum.sha256(of: [source]), sourceFiles: [source.lastPathComponent], citations: citations,
            observations: observations)
    }

    func checkDataset(_ row: CSVRow) throws(CritMinError) {
        let id = try row.required("dataset")
        let allowed = id.allSatisfy { ($0.isASCII && $0.isLowercase) || $0.isASCIIDigit || $0 == "-" || $0 == "." }
        guard allowed, id.first.map({ $0.isASCIIDigit || $0.isLowercase }) == true else {
            throw row.error(
                .invalidValue, "a dataset id is lower-case letters, digits, '-' and '.', starting with a letter or digit",
                column: "dataset")
        }
        _ = try row.required("dataset_title")
        _ = try row.required("owner")
        guard Classification(rawValue: try row.required("classification")) != nil else {
            throw row.error(
                .invalidValue, "expected one of \(Classification.allCases.map(\.rawValue).joined(separator: ", "))",
                column: "classification")
        }
    }

    private func commodity(_ row: CSVRow, catalogue: Catalogue) throws(CritMinError) -> CommodityID {
        let text = try row.required("commodity")
        guard let id = catalogue.commodity(named: text) else {
            let ids = catalogue.commodities.keys.sorted().map(\.rawValue).joined(separator: ", ")
            throw row.error(.invalidValue, "unknown commodity; write a commodity id, name or alias. Ids: \(ids)", column: "commodity")
        }
        return id
    }

    private func stage(_ row: CSVRow) throws(CritMinError) -> Stage? {
        guard let text = row["stage"].nilIfEmpty else { return nil }
        guard let stage = Stage(rawValue: text) else {
            throw row.error(
                .invalidValue, "unknown stage; expected one of \(Stage.allCases.map(\.rawValue).joined(separator: ", ")) or empty",
                column: "stage")
        }
        return stage
    }

    private func measure(_ row: CSVRow) throws(CritMinError) -> Measure {
        guard let measure = Measure(rawValue: try row.required("measure")) else {
            throw row.error(
                .invalidValue, "unknown measure; expected one of \(Measure.allCases.map(\.rawValue).joined(separator: ", "))",
                column: "measure")
        }
        return measure
    }

    private func quantity(_ row: CSVRow) throws(CritMinError) -> Quantity {
        let text = try row.required("value")
        guard let amount = Amount(notation: text) else { throw row.error(.missingField, "a value is required", column: "value") }
        if case .text = amount {
            throw row.error(
                .invalidValue,
                "not a figure in USGS notation (3,500; >95; <25; 890–1,000; —; W; NA; XX; E): write NA and put words in 'note', "
                    + "and mark estimates in 'estimated'",
                column: "value")
        }
        let estimatedText = row["estimated"].lowercased()
        guard Self.yes.contains(estimatedText) || Self.no.contains(estimatedText) else {
            throw row.error(.invalidValue, "expected yes or no (or empty)", column: "estimated")
        }
        return Quantity(
            amount, unit: MeasureUnit(try row.required("unit"), basis: row["basis"].nilIfEmpty), estimated: Self.yes.contains(estimatedText),
            raw: text == amount.notation ? nil : text)
    }

    /// The id of the row's citation, making a new one for citation fields not met before.
    func citationID(
        _ row: CSVRow, dataset: String, ids: inout [[String]: CitationID], citations: inout [Citation]
    ) throws(CritMinError) -> CitationID {
        _ = try row.required("publisher")
        _ = try row.required("publication")
        let year = try row.optionalInt("year_published")
        let fields = Self.citationColumns.map { row[$0] }
        if let id = ids[fields] { return id }
        let digest = SourceChecksum.sha256(of: Data(fields.joined(separator: "\u{1F}").utf8))
        let id = CitationID("\(dataset)/\(digest.prefix(12))")
        ids[fields] = id
        citations.append(
            Citation(
                id: id, publisher: row["publisher"], publication: row["publication"], edition: row["edition"].nilIfEmpty,
                table: row["table"].nilIfEmpty, year: year, url: row["url"].nilIfEmpty, licence: row["licence"].nilIfEmpty,
                note: row["citation_note"].nilIfEmpty))
        return id
    }
}
