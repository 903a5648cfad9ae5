import CritMinCore

/// A distribution as bins of equal or unequal width (the Monte Carlo draws of a shortfall), with vertical lines at
/// chosen values (5th percentile, median, 95th percentile).
public struct HistogramChart: Sendable, Hashable {
    /// Draws from `lower` up to `upper`.
    public struct Bin: Sendable, Hashable {
        public var lower: Double
        public var upper: Double
        public var count: Int

        public init(lower: Double, upper: Double, count: Int) {
            self.lower = lower
            self.upper = upper
            self.count = count
        }
    }

    /// A labelled line across the distribution ("Median" at 412).
    public struct Marker: Sendable, Hashable {
        public var label: String
        public var value: Double

        public init(_ label: String, at value: Double) {
            self.label = label
            self.value = value
        }
    }

    public var title: String
    /// What the x axis measures, with its unit: "Shortfall, tonnes".
    public var axisLabel: String
    /// What the bars count: "Draws".
    public var countLabel: String
    public var bins: [Bin]
    public var markers: [Marker]
    public var caption: String
    public var citations: [CitationID]

    public init(
        title: String, axisLabel: String, countLabel: String = "Draws", bins: [Bin], markers: [Marker] = [], caption: String,
        citations: [CitationID]
    ) {
        self.title = title
        self.axisLabel = axisLabel
        self.countLabel = countLabel
        self.bins = bins
        self.markers = markers
        self.caption = caption
        self.citations = citations
    }

    /// `count` bins of equal width from the smallest to the largest finite value, the last one including its upper
    /// end; one bin when all values are equal, none for no values.
    public static func bins(of values: [Double], count: Int) -> [Bin] {
        let finite = values.filter(\.isFinite)
        guard let low = finite.min(), let high = finite.max(), count > 0 else { return [] }
        guard high > low else { return [Bin(lower: low, upper: high, count: finite.count)] }
        let width = (high - low) / Double(count)
        var counts = Array(repeating: 0, count: count)
        for value in finite { counts[min(Int((value - low) / width), count - 1)] += 1 }
        return counts.enumerated().map { index, tally in
            Bin(lower: low + Double(index) * width, upper: index == count - 1 ? high : low + Double(index + 1) * width, count: tally)
        }
    }

    /// Decimals for bin ends and markers: three significant digits of the largest, or of the narrowest bin when finer.
    var figureDecimals: Int {
        let ends = bins.flatMap { [$0.lower, $0.upper] } + markers.map(\.value)
        let widths = bins.map { $0.upper - $0.lower }.filter { $0 > 0 }
        return max(ChartNumber.decimals(forLargest: ends), widths.min().map { ChartNumber.decimals(forLargest: [$0]) } ?? 0)
    }

    func number(_ value: Double) -> String { ChartNumber.text(value, decimals: figureDecimals) }

    /// The chart's numbers as a table: each bin's range and count; the markers as notes.
    public var dataTable: ReportTable {
        ReportTable(
            title: title, columns: [Column(axisLabel), .figure(countLabel)],
            rows: bins.map { [Cell(number($0.lower) + "–" + number($0.upper)), Cell(String($0.count))] },
            notes: markers.map { "\($0.label): \(number($0.value))." })
    }
}
