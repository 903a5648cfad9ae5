import CritMinCore
import Foundation

/// The world's mines, deposits and districts of critical minerals of USGS Professional Paper 1802 (Labay and others,
/// 2017, data release doi:10.5066/F7GH9GQR, public domain), as the CSV of the point layer's attributes
/// (`../shared/data/deposits/usgs-pp1802-critical-minerals`). Coordinates are WGS84 (the FGDC metadata); USGS warns
/// they can be 1 to tens of km off. One row per deposit and commodity group, so a deposit can appear more than once.
/// Every row must read, or none is returned.
public struct USGSPP1802Sites: Sendable {
    public static let columns = ["deposit_name", "critical_mineral", "deposit_type", "latitude", "longitude", "location", "location_detail"]

    /// The year the layer describes.
    public var asOf: Int

    public init(asOf: Int = 2017) { self.asOf = asOf }

    /// The deposits of the file, each citing `citation`; record ids are "row:N", N the row's line. Deposits on the
    /// ocean floor ("Pacific Ocean") lie in no country: their record ids are returned apart, as `withoutCountry`.
    public func read(_ url: URL, catalogue: Catalogue, citation: CitationID) throws(CritMinError) -> (
        records: [SiteRecord], withoutCountry: [String]
    ) {
        var table = try CSVTable(url: url, required: Self.columns)
        let commodities = SiteCommodities(catalogue: catalogue, symbols: false)
        var records: [SiteRecord] = []
        var withoutCountry: [String] = []
        while let row = try table.next() {
            let recordID = "row:\(row.line)"
            let place = try row.required("location")
            if place.hasSuffix(" Ocean") {
                withoutCountry.append(recordID)
                continue
            }
            guard let country = catalogue.country(named: place) ?? Self.countries[Catalogue.nameKey(place)] else {
                throw row.error(.unknownNames, "no country in the catalogue has this name", column: "location")
            }
            let (subdivision, subdivisionUnverified) = Self.subdivision(row["location_detail"], in: country)
            let (found, unresolved) = commodities.resolve(try row.required("critical_mineral"))
            let depositType = row["deposit_type"]
            records.append(
                SiteRecord(
                    citation: citation, recordID: recordID, name: try row.required("deposit_name"), kind: .deposit, location: try row.point(),
                    country: country, subdivision: subdivision, commodities: found, unresolvedCommodities: unresolved,
                    depositType: depositType.isEmpty ? nil : depositType, asOf: asOf, unverified: subdivisionUnverified ? [.subdivision] : []))
        }
        return (records, withoutCountry)
    }

    /// The layer's names of countries that the catalogue, after ISO 3166, spells otherwise or misspells; Tibet is China's.
    static let countries: [String: CountryCode] = [
        "democratic republic of the congo": "COD", "england": "GBR", "great britain": "GBR", "french guyana": "GUF", "burkina fasso": "BFA",
        "tibet": "CHN", "macedonia": "MKD",
    ]

    /// The province or state of a Canadian or US row. The field is free text ("Quebec/Labrador", "Coos Bay, Oregon",
    /// "Nova Scotia Province", "NWT", "At Cougar Spar Mine"): a single name gives its subdivision; otherwise the first
    /// part that names one, unverified, or none, unverified.
    static func subdivision(_ text: String, in country: CountryCode) -> (String?, Bool) {
        guard !text.isEmpty, country == .canada || country == .unitedStates else { return (nil, false) }
        let name = text.hasSuffix(" Province") ? String(text.dropLast(" Province".count)) : text
        if let code = Subdivisions.code(of: name, in: country) ?? (country == .canada && name == "NWT" ? "NT" : nil) { return (code, false) }
        let parts = text.split { ",/".contains($0) }.map { $0.trimmingCharacters(in: .whitespaces) }
        return (parts.lazy.compactMap { Subdivisions.code(of: $0, in: country) }.first, true)
    }
}
