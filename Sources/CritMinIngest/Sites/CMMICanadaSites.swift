import CritMinCore
import Foundation

/// The Canadian deposits of the Critical Minerals Mapping Initiative's critical minerals in ores database (Geoscience
/// Australia, Geological Survey of Canada and USGS; GA eCat 145496, CC BY 4.0), one row per deposit as aggregated from
/// the samples by the MetalliCan authors (`../shared/data/deposits/cmmi-canada/cmmi_canada_deposits.csv`). Commodities
/// are element symbols ("Cu, Zn, Pb, Ag, Au"); coordinates are taken as WGS84. The deposits' highest assays are left
/// out: a sample's assay is no grade or resource. So are the ore samples themselves, which are specimens of these
/// deposits rather than sites. Every row must read, or none is returned.
public struct CMMICanadaSites: Sendable {
    public static let columns = [
        "deposit_uid", "country", "deposit_name", "deposit_type", "commodities", "province_iso", "latitude", "longitude", "last_updated",
    ]

    public init() {}

    /// The deposits of the file, each citing `citation` and dated by the year its row was last updated; record ids are
    /// the database's deposit ids ("CAN.BC.10000013").
    public func read(_ url: URL, catalogue: Catalogue, citation: CitationID) throws(CritMinError) -> [SiteRecord] {
        var table = try CSVTable(url: url, required: Self.columns)
        let commodities = SiteCommodities(catalogue: catalogue, symbols: true)
        var records: [SiteRecord] = []
        while let row = try table.next() {
            guard try row.required("country") == "CA" else { throw row.error(.invalidValue, "expected CA", column: "country") }
            let updated = try row.required("last_updated")
            guard updated.count == 10, let year = Int(updated.prefix(4)) else {
                throw row.error(.invalidValue, "expected a date as YYYY-MM-DD", column: "last_updated")
            }
            let subdivision = try row.province("province_iso")
            // Minor commodities come in brackets ("Cu, Au (Co, REE)"): listed like the others.
            let symbols = try row.required("commodities").replacingOccurrences(of: " (", with: ", ").replacingOccurrences(of: ")", with: "")
            let (found, unresolved) = commodities.resolve(symbols)
            let depositType = row["deposit_type"]
            records.append(
                SiteRecord(
                    citation: citation, recordID: try row.required("deposit_uid"), name: try row.required("deposit_name"), kind: .deposit,
                    location: try row.point(), country: .canada, subdivision: subdivision, commodities: found, unresolvedCommodities: unresolved,
                    depositType: depositType.isEmpty || depositType == "unknown" ? nil : depositType, asOf: year))
        }
        return records
    }
}
