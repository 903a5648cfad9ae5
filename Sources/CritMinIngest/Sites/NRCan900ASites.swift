import CritMinCore
import Foundation

/// NRCan map 900A, "Principal Mineral Areas, Producing Mines, and Oil and Gas Fields", 73rd edition (2023;
/// open.canada.ca dataset 000183ed-8864-42f0-ae43-c4313a860720, Open Government Licence – Canada): its producing
/// mines and its metallurgical works, as CSVs of the layers' attributes (`../shared/data/deposits/nrcan-900a-2023`).
/// Coordinates are the layers' WGS84 latitude and longitude attributes. Every row of both files must read, or none is
/// returned.
public struct NRCan900ASites: Sendable {
    public static let columns = ["operation_en", "owner_operator_en", "commodities_en", "province_en", "latitude", "longitude"]

    /// The map's reference year.
    public var asOf: Int

    public init(asOf: Int = 2023) { self.asOf = asOf }

    /// The producing mines (`producing_mines_2023.csv`) and metallurgical works (`metallurgical_works_2023.csv`) of
    /// the folder, each citing `citation`. Record ids are "mine:N" and "works:N", N the row's line.
    public func read(folder: URL, catalogue: Catalogue, citation: CitationID) throws(CritMinError) -> [SiteRecord] {
        let commodities = SiteCommodities(catalogue: catalogue, symbols: false)
        var records: [SiteRecord] = []
        for (file, kind) in [("producing_mines_2023.csv", SiteKind.mine), ("metallurgical_works_2023.csv", .processingFacility)] {
            var table = try CSVTable(url: folder.appendingPathComponent(file), required: Self.columns)
            while let row = try table.next() {
                let subdivision = try row.province("province_en")
                let location = try row.point()
                let (found, unresolved) = commodities.resolve(try row.required("commodities_en"))
                let owner = row["owner_operator_en"]
                records.append(
                    SiteRecord(
                        citation: citation, recordID: "\(kind == .mine ? "mine" : "works"):\(row.line)", name: try row.required("operation_en"),
                        kind: kind, location: location, country: .canada, subdivision: subdivision, commodities: found,
                        unresolvedCommodities: unresolved, stage: .production, status: .active,
                        owners: owner.isEmpty ? [] : [SiteOwnership(company: owner, role: .ownerOperator)], asOf: asOf))
            }
        }
        return records
    }
}
