import CritMinCore
import Foundation
import Testing

@testable import CritMinReports

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("Briefing rendering")
struct BriefingRenderingTests {
    static let cobalt = Citation(
        id: "usgs/cobalt", publisher: "U.S. Geological Survey", publication: "Mineral Commodity Summaries 2026", edition: "MCS 2026",
        table: "Cobalt — Salient Statistics", year: 2026, url: "https://pubs.usgs.gov/cobalt.pdf", licence: "Public domain")
    static let gallium = Citation(
        id: "usgs/gallium", publisher: "U.S. Geological Survey", publication: "Mineral Commodity Summaries 2026", table: "Gallium")
    static let wgi = Citation(id: "wgi", publisher: "World Bank", publication: "Worldwide Governance Indicators", year: 2024)
    static let unused = Citation(id: "unused", publisher: "Natural Resources Canada", publication: "Critical Minerals List", year: 2024)

    static let bars = BarChart(
        title: "Net import reliance", axisLabel: "% of apparent consumption",
        bars: [
            .init("Gallium", value: 100, interval: 90...100, category: "Allies"),
            .init("Cobalt", amount: .greaterThan(75), estimated: true, category: "Others"),
            .init("Zinc", amount: .netExporter), .init("Nickel", value: 41.4),
        ],
        thresholds: [.init("Majority", at: 50), .init("Near majority", at: 45)], caption: "Bars <to> scale & \"sourced\".", citations: ["wgi"])
    static let stacked = StackedBarChart(
        title: "Import sources", axisLabel: "Share of imports, %", series: [.init("China"), .init("Other", isOther: true)],
        bars: [.init("Graphite", segments: [.init("China", share: 0.46), .init("Canada", share: 0.13), .init("Other", share: 0.16)])],
        caption: "Shares 2021–24.", citations: ["usgs/gallium"])
    static let matrix = MatrixChart(
        title: "Exposure", columns: ["Reliance", "China share"],
        rows: [.init("Gallium", entries: [.init(1, text: "100 %"), .noData]), .init("Cobalt", entries: [.init(0.79)])],
        scaleLabel: "Share", caption: "Matrix.", citations: ["usgs/cobalt"])

    /// Summary cites gallium then cobalt (numbers 1 and 2); the paragraph cites cobalt again (2) and an unknown id;
    /// the bar chart cites wgi (3); the unused source comes last (4).
    static let briefing = Briefing(
        title: "Ni & Co <b>\"quoted\" 'x'</b>",
        subtitle: "United States and Canada · MCS 2026",
        summary: [.text("Reliance is "), .figure("100 %", citations: ["usgs/gallium", "usgs/cobalt"]), .text(".")],
        sections: [
            BriefingSection(
                title: "Vulnerable *now*",
                blocks: [
                    .paragraph([.strong("Cobalt "), .text("stays at "), .figure("79 %", citations: ["usgs/cobalt", "nowhere"]), .text(" | a_b")]),
                    .bullets([[.text(">95 % of something")], [.text("two")]]),
                    .chart(.bars(bars)),
                    .table(
                        ReportTable(
                            title: "Suppliers", columns: [Column("Country"), .figure("Share %")],
                            rows: [[Cell("Congo | Kinshasa"), Cell("74")], [Cell("USA")]],
                            notes: ["e = estimated."], citations: ["USGS MCS 2026"])),
                    .chart(.stackedBars(stacked)),
                    .chart(.matrix(matrix)),
                    .callout(title: "Key finding", body: [.text("Gallium "), .figure("100 %", citations: ["usgs/gallium"])]),
                ])
        ],
        sources: [cobalt, wgi, gallium, unused, cobalt],
        methodNotes: ["Bounds stay bounds."])

    @Test("sources are numbered by first reference; a shared id keeps its number; uncited sources follow")
    func referenceNumbering() {
        let numbering = SourceNumbering(Self.briefing)
        #expect(numbering.ordered.map(\.id) == ["usgs/gallium", "usgs/cobalt", "wgi", "unused"])
        #expect(numbering.marks(["usgs/cobalt", "usgs/gallium", "usgs/cobalt"]) == [.number(1), .number(2)])
        // Three or more consecutive numbers join into a run: [1–3].
        #expect(numbering.marks(["wgi", "usgs/cobalt", "usgs/gallium"]) == [.run(1...3)])
        #expect(numbering.marks(["unused", "wgi", "usgs/cobalt", "usgs/gallium"]) == [.run(1...4)])
        #expect(Self.briefing.unresolvedCitations == ["nowhere"])

        let markdown = Self.briefing.markdown()
        #expect(markdown.contains("Reliance is 100 % [1, 2]."))
        #expect(markdown.contains("79 % [2, missing source: nowhere]"))
        #expect(markdown.contains("Gallium 100 % [1]"))
        #expect(markdown.contains("*Bars \\<to> scale & \"sourced\".* [3]"))
        let sources = markdown.components(separatedBy: "## Sources\n\n")[1].split(separator: "\n").map(String.init)
        #expect(sources.count == 4)
        #expect(sources[0] == "1. U.S. Geological Survey, Mineral Commodity Summaries 2026, Gallium")
        #expect(
            sources[1] == "2. U.S. Geological Survey, Mineral Commodity Summaries 2026 (MCS 2026), Cobalt — Salient Statistics. "
                + "https://pubs.usgs.gov/cobalt.pdf. Licence: Public domain.")
        #expect(sources[3].hasPrefix("4. Natural Resources Canada"))

        let html = Self.briefing.html()
        #expect(
            html.contains(
                "<sup class=\"ref\">[<a href=\"#source-1\" aria-label=\"Source 1\">1</a>, <a href=\"#source-2\" aria-label=\"Source 2\">2</a>]</sup>")
        )
        #expect(html.contains("<li id=\"source-3\">World Bank, Worldwide Governance Indicators, 2024.</li>"))
        #expect(html.contains("<a class=\"url\" href=\"https://pubs.usgs.gov/cobalt.pdf\">https://pubs.usgs.gov/cobalt.pdf</a>"))
        #expect(html.contains("<span class=\"missing\">missing source: nowhere</span>"))
    }

    @Test("html escapes & < > \" ' everywhere, and the page needs nothing from outside")
    func htmlEscaping() {
        let html = Self.briefing.html()
        #expect(html.contains("<h1>Ni &amp; Co &lt;b&gt;&quot;quoted&quot; &#39;x&#39;&lt;/b&gt;</h1>"))
        #expect(html.contains("<title>Ni &amp; Co &lt;b&gt;&quot;quoted&quot; &#39;x&#39;&lt;/b&gt;</title>"))
        #expect(!html.contains("<b>"))
        #expect(html.contains("Bars &lt;to&gt; scale &amp; &quot;sourced&quot;."))
        #expect(html.contains("<th scope=\"row\">Congo | Kinshasa</th><td class=\"num\">74</td>"))
        // The running title in the page footer is a CSS string: its quotes and angle brackets are CSS escapes.
        #expect(html.contains("content: \"Ni & Co \\3c b\\3e \\22 quoted\\22  'x'\\3c /b\\3e \";"))
        #expect(!html.contains("<script"))
        #expect(!html.contains("src="))
        #expect(!html.contains("@import"))
        #expect(!html.contains("url(http"))
    }

    @Test("markdown: escaped text, pipe tables with one cell per column, charts as tables of their data")
    func markdownShape() {
        let markdown = Self.briefing.markdown()
        let lines = markdown.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0] == "# Ni & Co \\<b>\"quoted\" 'x'\\</b>")
        #expect(lines.contains("## Vulnerable \\*now\\*"))
        #expect(lines.contains("**Cobalt** stays at 79 % [2, missing source: nowhere] \\| a\\_b"))
        #expect(lines.contains("- \\>95 % of something"))
        #expect(lines.contains("> **Key finding**"))

        // Every table line has one more unescaped pipe than its table has columns.
        let tables = markdown.components(separatedBy: "\n\n").filter { $0.hasPrefix("|") }
        #expect(tables.count == 4)
        for table in tables {
            let rows = table.split(separator: "\n").map(String.init)
            let pipes = rows.map { $0.replacingOccurrences(of: "\\|", with: "").filter { $0 == "|" }.count }
            #expect(Set(pipes).count == 1, "\(table)")
        }
        #expect(tables[0].hasPrefix("| Item | % of apparent consumption | Interval | Category |\n| --- | ---: | ---: | --- |\n"))
        #expect(tables[0].contains("| Gallium | 100 | 90–100 | Allies |"))
        #expect(tables[0].contains("| Cobalt | >75e |   | Others |"))
        #expect(tables[0].contains("| Zinc | net exporter |   |   |"))
        // Decimals follow the largest figure (100 → none): 41.4 shows as 41.
        #expect(tables[0].contains("| Nickel | 41 |   |   |"))
        #expect(lines.contains("Note: Threshold: 50 — Majority."))
        #expect(tables[1].contains("| Congo \\| Kinshasa | 74 |"))
        #expect(tables[1].contains("| USA |   |"))
        #expect(lines.contains("**Table 1. Suppliers**"))
        #expect(lines.contains("**Figure 2. Import sources**"))
        #expect(tables[2].hasPrefix("| Item | China % | Other % | Canada % |"))
        #expect(tables[2].contains("| Graphite | 46 | 16 | 13 |"))
        #expect(tables[3].contains("| Gallium | 100 % | no data |"))
        #expect(tables[3].contains("| Cobalt | 0.79 | no data |"))
        #expect(lines.contains("## Method notes"))
        #expect(lines.contains("- Bounds stay bounds."))
    }

    @Test("bar chart SVG: a whisker for the interval, dashed threshold lines with labels, an arrowhead for a lower bound")
    func barChartSVG() {
        let svg = Chart.bars(Self.bars).svg(id: "f1")
        #expect(svg.contains("role=\"img\" aria-labelledby=\"f1-title f1-desc\""))
        #expect(svg.contains("<title id=\"f1-title\">Net import reliance</title>"))
        #expect(svg.contains("Data: Gallium: % of apparent consumption 100, Interval 90–100, Category Allies;"))
        #expect(svg.components(separatedBy: "stroke-dasharray=\"4 3\"").count - 1 == 2)
        #expect(svg.contains(">Majority (50)</text>"))
        #expect(svg.contains(">Near majority (45)</text>"))
        #expect(svg.components(separatedBy: "stroke-width=\"1.5\"/>").count - 1 >= 3, "whisker line and two caps")
        #expect(svg.components(separatedBy: "<polygon").count - 1 == 1)
        #expect(svg.contains(">&gt;75e</text>"))
        #expect(svg.contains("font-style=\"italic\">net exporter</text>"))
        #expect(svg.contains(">Allies</text>") && svg.contains(">Others</text>"))
        // Threshold labels at 45 and 50 would overlap on one line: they take two.
        let labelYs = ["Majority (50)", "Near majority (45)"].compactMap { label in
            svg.split(separator: "\n").first { $0.contains(">\(label)</text>") }.flatMap {
                $0.components(separatedBy: "y=\"")[safe: 1]?.split(separator: "\"").first
            }
        }
        #expect(labelYs.count == 2 && labelYs[0] != labelYs[1])
    }

    @Test("stacked bars: listed series in colour, unlisted ones light grey and named inside when they fit")
    func stackedUnlisted() {
        let svg = Chart.stackedBars(Self.stacked).svg(id: "s")
        #expect(svg.contains(">China</text>") && svg.contains(">Other</text>"))
        #expect(svg.contains(">Others, named in the bar where space allows</text>"))
        #expect(svg.contains("fill=\"\(ChartPalette.categorical(0))\""))
        #expect(svg.contains("fill=\"\(ChartPalette.neutral)\""))
        #expect(svg.contains("fill=\"\(ChartPalette.unlisted)\""))
        #expect(svg.contains(">Canada 13</text>"))
        #expect(svg.contains(">46</text>"))
    }

    @Test("print: A4 pages numbered, headings kept with what follows, figures and rows not split")
    func printRules() {
        let html = Self.briefing.html()
        #expect(html.contains("@page { size: A4;"))
        #expect(html.contains("content: \"Page \" counter(page) \" of \" counter(pages);"))
        #expect(html.contains("h2, .figure-title, .callout-title { break-after: avoid;"))
        #expect(html.contains("figure.chart, .callout, .bottom-line, .table-block.keep, tr, li { break-inside: avoid;"))
        #expect(html.contains("thead { display: table-header-group; }"))
    }

    @Test("matrix SVG: cells without data are hatched and say so, and the legend shows the hatch")
    func matrixNoData() {
        let svg = Chart.matrix(Self.matrix).svg(id: "m")
        #expect(svg.contains("<pattern id=\"m-no-data\""))
        #expect(svg.components(separatedBy: "fill=\"url(#m-no-data)\"").count - 1 == 3, "two empty cells and the legend swatch")
        #expect(svg.contains("font-style=\"italic\">no data</text>"))
        #expect(svg.contains(">No data</text>"))
        #expect(svg.contains(">100 %</text>"))
        #expect(svg.contains(">0.79</text>"))
    }

    @Test("every SVG in the page is well-formed XML")
    func svgWellFormed() throws {
        for html in [Self.briefing.html(), BriefingSample.briefing.html()] {
            let fragments = Self.svgFragments(html)
            #expect(fragments.count >= 3)
            for fragment in fragments { try Self.expectWellFormed(fragment) }
        }
    }

    @Test("odd input still gives a well-formed page: nothing to chart, NaN, negative values, empty briefing")
    func oddInput() throws {
        let odd = Briefing(
            title: "",
            sections: [
                BriefingSection(
                    title: "Edge cases",
                    blocks: [
                        .chart(.bars(BarChart(title: "Empty", axisLabel: "x", bars: [], caption: "", citations: []))),
                        .chart(
                            .bars(
                                BarChart(
                                    title: "Odd", axisLabel: "change, %",
                                    bars: [
                                        .init("NaN", value: .nan), .init("Fall", value: -12), .init(String(repeating: "Long ", count: 40), value: 3),
                                    ],
                                    thresholds: [.init("Outside the axis", at: 500)], axisRange: 0...0, caption: "", citations: []))),
                        .chart(
                            .stackedBars(StackedBarChart(title: "None", axisLabel: "%", bars: [.init("x", segments: [])], caption: "", citations: []))
                        ),
                        .chart(.matrix(MatrixChart(title: "Empty", columns: [], rows: [], scaleLabel: "", caption: "", citations: []))),
                        .table(ReportTable(title: "No rows", columns: [])),
                        .bullets([]),
                    ])
            ])
        let html = odd.html()
        #expect(!html.contains("nan\""))
        for fragment in Self.svgFragments(html) { try Self.expectWellFormed(fragment) }
        #expect(odd.markdown().contains("(no data)"))
        #expect(Briefing(title: "Nothing").html().contains("<h1>Nothing</h1>"))
        #expect(Briefing(title: "Nothing").markdown() == "# Nothing\n")
    }

    @Test("same briefing, same bytes")
    func deterministic() {
        #expect(Self.briefing.html() == Self.briefing.html())
        #expect(Self.briefing.markdown() == Self.briefing.markdown())
        #expect(BriefingSample.briefing.html() == BriefingSample.briefing.html())
    }

    @Test("axis ticks fall on round values")
    func axisTicks() {
        #expect(AxisScale(covering: [0, 87], fixed: nil).ticks == [0, 20, 40, 60, 80, 100])
        #expect(AxisScale(covering: [0.63], fixed: nil).ticks == [0, 0.2, 0.4, 0.6000000000000001, 0.8])
        #expect(AxisScale(covering: [0.63], fixed: nil).tickDecimals == 1)
        #expect(AxisScale(covering: [-12, 30], fixed: nil).ticks == [-20, -10, 0, 10, 20, 30])
        #expect(AxisScale(covering: [], fixed: 0...100, targetTicks: 4).ticks == [0, 25, 50, 75, 100])
        #expect(AxisScale(covering: [1_234_567], fixed: nil).ticks.last == 1_250_000)
    }

    @Test("labels wrap at spaces and are cut with an ellipsis when too long")
    func labelWrapping() {
        let lines = TextMetrics.wrap("Rare earths (compounds and metals, including scandium and yttrium)", width: 150, fontSize: 12, maxLines: 2)
        #expect(lines.count == 2)
        #expect(lines[0] == "Rare earths (compounds")
        #expect(lines[1].hasSuffix("…"))
        #expect(lines.allSatisfy { TextMetrics.width($0, fontSize: 12) <= 150 })
        #expect(TextMetrics.wrap("Gallium", width: 150, fontSize: 12, maxLines: 2) == ["Gallium"])
        #expect(TextMetrics.fitted("Supercalifragilistic", width: 40, fontSize: 12).hasSuffix("…"))
    }

    @Test("value labels keep three significant digits of the largest figure unless told otherwise")
    func valueLabels() {
        var chart = BarChart(
            title: "t", axisLabel: "a", bars: [.init("x", value: 0.45231), .init("y", amount: .range(0.1, 0.26))], caption: "c", citations: [])
        #expect(chart.bars.map(chart.valueText) == ["0.452", "0.1–0.26"])
        chart.decimals = 1
        #expect(chart.bars.map(chart.valueText) == ["0.5", "0.1–0.3"])
        #expect(ChartNumber.decimals(forLargest: [1234.5, 3]) == 0)
        #expect(ChartNumber.decimals(forLargest: [45.6]) == 1)
    }

    @Test("the sequential scale darkens with the value, and cell text keeps its contrast")
    func sequentialScale() {
        #expect(ChartPalette.sequential(0) == "#FFF7EC")
        #expect(ChartPalette.sequential(1) == "#7F0000")
        #expect(ChartPalette.sequential(-3) == "#FFF7EC")
        #expect(ChartPalette.text(on: ChartPalette.sequential(0.1)) == ChartPalette.ink)
        #expect(ChartPalette.text(on: ChartPalette.sequential(0.9)) == "#FFFFFF")
        #expect(ChartPalette.text(on: "#0072B2") == "#FFFFFF")
    }

    @Test("the realistic sample renders every block; set CRITMIN_BRIEF_SAMPLE_DIR to keep its HTML and Markdown")
    func realisticSample() throws {
        let briefing = BriefingSample.briefing
        #expect(briefing.unresolvedCitations.isEmpty)
        let html = briefing.html()
        let markdown = briefing.markdown()
        #expect(html.components(separatedBy: "<figure class=\"chart\"").count - 1 == 4)
        #expect(markdown.contains("**Figure 4. Illustrative composite exposure score with sensitivity range**"))
        if let directory = ProcessInfo.processInfo.environment["CRITMIN_BRIEF_SAMPLE_DIR"] {
            try html.write(toFile: directory + "/critmin-brief-sample.html", atomically: true, encoding: .utf8)
            try markdown.write(toFile: directory + "/critmin-brief-sample.md", atomically: true, encoding: .utf8)
        }
    }

    // MARK: Helpers

    static func svgFragments(_ html: String) -> [String] {
        html.components(separatedBy: "<svg ").dropFirst().map { "<svg " + $0.components(separatedBy: "</svg>")[0] + "</svg>" }
    }

    static func expectWellFormed(_ xml: String, sourceLocation: Testing.SourceLocation = #_sourceLocation) throws {
        let parser = XMLParser(data: Data(xml.utf8))
        let parsed = parser.parse()
        #expect(parsed, "\(String(describing: parser.parserError)) in \(xml.prefix(200))", sourceLocation: sourceLocation)
    }
}

extension Array {
    fileprivate subscript(safe index: Int) -> Element? { indices.contains(index) ? self[index] : nil }
}
