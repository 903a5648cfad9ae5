import CritMinCore
import Foundation

/// NRCan's bilingual list of the top 100 mineral exploration projects of Canada by exploration spending (Open Government
/// Licence – Canada), as downloaded by the MetalliCan authors (`../shared/data/deposits/nrcan-top100-exploration`).
/// The list gives a project's name, province and commodity group only: no coordinates, owner, stage or the spending
/// itself (its rank aside), and its year is not recorded. Every row must read, or none is returned.
public struct NRCanTop100ExplorationSites: Sendable {
    public static let columns = ["OBJECTID", "Project Name / Nom du projet", "Province / Territory", "Commodity Group"]

    /// The year of the list, when known; without one the list never outranks a dated source on kind or stage.
    public var asOf: Int?

    public init(asOf: Int? = nil) { self.asOf = asOf }

    /// The projects of the file, each citing `citation`, without a location; record ids are the list's object ids.
    public func read(_ url: URL, catalogue: Catalogue, citation: CitationID) throws(CritMinError) -> [SiteRecord] {
        var table = try CSVTable(url: url, required: Self.columns)
        let commodities = SiteCommodities(catalogue: catalogue, symbols: false)
        var records: [SiteRecord] = []
        while let row = try table.next() {
            let subdivision = try row.province("Province / Territory")
            let (found, unresolved) = commodities.resolve(try row.required("Commodity Group"))
            records.append(
                SiteRecord(
                    citation: citation, recordID: try row.required("OBJECTID"), name: try row.required("Project Name / Nom du projet"),
                    kind: .project, location: nil, country: .canada, subdivision: subdivision, commodities: found,
                    unresolvedCommodities: unresolved, asOf: asOf))
        }
        return records
    }
}
