import CritMinCore

/// Horizontal bars split into shares: import sources by supplier, per commodity. Each bar's shares sum to at most 1;
/// what is left of the bar stays empty.
public struct StackedBarChart: Sendable, Hashable {
    /// A legend entry: the segments named after it share its colour.
    public struct Series: Sendable, Hashable {
        public var name: String
        /// Drawn in grey, for "Other countries" or "Unknown".
        public var isOther: Bool

        public init(_ name: String, isOther: Bool = false) {
            self.name = name
            self.isOther = isOther
        }
    }

    /// A part of a bar.
    public struct Segment: Sendable, Hashable {
        /// The ``Series`` name.
        public var series: String
        /// A fraction, 0…1.
        public var share: Double

        public init(_ series: String, share: Double) {
            self.series = series
            self.share = share
        }
    }

    /// One bar.
    public struct Bar: Sendable, Hashable {
        public var label: String
        /// Left to right.
        public var segments: [Segment]

        public init(_ label: String, segments: [Segment]) {
            self.label = label
            self.segments = segments
        }
    }

    public var title: String
    /// What the shares are of: "Share of US imports, %".
    public var axisLabel: String
    /// The legend, in order: these series get colours (the first seven distinct ones). Segments naming a series not
    /// listed here are drawn light grey with their name inside where it fits, so that a chart of many suppliers
    /// colours only the ones that matter.
    public var series: [Series]
    public var bars: [Bar]
    /// Decimals of the percentages shown.
    public var decimals: Int
    public var caption: String
    public var citations: [CitationID]

    public init(
        title: String, axisLabel: String, series: [Series] = [], bars: [Bar], decimals: Int = 0, caption: String, citations: [CitationID]
    ) {
        self.title = title
        self.axisLabel = axisLabel
        self.series = series
        self.bars = bars
        self.decimals = decimals
        self.caption = caption
        self.citations = citations
    }

    /// The listed series, then the others the segments name, in order of appearance.
    var allSeries: [Series] {
        var all = series
        for segment in bars.flatMap(\.segments) where !all.contains(where: { $0.name == segment.series }) {
            all.append(Series(segment.series))
        }
        return all
    }

    func percentText(_ share: Double) -> String { ChartNumber.text(share * 100, decimals: decimals) }

    /// The chart's numbers as a table: one row per bar, one column per series, in percent.
    public var dataTable: ReportTable {
        let allSeries = allSeries
        let columns = [Column("Item")] + allSeries.map { Column.figure($0.name + " %") }
        let rows = bars.map { bar in
            [Cell(bar.label)]
                + allSeries.map { series in
                    let shares = bar.segments.filter { $0.series == series.name }.map(\.share)
                    return shares.isEmpty ? Cell.empty : Cell(percentText(shares.reduce(0, +)))
                }
        }
        return ReportTable(title: title, columns: columns, rows: rows, notes: ["Values: \(axisLabel)."])
    }
}
