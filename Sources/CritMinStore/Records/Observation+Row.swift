import CritMinCore
import GRDB

extension Observation {
    static let insertSQL = """
        INSERT INTO observations (
            dataset_version, commodity, stage, measure, area, partner, year_start, year_end, label, amount_kind, value, value_high,
            amount_text, estimated, unit_symbol, unit_basis, raw, rank, note, citation, source_file, source_line
        ) VALUES (\(placeholders(22)))
        """

    /// The columns ``init(row:)`` reads, after `dataset_version`.
    static let selectColumns = """
        dataset_version, commodity, stage, measure, area, partner, year_start, year_end, label, amount_kind, value, value_high,
        amount_text, estimated, unit_symbol, unit_basis, raw, rank, note, citation, source_file, source_line
        """

    /// The arguments of ``insertSQL`` for this observation in a dataset version.
    func insertArguments(version: Int64) -> StatementArguments {
        let amount = quantity.amount.storageForm
        return [
            version, commodity.rawValue, stage?.rawValue, measure.rawValue, area.code, partner?.code, period.start, period.end, label,
            amount.kind, amount.value, amount.high, amount.text, quantity.estimated, quantity.unit.symbol, quantity.unit.basis,
            quantity.raw, rank, note, citation.rawValue, source.file, source.line,
        ]
    }

    /// Reads a row selected with ``selectColumns``.
    init(row: Row) throws {
        let kind = try row.decode(String.self, forColumn: "amount_kind")
        let value = try row.decode(Double?.self, forColumn: "value")
        let high = try row.decode(Double?.self, forColumn: "value_high")
        let text = try row.decode(String?.self, forColumn: "amount_text")
        let amount = try Row.storageValue("amount_kind") { () throws(CritMinError) in
            try Amount(kind: kind, value: value, high: high, text: text)
        }
        self.init(
            commodity: CommodityID(try row.decode(String.self, forColumn: "commodity")),
            stage: try row.decodeCaseIfPresent(Stage.self, forColumn: "stage"),
            measure: try row.decodeCase(Measure.self, forColumn: "measure"),
            area: try row.decodeArea(forColumn: "area"),
            partner: try row.decodeAreaIfPresent(forColumn: "partner"),
            period: Period(start: try row.decode(Int.self, forColumn: "year_start"), end: try row.decode(Int.self, forColumn: "year_end")),
            label: try row.decode(String?.self, forColumn: "label"),
            quantity: Quantity(
                amount,
                unit: MeasureUnit(
                    try row.decode(String.self, forColumn: "unit_symbol"), basis: try row.decode(String?.self, forColumn: "unit_basis")),
                estimated: try row.decode(Bool.self, forColumn: "estimated"),
                raw: try row.decode(String?.self, forColumn: "raw")),
            rank: try row.decode(Int?.self, forColumn: "rank"),
            note: try row.decode(String?.self, forColumn: "note"),
            citation: CitationID(try row.decode(String.self, forColumn: "citation")),
            source: try row.decodeSource())
    }
}
