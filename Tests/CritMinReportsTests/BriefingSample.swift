import CritMinCore
import CritMinReports

/// A briefing shaped like the real one, for looking at the renderers' output. Net import reliance and import
/// sources are USGS MCS 2026 figures (2025 estimates; import shares 2021–24) as shipped in the default bundle; the
/// composite score in section 4 is made up to exercise intervals and says so.
enum BriefingSample {
    static func usgs(_ commodity: String, _ name: String, table: String, kind: String) -> Citation {
        Citation(
            id: CitationID("usgs-mcs-2026/\(commodity)/\(kind)"), publisher: "U.S. Geological Survey",
            publication: "Mineral Commodity Summaries 2026",
            edition: "MCS 2026", table: "\(name) — \(table)", year: 2026, url: "https://pubs.usgs.gov/periodicals/mcs2026/mcs2026-\(commodity).pdf",
            licence: "Public domain (U.S. Government work)")
    }

    static let commodities: [(id: String, name: String, reliance: Amount, china: String?)] = [
        ("gallium", "Gallium", .value(100), "CHN"), ("graphite", "Graphite (natural)", .value(100), "CHN"),
        ("manganese", "Manganese", .value(100), nil), ("niobium", "Niobium", .value(100), nil),
        ("titanium", "Titanium sponge metal", .value(100), nil),
        ("bismuth", "Bismuth", .value(92), "CHN"), ("antimony", "Antimony", .value(91), "CHN"), ("cobalt", "Cobalt", .value(79), nil),
        ("rare-earths", "Rare earths (compounds and metals)", .value(67), "CHN"), ("germanium", "Germanium", .greaterThan(50), "CHN"),
        ("lithium", "Lithium", .greaterThan(50), nil), ("tungsten", "Tungsten", .greaterThan(50), "CHN"), ("nickel", "Nickel", .value(41), nil),
        ("zinc", "Zinc (ores and concentrates)", .netExporter, nil),
    ]

    static let wgi = Citation(
        id: "wgi-2024", publisher: "World Bank (Kaufmann, D. and A. Kraay)", publication: "Worldwide Governance Indicators, 2024 Update", year: 2024,
        url: "https://www.worldbank.org/en/publication/worldwide-governance-indicators", licence: "CC BY 4.0")
    static let canadaList = Citation(
        id: "critical-mineral-lists/CA-2024", publisher: "Natural Resources Canada", publication: "Canada's Critical Minerals List 2024", year: 2024,
        url: "https://www.canada.ca/en/campaign/critical-minerals-in-canada/critical-minerals-an-opportunity-for-canada.html",
        licence: "Open Government Licence – Canada")

    static func salient(_ id: String) -> CitationID { CitationID("usgs-mcs-2026/\(id)/salient") }
    static func importSources(_ id: String) -> CitationID { CitationID("usgs-mcs-2026/\(id)/import-sources") }

    static var briefing: Briefing {
        let sources =
            commodities.flatMap { [usgs($0.id, $0.name, table: "Salient Statistics—United States", kind: "salient")] }
            + commodities.map { usgs($0.id, $0.name, table: "Import Sources (2021–24)", kind: "import-sources") } + [wgi, canadaList]

        let relianceChart = BarChart(
            title: "US net import reliance, 2025",
            axisLabel: "Net import reliance, % of apparent consumption",
            bars: commodities.map { commodity in
                BarChart.Bar(
                    commodity.name, amount: commodity.reliance, estimated: commodity.reliance.exactValue != nil,
                    category: commodity.china == nil ? "China not among the listed suppliers" : "China among the listed suppliers")
            },
            thresholds: [.init("Majority import-reliant", at: 50), .init("Fully import-reliant", at: 100)],
            axisRange: 0...100,
            caption: "Bars with an arrowhead are lower bounds (USGS \">50\"). Zinc ores and concentrates: net exporter. e = estimate.",
            citations: commodities.map { salient($0.id) })

        let shares: [(String, String, [(String, Double)])] = [
            ("gallium", "Gallium (metal)", [("Canada", 0.28), ("Japan", 0.22), ("China", 0.18), ("Germany", 0.16), ("Other countries", 0.16)]),
            (
                "graphite", "Graphite (natural)",
                [("China", 0.46), ("Canada", 0.13), ("Mozambique", 0.13), ("Mexico", 0.12), ("Other countries", 0.16)]
            ),
            (
                "rare-earths", "Rare earths (compounds and metals)",
                [("China", 0.71), ("Malaysia", 0.13), ("Japan", 0.05), ("Estonia", 0.05), ("Other countries", 0.06)]
            ),
            (
                "cobalt", "Cobalt (metal, oxide and salts)",
                [("Norway", 0.26), ("Finland", 0.16), ("Canada", 0.14), ("Japan", 0.14), ("Other countries", 0.30)]
            ),
            ("nickel", "Nickel (primary)", [("Canada", 0.44), ("Norway", 0.11), ("Australia", 0.08), ("Brazil", 0.07), ("Other countries", 0.30)]),
            ("germanium", "Germanium metal", [("China", 0.41), ("Belgium", 0.27), ("Germany", 0.25), ("Russia", 0.03), ("Other countries", 0.04)]),
            (
                "tungsten", "Tungsten (ores, concentrates and other forms)",
                [("China", 0.26), ("Germany", 0.14), ("Bolivia", 0.08), ("Vietnam", 0.08), ("Other countries", 0.44)]
            ),
            ("bismuth", "Bismuth", [("China", 0.56), ("Korea, Republic of", 0.22), ("Germany", 0.13), ("Other countries", 0.09)]),
        ]
        let sharesChart = StackedBarChart(
            title: "Where US imports come from, 2021–24",
            axisLabel: "Share of US imports, %",
            series: [.init("China"), .init("Canada"), .init("Japan"), .init("Germany"), .init("Norway")] + [.init("Other countries", isOther: true)],
            bars: shares.map { StackedBarChart.Bar($0.1, segments: $0.2.map { StackedBarChart.Segment($0.0, share: $0.1) }) },
            caption: "Share of US import tonnage by country of origin; grey segments are suppliers outside the legend.",
            citations: shares.map { importSources($0.0) })

        let matrixRows: [(id: String, label: String, values: [Double?])] = [
            ("gallium", "Gallium", [1.00, 0.28, 0.18, 0.28]), ("graphite", "Graphite (natural)", [1.00, 0.46, 0.46, 0.13]),
            ("rare-earths", "Rare earths", [0.67, 0.71, 0.71, nil]), ("germanium", "Germanium", [nil, 0.41, 0.41, nil]),
            ("cobalt", "Cobalt", [0.79, 0.26, nil, 0.14]), ("nickel", "Nickel", [0.41, 0.44, nil, 0.44]),
            ("tungsten", "Tungsten", [nil, 0.26, 0.26, nil]),
            ("bismuth", "Bismuth", [0.92, 0.56, 0.56, nil]), ("antimony", "Antimony (oxide)", [0.91, 0.66, 0.66, nil]),
            ("lithium", "Lithium", [nil, 0.54, nil, nil]),
        ]
        let percent = { (value: Double?) in value.map { "\(Int(($0 * 100).rounded())) %" } }
        let matrix = MatrixChart(
            title: "Indicators of US import exposure",
            columns: ["Net import reliance, 2025", "Largest supplier's share of imports", "China's share of imports", "Canada's share of imports"],
            rows: matrixRows.map { row in
                MatrixChart.Row(
                    row.label,
                    entries: row.values.enumerated().map { index, value in
                        // Reliance given only as a bound (">50 %") has no point value to colour.
                        value == nil && index == 0 ? MatrixChart.Entry(nil, text: ">50 %") : MatrixChart.Entry(value, text: percent(value))
                    })
            },
            scaleLabel: "Share, 0–100 % (darker = more exposed)", lowLabel: "0 %", highLabel: "100 %",
            caption: "Hatched cells: no figure (reliance stated only as a bound, or the country not among the listed suppliers).",
            citations: matrixRows.flatMap { [salient($0.id), importSources($0.id)] })

        let composite = BarChart(
            title: "Illustrative composite exposure score with sensitivity range",
            axisLabel: "Score, 0 (low) to 1 (high)",
            bars: [
                .init("Rare earths", value: 0.72, interval: 0.61...0.80), .init("Gallium", value: 0.64, interval: 0.52...0.77),
                .init("Graphite (natural)", value: 0.61, interval: 0.55...0.70), .init("Germanium", value: 0.48, interval: 0.30...0.66),
                .init("Cobalt", value: 0.35, interval: 0.28...0.41), .init("Nickel", value: 0.18, interval: 0.12...0.22),
            ],
            thresholds: [.init("High exposure", at: 0.6)],
            axisRange: 0...1,
            caption: "Made-up figures that exercise the layout: the bar is the central estimate, the whisker the range over method weights.",
            citations: [wgi.id])

        let supplierTable = ReportTable(
            title: "Largest supplier of US imports, selected commodities",
            columns: [Column("Commodity"), Column("Largest supplier"), .figure("Share %"), .figure("Canada %")],
            rows: [
                [Cell("Gallium (metal)"), Cell("Canada"), Cell("28"), Cell("28")],
                [Cell("Graphite (natural)"), Cell("China"), Cell("46"), Cell("13")],
                [Cell("Nickel (primary)"), Cell("Canada"), Cell("44"), Cell("44")], [Cell("Potash"), Cell("Canada"), Cell("79"), Cell("79")],
                [Cell("Rare earths (compounds | metals)"), Cell("China"), Cell("71"), Cell("")],
            ],
            notes: ["Import shares are 2021–24 averages; an empty cell means Canada is not among the listed suppliers."],
            citations: ["U.S. Geological Survey, Mineral Commodity Summaries 2026 (MCS 2026), Import Sources (2021–24)"])

        return Briefing(
            title: "Critical-mineral supply security: United States and Canada",
            subtitle: "United States and Canada · data as of MCS 2026 · generated 2026-11-23",
            summary: [
                .text("The United States relied on imports for all of its "), .strong("gallium, natural graphite, manganese and niobium"),
                .text(" in 2025 ("), .figure("100 %", citations: [salient("gallium"), salient("graphite")]),
                .text(" of apparent consumption), and China supplied "), .figure("71 %", citations: [importSources("rare-earths")]),
                .text(" of its imported rare-earth compounds and metals. Canada is the largest supplier of US nickel ("),
                .figure("44 %", citations: [importSources("nickel")]), .text(") and gallium ("),
                .figure("28 %", citations: [importSources("gallium")]),
                .text(") imports."),
            ],
            sections: [
                BriefingSection(
                    title: "1. Where are we most vulnerable?",
                    blocks: [
                        .paragraph([
                            .text("Of the 14 commodities shown, "), .strong("five"), .text(" are fully import-reliant and three more exceed "),
                            .figure("90 %", citations: [salient("bismuth"), salient("antimony")]),
                            .text(". Reliance on germanium, lithium and tungsten is published only as a bound (“>50 %”)."),
                        ]),
                        .chart(.bars(relianceChart)),
                        .callout(
                            title: "Key finding",
                            body: [
                                .text("China is among the listed suppliers for six of the nine commodities with reliance above 50 % "),
                                .figure("", citations: [importSources("graphite"), importSources("rare-earths")]), .text("."),
                            ]),
                    ]),
                BriefingSection(
                    title: "2. Which countries do we rely on?",
                    blocks: [
                        .paragraph([.text("Import sources differ sharply between commodities <even within one supply chain> & across stages.")]),
                        .chart(.stackedBars(sharesChart)),
                        .table(supplierTable),
                        .bullets([
                            [
                                .text("Canada supplies "), .figure("28 %", citations: [importSources("gallium")]),
                                .text(" of US gallium metal imports, China "),
                                .figure("18 %", citations: [importSources("gallium")]), .text("."),
                            ],
                            [.strong("Allies"), .text(" cover most cobalt imports (Norway, Finland, Canada, Japan).")],
                        ]),
                    ]),
                BriefingSection(title: "3. Exposure at a glance", blocks: [.chart(.matrix(matrix))]),
                BriefingSection(
                    title: "4. How robust is the ranking?",
                    blocks: [
                        .paragraph([.text("Scores move with method weights; whiskers show the range "), .figure("", citations: [wgi.id]), .text(".")]
                        ),
                        .chart(.bars(composite)),
                    ]),
            ],
            sources: sources,
            methodNotes: [
                "Net import reliance is USGS's: imports minus exports plus adjustments for stock changes, as a percentage of apparent consumption.",
                "Import shares are USGS's 2021–24 averages by country of origin, of gross weight unless the table says otherwise.",
                "Bounds (\">50\") are drawn to the bound with an arrowhead and never treated as exact values.",
            ])
    }
}
