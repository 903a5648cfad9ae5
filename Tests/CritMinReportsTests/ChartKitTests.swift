import CritMinCore
import Foundation
import Testing

@testable import CritMinReports

#if canImport(FoundationXML)
    import FoundationXML
#endif

@Suite("ChartKit: line, histogram and map charts")
struct ChartKitTests {
    static let production = LineChart(
        title: "World production <&>", xAxisLabel: "Year", yAxisLabel: "Mine production, tonnes", xTicks: LineChart.Tick.years(2018...2022),
        series: [
            .init(
                "China <&>",
                points: [
                    .init(x: 2018, value: 100), .init(x: 2019, value: 120), .init(x: 2020, value: 125), .init(x: 2021, value: 130),
                    .init(x: 2022, amount: .value(140), estimated: true),
                ]),
            .init(
                "Congo",
                points: [
                    .init(x: 2018, value: 60), .init(x: 2019, value: 70), .init(x: 2020, amount: .withheld), .init(x: 2021, amount: .greaterThan(50)),
                    .init(x: 2022, amount: .range(40, 60)),
                ]),
        ],
        caption: "Production.", citations: ["usgs/cobalt"])

    static let shortfall = HistogramChart(
        title: "Shortfall <&>", axisLabel: "Shortfall, tonnes", bins: HistogramChart.bins(of: (0..<100).map { Double($0 % 37) * 3 }, count: 12),
        markers: [.init("p5", at: 6), .init("Median", at: 54), .init("p95", at: 57)], caption: "Draws.", citations: [])

    static func square(_ country: CountryCode?, _ name: String, longitude: Double, latitude: Double, size: Double = 10) -> WorldMap.Shape {
        let corners = [(0.0, 0.0), (size, 0), (size, size), (0, size), (0, 0)]
        return WorldMap.Shape(
            country: country, name: name,
            rings: [corners.map { WorldMap.Point(longitude: longitude + $0.0, latitude: latitude + $0.1) }])
    }

    static let world = WorldMap(
        shapes: [
            square("AAA", "Alpha <&>", longitude: -20, latitude: 0), square("BBB", "Beta", longitude: 0, latitude: 0),
            square("CCC", "Gamma", longitude: 20, latitude: 40), square(nil, "Polar", longitude: -30, latitude: -80),
        ],
        citation: Citation(id: "ne", publisher: "Natural Earth", publication: "Admin 0 – Countries"))

    static let shares = MapChart(
        title: "Share of production", scaleLabel: "Share of world production (0–1)",
        regions: [.init("BBB", value: 0.1, text: "10 %"), .init("AAA", value: 0.4, text: "40 %"), .init("DDD", value: nil, text: "W")],
        map: world, highlighted: ["BBB"], scaleMaximum: 0.5, caption: "Shares.", citations: ["ne"])

    @Test("line chart: one polyline per run of exact figures, markers per figure, a gap and no marker for W")
    func lineChart() throws {
        let svg = Chart.line(Self.production).svg(id: "l")
        let document = try Self.document(svg)
        #expect(try Self.count("polyline", in: document) == 2)
        // Two legend keys, five China markers, Congo's two exact figures and its open marker at the bound.
        #expect(try Self.count("polygon", in: document) == 10)
        #expect(svg.contains("<title id=\"l-title\">World production &lt;&amp;&gt;</title>"))
        #expect(svg.contains("<desc id=\"l-desc\">Production."))
        #expect(svg.contains(">Mine production, tonnes</text>") && svg.contains(">Year</text>"))
        #expect((2018...2022).allSatisfy { svg.contains(">\($0)</text>") })
        #expect(svg.contains(">China &lt;&amp;&gt;</text>"))
        #expect(svg.contains("stroke-dasharray=\"6 3\""), "the second series is dashed")

        let table = Chart.line(Self.production).dataTable
        #expect(table.columns.map(\.title) == ["Year", "China <&>", "Congo"])
        #expect(table.rows.map { $0.map(\.text) }[2] == ["2020", "125", "withheld"])
        #expect(table.rows.map { $0.map(\.text) }[3] == ["2021", "130", ">50"])
        #expect(table.rows.map { $0.map(\.text) }[4] == ["2022", "140e", "40–60"])
        #expect(table.notes == ["Figures: Mine production, tonnes.", "e = estimated."])
    }

    @Test("line chart without figures draws its axes and says so")
    func lineChartEmpty() throws {
        for series in [[], [LineChart.Series("Symbols", points: [.init(x: 1, amount: .withheld), .init(x: 2, amount: .notAvailable)])]] {
            let chart = LineChart(title: "None", xAxisLabel: "Month", yAxisLabel: "t", xTicks: [], series: series, caption: "", citations: [])
            let svg = Chart.line(chart).svg(id: "e")
            let document = try Self.document(svg)
            #expect(try Self.count("polyline", in: document) == 0)
            #expect(try Self.count("polygon", in: document) == 0)
            #expect(svg.contains(">No figures to draw</text>"))
            #expect(svg.contains(">Month</text>"))
        }
    }

    @Test("histogram: equal-width bins, one rect per bin, percentile labels on separate lines when close")
    func histogram() throws {
        let bins = HistogramChart.bins(of: (1...10).map(Double.init), count: 3)
        #expect(bins == [.init(lower: 1, upper: 4, count: 3), .init(lower: 4, upper: 7, count: 3), .init(lower: 7, upper: 10, count: 4)])
        #expect(HistogramChart.bins(of: [5, 5, 5], count: 4) == [.init(lower: 5, upper: 5, count: 3)])
        #expect(HistogramChart.bins(of: [], count: 4).isEmpty)
        #expect(HistogramChart.bins(of: [.nan, 2], count: 0).isEmpty)

        let svg = Chart.histogram(Self.shortfall).svg(id: "h")
        let document = try Self.document(svg)
        #expect(try Self.count("rect", in: document) == 12)
        #expect(svg.contains("<title id=\"h-title\">Shortfall &lt;&amp;&gt;</title>") && svg.contains("<desc id=\"h-desc\">"))
        #expect(svg.contains(">Shortfall, tonnes</text>") && svg.contains(">Draws</text>"))
        #expect(svg.components(separatedBy: "stroke-dasharray=\"4 3\"").count - 1 == 3)
        let baselines = ["Median (54)", "p95 (57)"].compactMap { label in
            svg.split(separator: "\n").first { $0.contains(">\(label)</text>") }?.components(separatedBy: "y=\"").dropFirst().first
        }
        #expect(baselines.count == 2 && baselines[0] != baselines[1])

        let table = Chart.histogram(Self.shortfall).dataTable
        #expect(table.rows.count == 12)
        #expect(table.rows.map { Int($0[1].text) ?? 0 }.reduce(0, +) == 100)
        #expect(table.rows[0][0].text == "0–9")
        #expect(table.notes == ["p5: 6.", "Median: 54.", "p95: 57."])
    }

    @Test("histogram without bins, or of one repeated value, still renders")
    func histogramOdd() throws {
        let empty = HistogramChart(title: "None", axisLabel: "t", bins: [], caption: "", citations: [])
        let emptySVG = Chart.histogram(empty).svg(id: "e")
        #expect(try Self.count("rect", in: Self.document(emptySVG)) == 0)
        #expect(emptySVG.contains(">No figures to draw</text>"))
        let single = HistogramChart(title: "One", axisLabel: "t", bins: HistogramChart.bins(of: [7, 7], count: 5), caption: "", citations: [])
        #expect(try Self.count("rect", in: Self.document(Chart.histogram(single).svg(id: "s"))) == 1)
    }

    @Test("Equal Earth: (0, 0) at the centre, ±180° at the map's horizontal extremes, north up")
    func projection() {
        let origin = EqualEarth.project(longitude: 0, latitude: 0)
        #expect(origin.x == 0 && origin.y == 0)
        #expect(abs(EqualEarth.project(longitude: 180, latitude: 0).x - 2.7066) < 1e-3)
        #expect(MapChart.canvasPoint(longitude: 0, latitude: 0).x == SVGCanvas.chartWidth / 2)
        #expect(abs(MapChart.canvasPoint(longitude: -180, latitude: 0).x - SVGCanvas.margin) < 1e-9)
        #expect(abs(MapChart.canvasPoint(longitude: 180, latitude: 0).x - (SVGCanvas.chartWidth - SVGCanvas.margin)) < 1e-9)
        #expect(MapChart.canvasPoint(longitude: 0, latitude: 90).y == SVGCanvas.margin)
        #expect(abs(MapChart.canvasPoint(longitude: 0, latitude: MapChart.southernLimit).y - (SVGCanvas.margin + MapChart.mapHeight)) < 1e-9)
        // Meridians curve in: at 60° N, 180° lies nearer the centre than at the equator.
        #expect(MapChart.canvasPoint(longitude: 180, latitude: 60).x < MapChart.canvasPoint(longitude: 180, latitude: 0).x)
    }

    @Test("map: one path per country north of the cut, tooltips, sequential fill, no-data fill, outline")
    func map() throws {
        let svg = Chart.map(Self.shares).svg(id: "m")
        let document = try Self.document(svg)
        let paths = try Self.elements("path", in: document)
        #expect(paths.count == 3, "the polar shape lies wholly south of the cut")
        #expect(paths.allSatisfy { Self.attribute("fill-rule", of: $0) == "evenodd" })
        #expect(svg.contains("<title>Alpha &lt;&amp;&gt;: 40 %</title>"))
        #expect(svg.contains("<title>Gamma: no data</title>"))
        func attribute(_ attribute: String, ofCountry name: String) -> String? {
            paths.first { $0.stringValue?.hasPrefix(name) ?? false }.flatMap { Self.attribute(attribute, of: $0) }
        }
        #expect(attribute("fill", ofCountry: "Alpha") == ChartPalette.sequential(0.8))
        #expect(attribute("fill", ofCountry: "Gamma") == ChartPalette.noDataFill)
        #expect(attribute("stroke", ofCountry: "Beta") == ChartPalette.ink)
        #expect(attribute("stroke-width", ofCountry: "Beta") == "1.5")
        #expect(attribute("stroke", ofCountry: "Alpha") == "#FFFFFF")
        #expect(paths.last?.stringValue == "Beta: 10 %", "outlined countries are drawn last")
        #expect(attribute("d", ofCountry: "Alpha")?.hasPrefix("M") ?? false)
        #expect(attribute("d", ofCountry: "Alpha")?.hasSuffix("Z") ?? false)
        #expect(svg.contains(">Share of world production (0–1)</text>") && svg.contains(">0.5</text>") && svg.contains(">No data</text>"))
        #expect(svg.contains(">Outlined: Beta</text>"))

        let table = Chart.map(Self.shares).dataTable
        #expect(table.rows.map { $0.map(\.text) } == [["Alpha <&>", "40 %"], ["Beta", "10 %"], ["DDD", "W"]])
        #expect(table.notes.contains("Outlined: Beta."))
    }

    @Test("a 177-country map stays under 150 KB of SVG")
    func mapSize() {
        // Rings of 60 points each, about the detail of simplified 1:110m outlines.
        let shapes = (0..<177).map { index in
            let center = (longitude: Double(index % 20) * 17 - 165, latitude: Double(index / 20) * 14 - 50)
            let ring = (0..<60).map { step in
                let angle = Double(step) / 60 * 2 * .pi
                return WorldMap.Point(longitude: center.longitude + 7 * cos(angle), latitude: center.latitude + 5 * sin(angle))
            }
            return WorldMap.Shape(country: CountryCode(rawValue: "C\(index)"), name: "Country \(index)", rings: [ring])
        }
        let chart = MapChart(
            title: "Size", scaleLabel: "Share",
            regions: (0..<177).map { .init(CountryCode(rawValue: "C\($0)"), value: Double($0) / 177, text: "\($0) %") },
            map: WorldMap(shapes: shapes, citation: Self.world.citation), caption: "", citations: [])
        let bytes = Chart.map(chart).svg(id: "big").utf8.count
        #expect(bytes < 150_000, "\(bytes) bytes")
    }

    @Test("every new chart: same input, same bytes; well-formed inside a briefing's HTML")
    func deterministicAndEmbedded() throws {
        let charts: [Chart] = [.line(Self.production), .histogram(Self.shortfall), .map(Self.shares)]
        for chart in charts { #expect(chart.svg(id: "d") == chart.svg(id: "d")) }
        let briefing = Briefing(title: "Charts", sections: [BriefingSection(title: "All", blocks: charts.map(BriefingBlock.chart))])
        let html = briefing.html()
        #expect(html == briefing.html())
        let fragments = BriefingRenderingTests.svgFragments(html)
        #expect(fragments.count == 3)
        for fragment in fragments { _ = try Self.document(fragment) }
        #expect(briefing.markdown().contains("| Year | China \\<&> | Congo |"))
    }

    // MARK: Helpers

    static func document(_ svg: String) throws -> XMLDocument { try XMLDocument(xmlString: svg) }

    static func elements(_ name: String, in document: XMLDocument) throws -> [XMLElement] {
        try document.nodes(forXPath: "//*[local-name()='\(name)']").compactMap { $0 as? XMLElement }
    }

    /// An attribute's value (FoundationXML's `attribute(forName:)` finds none on elements in the SVG namespace).
    static func attribute(_ name: String, of element: XMLElement) -> String? {
        element.attributes?.first { $0.name == name }?.stringValue
    }

    static func count(_ name: String, in document: XMLDocument) throws -> Int { try elements(name, in: document).count }
}
