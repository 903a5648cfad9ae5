import CritMinCore

/// A briefing an analyst can hand to a minister: a title, a bottom line, sections of prose, tables and charts, the
/// numbered sources every figure cites, and notes on the methods used.
///
/// Render it with ``markdown()`` or ``html()``; both are pure and deterministic (same briefing, same bytes).
public struct Briefing: Sendable, Hashable {
    public var title: String
    /// One line under the title: "United States and Canada · data as of MCS 2026 · generated 2026-11-23".
    public var subtitle: String?
    /// The lead paragraph, shown as "Bottom line".
    public var summary: [Inline]?
    public var sections: [BriefingSection]
    /// Every publication the briefing may cite. They are numbered in order of first reference; sources nothing
    /// cites follow in the order given here.
    public var sources: [Citation]
    /// Short notes on the methods and defaults used.
    public var methodNotes: [String]

    public init(
        title: String, subtitle: String? = nil, summary: [Inline]? = nil, sections: [BriefingSection] = [], sources: [Citation] = [],
        methodNotes: [String] = []
    ) {
        self.title = title
        self.subtitle = subtitle
        self.summary = summary
        self.sections = sections
        self.sources = sources
        self.methodNotes = methodNotes
    }

    /// Citation ids the briefing refers to that ``sources`` lacks, in order of first reference. Renderers print them
    /// as "[missing source: id]"; callers should treat a non-empty list as an error.
    public var unresolvedCitations: [CitationID] { SourceNumbering(self).unresolved }
}

/// A titled part of a briefing.
public struct BriefingSection: Sendable, Hashable {
    public var title: String
    public var blocks: [BriefingBlock]

    public init(title: String, blocks: [BriefingBlock] = []) {
        self.title = title
        self.blocks = blocks
    }
}

/// One block of a section.
public enum BriefingBlock: Sendable, Hashable {
    case paragraph([Inline])
    case bullets([[Inline]])
    /// A table; its notes and citation lines print under it. Tables are numbered ("Table 1.") in order.
    case table(ReportTable)
    /// A chart; HTML draws it as SVG, Markdown gives its data as a table. Charts are numbered ("Figure 1.") in order.
    case chart(Chart)
    /// A highlighted key finding.
    case callout(title: String, body: [Inline])
}

/// A run of text within a paragraph. Runs are joined as they are: put spaces in the text where words meet.
public enum Inline: Sendable, Hashable {
    case text(String)
    case strong(String)
    /// A figure with the citations it comes from: rendered with numbered reference marks [3] linking to the sources list.
    case figure(String, citations: [CitationID])
    /// Text linking to another page of the dashboard ("/commodities/cobalt"); Markdown keeps it as a link.
    case link(String, href: String)
}

/// A chart with its title, caption and sources. ``svg(id:)`` draws it; ``dataTable`` gives its numbers.
public enum Chart: Sendable, Hashable {
    /// Horizontal bars, one per item, with optional interval whiskers, threshold lines and categories.
    case bars(BarChart)
    /// Horizontal bars split into shares (import sources by supplier, per commodity).
    case stackedBars(StackedBarChart)
    /// A heat-map grid of rows × columns with cells on a 0…1 scale.
    case matrix(MatrixChart)
    /// Time series as lines with point markers; bounds as open markers, ranges as whiskers, symbols as gaps.
    case line(LineChart)
    /// A distribution (Monte Carlo draws) as bins, with percentile lines.
    case histogram(HistogramChart)
    /// A choropleth world map of regions on the sequential scale.
    case map(MapChart)
    /// Sites as symbols on a map of a region.
    case sites(SiteMapChart)

    /// The chart's title, shown above it.
    public var title: String {
        switch self {
        case .bars(let chart): chart.title
        case .stackedBars(let chart): chart.title
        case .matrix(let chart): chart.title
        case .line(let chart): chart.title
        case .histogram(let chart): chart.title
        case .map(let chart): chart.title
        case .sites(let chart): chart.title
        }
    }

    /// The text under the chart: what it shows and how to read it.
    public var caption: String {
        switch self {
        case .bars(let chart): chart.caption
        case .stackedBars(let chart): chart.caption
        case .matrix(let chart): chart.caption
        case .line(let chart): chart.caption
        case .histogram(let chart): chart.caption
        case .map(let chart): chart.caption
        case .sites(let chart): chart.caption
        }
    }

    /// The sources of the chart's figures.
    public var citations: [CitationID] {
        switch self {
        case .bars(let chart): chart.citations
        case .stackedBars(let chart): chart.citations
        case .matrix(let chart): chart.citations
        case .line(let chart): chart.citations
        case .histogram(let chart): chart.citations
        case .map(let chart): chart.citations
        case .sites(let chart): chart.citations
        }
    }

    /// The chart's numbers as a table, for readers without SVG and for the chart's text description.
    public var dataTable: ReportTable {
        switch self {
        case .bars(let chart): chart.dataTable
        case .stackedBars(let chart): chart.dataTable
        case .matrix(let chart): chart.dataTable
        case .line(let chart): chart.dataTable
        case .histogram(let chart): chart.dataTable
        case .map(let chart): chart.dataTable
        case .sites(let chart): chart.dataTable
        }
    }
}

extension Chart {
    /// Whether the chart draws any figure: a chart of withheld or not-applicable figures only has nothing to show but
    /// words, which its data table gives better.
    public var drawsFigures: Bool {
        switch self {
        case .bars(let chart): chart.bars.contains { $0.amount.boundValue != nil }
        case .stackedBars(let chart): chart.bars.contains { $0.segments.contains { $0.share > 0 } }
        case .matrix(let chart): chart.rows.contains { $0.entries.contains { $0.value != nil } }
        case .line(let chart): chart.series.contains { $0.points.contains { $0.amount.boundValue != nil } }
        case .histogram(let chart): chart.bins.contains { $0.count > 0 }
        case .map(let chart): chart.regions.contains { $0.value != nil }
        case .sites(let chart): !chart.symbols.isEmpty
        }
    }
}
