import CritMinCore

/// Time series as lines: world production per year for the top producers, or a shortfall month by month.
///
/// A point's figure is an ``Amount`` so that bounds, ranges and symbols stay what they are: exact figures are joined
/// by the line, ">95" and "<1" are open markers at the bound, "890–1,000" a vertical whisker, and "W", "NA" or "E"
/// a gap in the line (the data table gives the word).
public struct LineChart: Sendable, Hashable {
    /// One figure of a series.
    public struct Point: Sendable, Hashable {
        public var x: Double
        public var amount: Amount
        /// The source marks the figure as an estimate; the data table gives it an "e".
        public var estimated: Bool

        public init(x: Double, amount: Amount, estimated: Bool = false) {
            self.x = x
            self.amount = amount
            self.estimated = estimated
        }

        /// A point for a computed number.
        public init(x: Double, value: Double) { self.init(x: x, amount: .value(value)) }

        /// A point for a figure as its source states it (the chart's y-axis label carries the unit).
        public init(x: Double, quantity: Quantity) { self.init(x: x, amount: quantity.amount, estimated: quantity.estimated) }
    }

    /// One line: a name for the legend and its points in order of x.
    public struct Series: Sendable, Hashable {
        public var name: String
        public var points: [Point]

        public init(_ name: String, points: [Point]) {
            self.name = name
            self.points = points
        }
    }

    /// A labelled position on the x axis ("2024" at 2024, "Mar" at 3).
    public struct Tick: Sendable, Hashable {
        public var value: Double
        public var label: String

        public init(_ label: String, at value: Double) {
            self.label = label
            self.value = value
        }

        /// One tick per year, labelled with the year.
        public static func years(_ years: ClosedRange<Int>) -> [Tick] { years.map { Tick(String($0), at: Double($0)) } }
    }

    public var title: String
    /// What the x axis measures: "Year".
    public var xAxisLabel: String
    /// What the y axis measures, with its unit: "Mine production, tonnes".
    public var yAxisLabel: String
    public var xTicks: [Tick]
    public var series: [Series]
    /// A fixed y extent; `nil` fits the axis to the data (and zero).
    public var yRange: ClosedRange<Double>?
    /// Decimals in figures; `nil` keeps about three significant digits of the largest.
    public var decimals: Int?
    public var caption: String
    public var citations: [CitationID]

    public init(
        title: String, xAxisLabel: String, yAxisLabel: String, xTicks: [Tick], series: [Series], yRange: ClosedRange<Double>? = nil,
        decimals: Int? = nil, caption: String, citations: [CitationID]
    ) {
        self.title = title
        self.xAxisLabel = xAxisLabel
        self.yAxisLabel = yAxisLabel
        self.xTicks = xTicks
        self.series = series
        self.yRange = yRange
        self.decimals = decimals
        self.caption = caption
        self.citations = citations
    }

    /// Decimals for every figure on the chart: the set number, or enough for three significant digits of the largest.
    var figureDecimals: Int {
        decimals ?? ChartNumber.decimals(forLargest: series.flatMap(\.points).flatMap(\.amount.drawnExtent))
    }

    /// The figure in source notation, "e" for estimates, symbols as words.
    func valueText(_ point: Point) -> String { ChartNumber.figure(point.amount, estimated: point.estimated, decimals: figureDecimals) }

    /// An x position as the tick there names it, else the number; whole numbers print without grouping because
    /// they are mostly years ("2024", not "2,024").
    func xText(_ x: Double) -> String {
        if let tick = xTicks.first(where: { $0.value == x }) { return tick.label }
        if x == x.rounded(), abs(x) < 1e15 { return String(Int(x)) }
        return ChartNumber.text(x, decimals: 2)
    }

    /// The chart's numbers as a table: one row per x position any series has, one column per series.
    public var dataTable: ReportTable {
        let xs = Set(series.flatMap { $0.points.map(\.x) }.filter(\.isFinite)).sorted()
        let rows = xs.map { x in
            [Cell(xText(x))] + series.map { line in Cell(line.points.first { $0.x == x }.map(valueText) ?? "") }
        }
        var notes = ["Figures: \(yAxisLabel)."]
        if series.contains(where: { $0.points.contains(where: \.estimated) }) { notes.append("e = estimated.") }
        return ReportTable(title: title, columns: [Column(xAxisLabel)] + series.map { Column.figure($0.name) }, rows: rows, notes: notes)
    }
}
