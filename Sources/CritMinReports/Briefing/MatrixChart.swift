import CritMinCore

/// A heat map: rows × columns of cells coloured on one sequential 0…1 scale (a vulnerability matrix of commodities ×
/// indicators). Cells without data are hatched grey, never coloured as if they were a value.
public struct MatrixChart: Sendable, Hashable {
    /// One cell: where it falls on the scale and what it shows.
    public struct Entry: Sendable, Hashable {
        /// 0…1 (values outside are clamped for colour); `nil` where there is no data.
        public var value: Double?
        /// The text in the cell ("79 %", ">50 %"); `nil` shows the value with two decimals.
        public var text: String?

        public init(_ value: Double?, text: String? = nil) {
            self.value = value
            self.text = text
        }

        public static let noData = Entry(nil)
    }

    /// One row: a label and one entry per column (missing trailing entries count as no data).
    public struct Row: Sendable, Hashable {
        public var label: String
        public var entries: [Entry]

        public init(_ label: String, entries: [Entry]) {
            self.label = label
            self.entries = entries
        }
    }

    public var title: String
    public var columns: [String]
    public var rows: [Row]
    /// What the colour measures: "Supply risk score (0 = lowest, 1 = highest)".
    public var scaleLabel: String
    /// Words at the ends of the colour legend.
    public var lowLabel: String
    public var highLabel: String
    public var caption: String
    public var citations: [CitationID]

    public init(
        title: String, columns: [String], rows: [Row], scaleLabel: String, lowLabel: String = "Low", highLabel: String = "High", caption: String,
        citations: [CitationID]
    ) {
        self.title = title
        self.columns = columns
        self.rows = rows
        self.scaleLabel = scaleLabel
        self.lowLabel = lowLabel
        self.highLabel = highLabel
        self.caption = caption
        self.citations = citations
    }

    /// The entry in a column, no data where the row has none.
    func entry(_ row: Row, _ column: Int) -> Entry { column < row.entries.count ? row.entries[column] : .noData }

    /// The text a cell shows; "no data" for an empty cell without text of its own.
    func cellText(_ entry: Entry) -> String {
        entry.text ?? entry.value.map { NumberFormat.fixed($0, fractionDigits: 2) } ?? MatrixChart.noDataText
    }

    static let noDataText = "no data"

    /// The chart's numbers as a table: the cells' texts, "no data" where empty.
    public var dataTable: ReportTable {
        ReportTable(
            title: title, columns: [Column("Item")] + columns.map { Column.figure($0) },
            rows: rows.map { row in [Cell(row.label)] + columns.indices.map { Cell(cellText(entry(row, $0))) } },
            notes: ["Colour scale: \(scaleLabel)."])
    }
}
