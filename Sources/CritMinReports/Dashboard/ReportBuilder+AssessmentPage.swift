import CritMinAnalysis
import CritMinCore

/// The vulnerability matrix as an HTML table: commodities × indicators, each cell coloured on one sequential scale
/// relative to the column's range, and linked to the commodity's scores, where the components explain it.
public struct HeatMapTable: Sendable {
    public struct Column: Sendable {
        public var key: String
        public var title: String
        /// What the indicator measures, for the column's tooltip.
        public var explanation: String
        /// The page sorted by this column (largest first), keeping the other filters.
        public var sortLink: String
        public var sorted: Bool
    }

    public struct Cell: Sendable {
        public var text: String
        /// Background and text colours; no colour for cells without a figure.
        public var fill: String?
        public var ink: String?
        public var link: String
        public var title: String
    }

    public struct Row: Sendable {
        public var commodity: String
        public var link: String
        public var cells: [Cell]
    }

    public var title: String
    public var columns: [Column]
    public var rows: [Row]
    public var scaleNote: String
}

/// What the matrix shows: for whom, which list, which methods, which supplier, sorted by what.
public struct AssessmentFilter: Sendable, Hashable {
    public var economy: String
    public var list: String?
    public var method: AssessmentMethod?
    /// Only commodities this country supplies at least a tenth of the economy's imports of.
    public var supplier: CountryCode?
    public var sort: String?

    public init(economy: String = "USA+CAN", list: String? = nil, method: AssessmentMethod? = nil, supplier: CountryCode? = nil, sort: String? = nil)
    {
        self.economy = economy
        self.list = list
        self.method = method
        self.supplier = supplier
        self.sort = sort
    }

    /// The page's URL with these filters and `sort` instead of the current one.
    func link(sortedBy sort: String?) -> String {
        var query = ["for=" + economy]
        if let list { query.append("list=" + list) }
        if let method { query.append("method=" + method.rawValue) }
        if let supplier { query.append("supplier=" + supplier.rawValue) }
        if let sort { query.append("sort=" + sort) }
        return DashboardLink.assessment + "?" + query.joined(separator: "&").replacingOccurrences(of: "+", with: "%2B")
    }
}

extension ReportBuilder {
    /// `/assessment`: every commodity of the scope against the indicators of the chosen methods, as a heat map.
    public func assessmentPage(_ assessed: EconomyAssessment, filter: AssessmentFilter) async throws -> (page: DashboardPage, matrix: HeatMapTable) {
        struct Indicator {
            var key: String
            var title: String
            var explanation: String
            var method: AssessmentMethod?
            var value: (CommodityAssessment) -> Double?
            var decimals: Int
            var percent = false
        }
        let component = { (method: AssessmentMethod, key: String) in
            { (assessment: CommodityAssessment) in assessment.scores[method]?.components.first { $0.key == key }?.value }
        }
        let indicators = [
            Indicator(
                key: "eu", title: "EU SR",
                explanation: "EU supply risk: concentration weighted by governance, import reliance, substitution, recycling",
                method: .eu, value: { $0.scores[.eu]?.score }, decimals: 2),
            Indicator(
                key: "eu_ei", title: "EU EI", explanation: "EU economic importance of the end-use sectors", method: .eu,
                value: component(.eu, "eu_ei"), decimals: 1),
            Indicator(
                key: "usgs", title: "USGS SR", explanation: "USGS supply risk: disruption potential × trade exposure × economic vulnerability",
                method: .usgs, value: { $0.scores[.usgs]?.score }, decimals: 3),
            Indicator(
                key: "geopolrisk", title: "GeoPolRisk", explanation: "GeoPolRisk: HHI × import-weighted political instability of suppliers",
                method: .geopolrisk, value: { $0.scores[.geopolrisk]?.score }, decimals: 3),
            Indicator(
                key: "hhi", title: "HHI", explanation: "Herfindahl–Hirschman index of world production at the most concentrated stage (0–10,000)",
                method: nil, value: { $0.topProducer?.hhi }, decimals: 0),
            Indicator(
                key: "top", title: "Top producer %", explanation: "Share of world production of the largest producer", method: nil,
                value: { $0.topProducer?.share }, decimals: 0, percent: true),
            Indicator(
                key: "nir", title: "US NIR %", explanation: "US net import reliance, % of apparent consumption (USGS), range midpoint",
                method: nil, value: { $0.netImportReliance?.interval.midpoint }, decimals: 0, percent: true),
            Indicator(
                key: "concern", title: "Concern %", explanation: "Share of import value from countries of concern (BACI)", method: nil,
                value: { $0.concernShare }, decimals: 0, percent: true),
        ].filter { filter.method == nil || $0.method == nil || $0.method == filter.method }

        var assessments = assessed.assessments
        if let supplier = filter.supplier {
            assessments = assessments.filter { ($0.suppliers.first { $0.supplier == supplier }?.share ?? 0) >= 0.1 }
        }
        if let key = filter.sort, let indicator = indicators.first(where: { $0.key == key }) {
            assessments.sort { (indicator.value($0) ?? -.infinity, $1.commodity.name) > (indicator.value($1) ?? -.infinity, $0.commodity.name) }
        }
        let ranges = indicators.map { indicator -> ClosedRange<Double> in
            let values = assessed.assessments.compactMap(indicator.value).filter(\.isFinite)
            return (values.min() ?? 0)...(values.max() ?? 1)
        }
        let who = assessments.first.map { name(of: $0.economy) } ?? filter.economy
        let rows = assessments.map { assessment in
            HeatMapTable.Row(
                commodity: assessment.commodity.name, link: DashboardLink.commodity(assessment.commodity.id),
                cells: zip(indicators, ranges).map { indicator, range in
                    let link = DashboardLink.commodity(assessment.commodity.id) + "#section-5"
                    guard let value = indicator.value(assessment), value.isFinite else {
                        return HeatMapTable.Cell(
                            text: "—", fill: nil, ink: nil, link: link, title: "\(assessment.commodity.name), \(indicator.title): no figure")
                    }
                    let position = range.upperBound > range.lowerBound ? (value - range.lowerBound) / (range.upperBound - range.lowerBound) : 0.5
                    let fill = ChartPalette.sequential(position)
                    let text = NumberFormat.fixed(indicator.percent ? value * 100 : value, fractionDigits: indicator.decimals)
                    return HeatMapTable.Cell(
                        text: text, fill: fill, ink: ChartPalette.text(on: fill), link: link,
                        title: "\(assessment.commodity.name), \(indicator.title) \(text): \(indicator.explanation)")
                })
        }
        let matrix = HeatMapTable(
            title: "Vulnerability matrix for \(who): \(assessed.scopeTitle)",
            columns: indicators.map {
                HeatMapTable.Column(
                    key: $0.key, title: $0.title, explanation: $0.explanation, sortLink: filter.link(sortedBy: $0.key), sorted: filter.sort == $0.key)
            },
            rows: rows,
            scaleNote: "Colour: each column from its lowest (light) to its highest (dark) value over the scope; higher is more exposed. "
                + "— : the method cannot score it (no trade or production figures).")
        let citations = Set(assessed.assessments.flatMap(\.citations)).union(AssessmentMethod.allCases.map(methodCitation))
        let document = Briefing(
            title: "Vulnerability matrix",
            subtitle: "\(who) · \(assessed.scopeTitle) · \(assessments.count) minerals · \(assessed.assessments.first.map { String($0.year) } ?? "")",
            summary: [
                .text("Rows are minerals in the order of the three methods' mean percentile rank (or the column chosen); each cell links to the "),
                .text("mineral's scores and their components. Figures come from: "), .figure("", citations: citations.sorted()), .text("."),
            ],
            sections: [], sources: try await pageSources(citations), methodNotes: methodNotesText(AssessmentOptions()))
        return (DashboardPage(document: document), matrix)
    }
}
