import CritMinCore
import Foundation

/// Reads the World Bank Worldwide Governance Indicators in the World Bank's long layout (`wgi_long.csv`): one row
/// per economy, year and indicator, with columns `code`, `countryname`, `year`, `indicator` (va, pv, ge, rq, rl, cc),
/// `estimate`, `stddev`, `nsource`, `pctrank`, `pctranklower`, `pctrankupper`.
///
/// All six dimensions and all years are kept. ".." marks a missing figure: a row without an estimate gives no score
/// and is skipped; other missing figures are left empty. Economies are matched by World Bank code, then by name; the
/// seven World Bank codes that are not ISO alpha-3 (ADO, ANT, KSV, ROM, TMP, WBG, ZAR) resolve through
/// `country-aliases.csv` or, for ANT, to the withdrawn ISO 3166-3 code.
public struct WGIImporter: Importer {
    /// The importer kind on the command line.
    public static let kind = "wgi"
    /// One line for `critmin import --help`.
    public static let summary = "World Bank Worldwide Governance Indicators, six dimensions, long layout (wgi_long.csv)"
    /// The dataset every import of this kind makes a version of.
    public static let datasetID: DatasetID = "wgi-2024"
    static let columns = ["code", "countryname", "year", "indicator", "estimate", "stddev", "nsource", "pctrank", "pctranklower", "pctrankupper"]
    /// How the World Bank writes a missing figure.
    static let missing = ".."
    static let citation = Citation(
        id: CitationID(datasetID.rawValue), publisher: "World Bank (Kaufmann, D. and A. Kraay)",
        publication: "Worldwide Governance Indicators, 2024 Update", edition: "2024 Update (data years 1996–2023)", year: 2024,
        url: "https://www.govindicators.org", licence: "CC BY 4.0",
        note: "Cite as: Kaufmann, D. and A. Kraay (2024). Worldwide Governance Indicators, 2024 Update (www.govindicators.org). "
            + "Read from the World Bank's long-format release file, converted to CSV unchanged.")

    /// An importer with no options.
    public init() {}

    /// Reads every score of `source` (`wgi_long.csv`).
    /// - Throws: ``CritMinError`` naming file, line, column and value; all unknown economies at once (`.unknownNames`);
    ///   `.conflict` for an economy, dimension and year given twice.
    public func read(_ source: URL, catalogue: Catalogue) throws(CritMinError) -> ImportBatch {
        var table = try CSVTable(url: source, required: Self.columns)
        var scores: [GovernanceScore] = []
        var unknown = UnknownNames()
        struct Key: Hashable {
            var country: CountryCode
            var year: Int
            var dimension: GovernanceDimension
        }
        var lineByKey: [Key: Int] = [:]
        while let row = try table.next() {
            guard let dimension = GovernanceDimension(rawValue: try row.required("indicator")) else {
                throw row.error(.invalidValue,
                    "unknown indicator; expected one of \(GovernanceDimension.allCases.map(\.rawValue).joined(separator: ", "))",
                    column: "indicator")
            }
            let year = try row.int("year")
            guard let estimate = try number(row, "estimate") else { continue }
            let code = try row.required("code")
            guard let country = catalogue.country(named: code) ?? catalogue.country(named: row["countryname"]) else {
                unknown.add("\(code) \(row["countryname"])", at: "line \(row.line)")
                continue
            }
            let key = Key(country: country, year: year, dimension: dimension)
            if let earlier = lineByKey[key] {
                throw row.error(.conflict, "\(country) \(dimension.rawValue) \(year) is already given on line \(earlier)", column: "code")
            }
            lineByKey[key] = row.line
            scores.append(
                GovernanceScore(
                    country: country, year: year, dimension: dimension, estimate: estimate, standardError: try number(row, "stddev"),
                    sourceCount: try sourceCount(row), percentileRank: try number(row, "pctrank"),
                    percentileRankLower: try number(row, "pctranklower"), percentileRankUpper: try number(row, "pctrankupper"),
                    citation: Self.citation.id, source: row.location))
        }
        try unknown.check("economies that are no country in the catalogue (add a wgi alias to country-aliases.csv)",
            file: table.fileName, field: "code")
        guard !scores.isEmpty else {
            throw CritMinError(.invalidFormat, "the file has no estimates", file: table.fileName)
        }
        return ImportBatch(
            descriptor: DatasetDescriptor(
                id: Self.datasetID, title: "Worldwide Governance Indicators, 2024 update", kind: Self.kind, owner: "critmin",
                classification: .public, citation: Self.citation.id),
            checksum: try SourceChecksum.sha256(of: [source]), sourceFiles: [source.lastPathComponent], citations: [Self.citation],
            governance: scores)
    }

    /// A number, or `nil` for ".." or an empty field.
    private func number(_ row: CSVRow, _ column: String) throws(CritMinError) -> Double? {
        row[column] == Self.missing ? nil : try row.optionalDouble(column)
    }

    private func sourceCount(_ row: CSVRow) throws(CritMinError) -> Int? {
        row["nsource"] == Self.missing ? nil : try row.optionalInt("nsource")
    }
}
