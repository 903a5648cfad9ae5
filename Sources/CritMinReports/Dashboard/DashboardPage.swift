import CritMinAnalysis
import CritMinCore

/// A page of the web dashboard: a document the briefing's writer renders (sections of prose, tables and charts, the
/// numbered sources), with the key facts shown under its title.
public struct DashboardPage: Sendable {
    public var document: Briefing
    /// Label and value pairs shown as a definition list under the title.
    public var facts: [(label: String, value: String)]

    /// A chart with no figure to draw (every figure withheld, say) becomes its data table, so a page never shows an
    /// empty chart.
    public init(document: Briefing, facts: [(label: String, value: String)] = []) {
        var document = document
        for index in document.sections.indices {
            document.sections[index].blocks = document.sections[index].blocks.flatMap { block -> [BriefingBlock] in
                guard case .chart(let chart) = block, !chart.drawsFigures else { return [block] }
                var table = chart.dataTable
                table.notes.append(chart.caption)
                return [
                    .paragraph([.text("\(chart.title): no figure to draw; the source gives these."), .figure("", citations: chart.citations)]),
                    .table(table),
                ]
            }
        }
        self.document = document
        self.facts = facts
    }
}

/// Where the dashboard's pages are, so that every builder links the same way.
public enum DashboardLink {
    public static func commodity(_ id: CommodityID) -> String { "/commodities/" + id.rawValue }
    public static func country(_ code: CountryCode) -> String { "/countries/" + code.rawValue }
    public static func scenario(_ file: String) -> String { "/scenarios/" + file }
    public static let assessment = "/assessment"
    public static let partnership = "/partnership"
    public static let datasets = "/datasets"
}

/// The three assessments the dashboard's pages share: the United States, Canada and both together, each over its own
/// newest critical-mineral lists, every method, without draws. Computing them is most of the cost of a page, so the
/// server keeps them per data generation and reader.
public struct DashboardAssessments: Sendable {
    public var unitedStates: EconomyAssessment
    public var canada: EconomyAssessment
    public var both: EconomyAssessment

    /// The one for `economy` ("USA", "CAN" or "USA+CAN").
    public func assessment(for economy: Economy) -> EconomyAssessment? {
        switch economy.members {
        case [.unitedStates]: unitedStates
        case [.canada]: canada
        case [.unitedStates, .canada], [.canada, .unitedStates]: both
        default: nil
        }
    }

    var all: [EconomyAssessment] { [unitedStates, canada, both] }
}

extension ReportBuilder {
    /// The shared assessments (see ``DashboardAssessments``).
    public func dashboardAssessments(year: Int? = nil) async throws -> DashboardAssessments {
        let economies = [Economy(members: [.unitedStates]), Economy(members: [.canada]), Economy(members: [.unitedStates, .canada])]
        let assessed = try await assessments(for: economies, options: AssessmentOptions(year: year))
        return DashboardAssessments(unitedStates: assessed[0], canada: assessed[1], both: assessed[2])
    }

    /// A cell naming a commodity, linked to its page.
    func commodityCell(_ commodity: Commodity) -> Cell {
        Cell(commodity.name, json: .string(commodity.id.rawValue), link: DashboardLink.commodity(commodity.id))
    }

    /// A cell naming a country, linked to its page when the catalogue knows it.
    func countryCell(_ code: CountryCode) -> Cell {
        Cell(name(of: .country(code)), json: .string(code.rawValue), link: catalogue.countries[code] == nil ? nil : DashboardLink.country(code))
    }

    /// The sources a page cites, resolved from the store, with the methods' own publications.
    func pageSources(_ ids: Set<CitationID>) async throws -> [Citation] {
        var sources = Array(try await store.citations(ids).values)
        let methods = [GeoPolRiskMethod.citation, EUCriticalityMethod.citation, USGSSupplyRiskMethod.citation]
        sources += methods.filter { ids.contains($0.id) && !sources.map(\.id).contains($0.id) }
        return sources.sorted { $0.id < $1.id }
    }
}
