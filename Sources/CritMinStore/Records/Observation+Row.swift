import CritMinCore
import GRDB

extension Observation {
    static let table = RecordTable(
        name: "observations",
        columns: [
            "dataset_version", "commodity", "stage", "measure", "area", "partner", "year_start", "year_end", "label", "amount_kind", "value",
            "value_high", "amount_text", "estimated", "unit_symbol", "unit_basis", "raw", "rank", "note", "citation", "source_file", "source_line",
        ])

    /// The columns ``init(row:)`` reads, after `dataset_version`.
    static let selectColumns = table.columnList

    /// The values of this observation's row in ``table`` in a dataset version.
    func insertArguments(version: Int64) -> SQLArguments {
        let amount = quantity.amount.storageForm
        return [
            version, commodity.rawValue, stage?.rawValue, measure.rawValue, area.code, partner?.code, period.start, period.end, label,
            amount.kind, amount.value, amount.high, amount.text, quantity.estimated, quantity.unit.symbol, quantity.unit.basis,
            quantity.raw, rank, note, citation.rawValue, source.file, source.line,
        ]
    }

    /// Reads a row selected with ``selectColumns``, column by column in that order.
    init(row: some SQLRow) throws {
        var columns = ColumnReader(row)
        let commodity = CommodityID(try columns.next(String.self))
        let stage = try columns.nextCaseIfPresent(Stage.self)
        let measure = try columns.nextCase(Measure.self)
        let area = try columns.nextArea()
        let partner = try columns.nextAreaIfPresent()
        let period = Period(start: try columns.next(Int.self), end: try columns.next(Int.self))
        let label = try columns.next(String?.self)
        let kind = try columns.next(String.self)
        let value = try columns.next(Double?.self)
        let high = try columns.next(Double?.self)
        let text = try columns.next(String?.self)
        let amount = try StoredValue.storageValue("amount_kind") { () throws(CritMinError) in
            try Amount(kind: kind, value: value, high: high, text: text)
        }
        let estimated = try columns.next(Bool.self)
        let unit = MeasureUnit(try columns.next(String.self), basis: try columns.next(String?.self))
        self.init(
            commodity: commodity, stage: stage, measure: measure, area: area, partner: partner, period: period, label: label,
            quantity: Quantity(amount, unit: unit, estimated: estimated, raw: try columns.next(String?.self)),
            rank: try columns.next(Int?.self),
            note: try columns.next(String?.self),
            citation: CitationID(try columns.next(String.self)),
            source: try columns.nextSource())
    }
}
