import CritMinCore
import Foundation

/// Reads CEPII BACI as CEPII distributes it: one CSV per year, `BACI_HS92_Y2022_V202401b.csv`, with the header
/// `t,i,j,k,v,q` (year, exporter, importer, HS6 product, value in thousand current US dollars, quantity in metric tons),
/// and `country_codes_V202401b.csv` beside it (`country_code, country_name, country_iso2, country_iso3`).
///
/// The path is one such file or a folder of them (every `BACI_HS92_*.csv` is read). Only HS 1992 files are read, the
/// nomenclature critmin's trade codes use. Rows are read as ``BACIImporter`` reads `baci.db`: "NA" and empty values and
/// quantities stay `nil`, country codes resolve through ``BACICountryCodes``, five-digit codes get their leading zero
/// back. A year of BACI holds some ten million flows of all products: only the HS headings (first four digits) of the
/// codes the catalogue's commodities name are kept, unless ``hsHeadings`` says otherwise. The flows form a new version of
/// `baci-hs92`, replacing the flows of the version before (import every year wanted at once, as a folder).
public struct BACICSVImporter: Importer {
    public static let kind = "baci-csv"
    public static let summary = "CEPII BACI HS92 as downloaded from CEPII (BACI_HS92_Y*_V*.csv and country_codes_V*.csv), a file or a folder"
    static let header = ["t", "i", "j", "k", "v", "q"]
    static let countryColumns = ["country_code", "country_name", "country_iso3"]

    /// The years read; `nil` for every year of the files.
    public let years: ClosedRange<Int>?
    /// The four-digit HS headings kept; `nil` for the headings of the catalogue's commodities' codes.
    public let hsHeadings: Set<String>?

    public init(years: ClosedRange<Int>? = nil, hsHeadings: Set<String>? = nil) {
        self.years = years
        self.hsHeadings = hsHeadings
    }

    /// - Throws: ``CritMinError`` naming the file, line, column and value of a row that cannot be read; every country code
    ///   the catalogue cannot resolve at once (`.unknownNames`); `.invalidFormat` for a file that is not BACI HS92, a missing
    ///   country-codes file, or no flow at all.
    public func read(_ source: URL, catalogue: Catalogue) throws(CritMinError) -> ImportBatch {
        let files = try tradeFiles(source)
        let folder = files[0].deletingLastPathComponent()
        let version = Self.version(of: files[0].lastPathComponent)
        let countryFile = try countryCodesFile(in: folder, version: version)
        let countries = try readCountries(countryFile)
        let headings = hsHeadings ?? Set(catalogue.commodities.values.flatMap(\.hsCodes).filter { $0.count >= 4 }.map { String($0.prefix(4)) })
        var codes = BACICountryCodes(catalogue: catalogue)
        var unknown = UnknownNames()
        var flows: [TradeFlow] = []
        let citation = Self.citation(version: version)
        for file in files {
            var table = try CSVTable(url: file, required: Self.header)
            while let row = try table.next() {
                let year = try row.int("t")
                if let years, !years.contains(year) { continue }
                guard let hsCode = BACIImporter.sixDigitCode(row["k"]) else {
                    throw row.error(.invalidValue, "not a six-digit HS code", column: "k")
                }
                guard headings.contains(String(hsCode.prefix(4))) else { continue }
                // The country of the code in a column, or `nil` once the code is noted as unknown.
                func country(_ column: String) throws(CritMinError) -> CountryCode? {
                    let code = row[column]
                    let entry = countries[code]
                    if let country = try codes.country(code: code, iso3: entry?.iso3 ?? "") { return country }
                    unknown.add(
                        "\(code) \(entry.map { "\($0.name) (\($0.iso3))" } ?? "(not in \(countryFile.lastPathComponent))")",
                        at: "\(table.fileName):\(row.line) \(column)")
                    return nil
                }
                let exporter = try country("i")
                let importer = try country("j")
                guard let exporter, let importer else { continue }
                flows.append(
                    TradeFlow(
                        year: year, exporter: exporter, importer: importer, hsCode: hsCode, value: try Self.number(row, "v"),
                        quantity: try Self.number(row, "q"), citation: citation.id, source: row.location))
            }
        }
        try unknown.check(
            "BACI country codes the catalogue does not resolve (add a baci alias to country-aliases.csv, and an entry to countries-extra.csv "
                + "for an entity ISO 3166 lacks)", file: files[0].lastPathComponent, field: "i, j")
        guard !flows.isEmpty else {
            throw CritMinError(
                .invalidFormat, "no trade flows of the catalogue's HS headings\(years.map { " in \($0.lowerBound)–\($0.upperBound)" } ?? "")",
                file: files[0].lastPathComponent)
        }
        var checksum = try SourceChecksum.sha256(of: files + [countryFile])
        let filter = "years \(years.map { "\($0.lowerBound)-\($0.upperBound)" } ?? "all") headings \(headings.sorted().joined(separator: ","))"
        checksum = SourceChecksum.sha256(of: Data("\(checksum) \(filter)".utf8))
        let spanYears = Set(flows.map(\.year))
        return ImportBatch(
            descriptor: DatasetDescriptor(
                id: BACIImporter.datasetID,
                title: "CEPII BACI HS92 \(version ?? ""), bilateral trade, \(spanYears.min()!)–\(spanYears.max()!), \(headings.count) HS headings",
                kind: Self.kind, owner: "critmin", classification: .public, citation: citation.id),
            checksum: checksum, sourceFiles: (files + [countryFile]).map(\.lastPathComponent), citations: [citation], tradeFlows: flows)
    }

    /// BACI's citation, with the version the file names.
    static func citation(version: String?) -> Citation {
        var citation = BACIImporter.citation
        citation.id = "baci-hs92-csv"
        citation.edition = "HS92 \(version ?? "(version not in the file name)"), CSV files as CEPII distributes them"
        citation.table = "BACI_HS92_Y*_\(version ?? "V*").csv"
        return citation
    }

    /// "V202401b" from "BACI_HS92_Y2022_V202401b.csv".
    static func version(of fileName: String) -> String? {
        let stem = fileName.hasSuffix(".csv") ? String(fileName.dropLast(4)) : fileName
        return stem.split(separator: "_").last.map(String.init).flatMap { $0.hasPrefix("V") ? $0 : nil }
    }

    private func tradeFiles(_ source: URL) throws(CritMinError) -> [URL] {
        var isFolder: ObjCBool = false
        guard FileManager.default.fileExists(atPath: source.path, isDirectory: &isFolder) else {
            throw CritMinError(.io, "file not found", file: source.path)
        }
        let isTradeFile = { (name: String) in name.hasPrefix("BACI_HS92_") && name.hasSuffix(".csv") }
        guard isFolder.boolValue else {
            guard isTradeFile(source.lastPathComponent) else {
                throw CritMinError(
                    .invalidFormat,
                    "not a BACI HS92 file: expected a name like BACI_HS92_Y2022_V202401b.csv (HS 1992, the nomenclature of "
                        + "critmin's trade codes)", file: source.lastPathComponent)
            }
            return [source]
        }
        let names = (try? FileManager.default.contentsOfDirectory(atPath: source.path)) ?? []
        let files = names.filter(isTradeFile).sorted().map { source.appendingPathComponent($0) }
        guard !files.isEmpty else { throw CritMinError(.invalidFormat, "no BACI_HS92_*.csv file in the folder", file: source.path) }
        return files
    }

    private func countryCodesFile(in folder: URL, version: String?) throws(CritMinError) -> URL {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: folder.path)) ?? []
        let candidates = names.filter { $0.hasPrefix("country_codes_") && $0.hasSuffix(".csv") }.sorted()
        let sameVersion = version.map { "country_codes_\($0).csv" }.flatMap { wanted in candidates.first { $0 == wanted } }
        guard let name = sameVersion ?? candidates.last else {
            throw CritMinError(
                .invalidFormat, "no country_codes_\(version ?? "V*").csv beside the BACI file (CEPII ships it in the same archive)", file: folder.path
            )
        }
        return folder.appendingPathComponent(name)
    }

    private func readCountries(_ url: URL) throws(CritMinError) -> [String: (name: String, iso3: String)] {
        var table = try CSVTable(url: url, required: Self.countryColumns)
        var countries: [String: (name: String, iso3: String)] = [:]
        while let row = try table.next() {
            countries[try row.required("country_code")] = (row["country_name"], row["country_iso3"])
        }
        return countries
    }

    /// A value or quantity: `nil` for the source's words for "no figure" (``BACIImporter/missing``).
    private static func number(_ row: CSVRow, _ column: String) throws(CritMinError) -> Double? {
        let text = row[column]
        if BACIImporter.missing.contains(text) { return nil }
        guard let number = Double(text), number.isFinite else { throw row.error(.invalidValue, "not a number", column: column) }
        return number
    }
}
