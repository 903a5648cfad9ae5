import CritMinCore

/// Horizontal bars, one per item, on one numeric axis.
///
/// A bar's figure is an ``Amount`` so that bounds, ranges and symbols stay what they are: ">95" draws a bar to 95
/// with an arrowhead, "<1" an open bar to 1, "890–1,000" a solid bar to the low end and an open one to the high
/// end, and "W", "NA" or "E" no bar at all but the word for it.
public struct BarChart: Sendable, Hashable {
    /// One bar.
    public struct Bar: Sendable, Hashable {
        public var label: String
        public var amount: Amount
        /// The source marks the figure as an estimate; its label gets an "e".
        public var estimated: Bool
        /// An uncertainty or sensitivity interval, drawn as a whisker from low to high.
        public var interval: ClosedRange<Double>?
        /// A group the bar belongs to: bars of one category share a colour, and the legend names it.
        public var category: String?

        public init(_ label: String, amount: Amount, estimated: Bool = false, interval: ClosedRange<Double>? = nil, category: String? = nil) {
            self.label = label
            self.amount = amount
            self.estimated = estimated
            self.interval = interval
            self.category = category
        }

        /// A bar for a computed number.
        public init(_ label: String, value: Double, interval: ClosedRange<Double>? = nil, category: String? = nil) {
            self.init(label, amount: .value(value), interval: interval, category: category)
        }

        /// A bar for a figure as its source states it (the chart's axis label carries the unit).
        public init(_ label: String, quantity: Quantity, interval: ClosedRange<Double>? = nil, category: String? = nil) {
            self.init(label, amount: quantity.amount, estimated: quantity.estimated, interval: interval, category: category)
        }
    }

    /// A reference line across the bars ("50 % — majority import-reliant").
    public struct Threshold: Sendable, Hashable {
        public var value: Double
        public var label: String

        public init(_ label: String, at value: Double) {
            self.label = label
            self.value = value
        }
    }

    public var title: String
    /// What the axis measures, with its unit: "Net import reliance, % of apparent consumption".
    public var axisLabel: String
    public var bars: [Bar]
    public var thresholds: [Threshold]
    /// A fixed axis extent (0...100 for percentages); `nil` fits the axis to the data.
    public var axisRange: ClosedRange<Double>?
    /// Decimals in value labels; `nil` keeps about three significant digits.
    public var decimals: Int?
    public var caption: String
    public var citations: [CitationID]

    public init(
        title: String, axisLabel: String, bars: [Bar], thresholds: [Threshold] = [], axisRange: ClosedRange<Double>? = nil,
        decimals: Int? = nil, caption: String, citations: [CitationID]
    ) {
        self.title = title
        self.axisLabel = axisLabel
        self.bars = bars
        self.thresholds = thresholds
        self.axisRange = axisRange
        self.decimals = decimals
        self.caption = caption
        self.citations = citations
    }

    /// The categories in order of first appearance, which is also their colour order.
    var categories: [String] {
        var seen: [String] = []
        for case let category? in bars.map(\.category) where !seen.contains(category) { seen.append(category) }
        return seen
    }

    /// Decimals for every figure on the chart: the set number, or enough for three significant digits of the largest.
    var figureDecimals: Int {
        decimals ?? ChartNumber.decimals(forLargest: bars.flatMap { [$0.amount.boundValue, $0.interval?.upperBound] }.compactMap { $0 })
    }

    /// The text beside a bar: the figure in source notation at the chart's decimals, with "e" for estimates; for
    /// symbols, the word they stand for.
    func valueText(_ bar: Bar) -> String { ChartNumber.figure(bar.amount, estimated: bar.estimated, decimals: figureDecimals) }

    func intervalText(_ interval: ClosedRange<Double>) -> String {
        ChartNumber.text(interval.lowerBound, decimals: figureDecimals) + "–" + ChartNumber.text(interval.upperBound, decimals: figureDecimals)
    }

    /// The chart's numbers as a table: label, figure, interval and category (the last two only when used).
    public var dataTable: ReportTable {
        let hasIntervals = bars.contains { $0.interval != nil }
        let hasCategories = !categories.isEmpty
        var columns = [Column("Item"), .figure(axisLabel)]
        if hasIntervals { columns.append(.figure("Interval")) }
        if hasCategories { columns.append(Column("Category")) }
        let rows = bars.map { bar in
            var row = [Cell(bar.label), Cell(valueText(bar))]
            if hasIntervals {
                row.append(Cell(bar.interval.map(intervalText) ?? ""))
            }
            if hasCategories { row.append(Cell(bar.category ?? "")) }
            return row
        }
        let notes = thresholds.map { "Threshold: \(ChartNumber.text($0.value, decimals: figureDecimals)) — \($0.label)." }
        return ReportTable(title: title, columns: columns, rows: rows, notes: notes)
    }
}
