import CritMinCore
import Foundation

/// USGS mineral-site datasets for the United States and Canada as harmonised by DARPA CriticalMAAS MinMod, one row
/// per site (`../shared/data/deposits/usgs-minmod-us-ca`): the Alaska Resource Data File (in NAD27, converted here),
/// Earth MRI sites and the MRData deposit compilations, each its own USGS publication. Every row must read, or none
/// is returned.
public struct USGSMineralSites: Sendable {
    public static let columns = [
        "dataset", "dataset_title", "source_id", "record_id", "name", "site_type", "country", "state_or_province", "latitude", "longitude", "crs",
        "commodities", "deposit_types",
    ]

    /// One USGS dataset the file draws on: the records of each cite it.
    public struct Publication: Hashable, Sendable {
        public var citation: CitationID
        public var dataset: String
        public var title: String
        /// The DOI or URL the file gives.
        public var source: String
    }

    /// The codes of the potash deposits compilation (Orris and others): halite, potash, brine lithium and others.
    static let potashCodes: [String: [CommodityID]] = [
        "K": ["potash"], "HAL": ["salt"], "MG": ["magnesium-compounds"], "LI": ["lithium"], "GYP": ["gypsum"], "NACO": ["soda-ash"],
        "BR": ["bromine"],
    ]

    public init() {}

    /// The records and the publications they cite ("usgs-minmod-ardf", …).
    public func read(_ url: URL, catalogue: Catalogue) throws(CritMinError) -> (records: [SiteRecord], publications: [Publication]) {
        var table = try CSVTable(url: url, required: Self.columns)
        let resolvers = (
            symbols: SiteCommodities(catalogue: catalogue, symbols: true),
            potash: SiteCommodities(catalogue: catalogue, symbols: true, codes: Self.potashCodes)
        )
        var publications: [String: Publication] = [:]
        var records: [SiteRecord] = []
        while let row = try table.next() {
            let dataset = try row.required("dataset")
            let citation = CitationID(rawValue: "usgs-minmod-" + dataset.replacingOccurrences(of: "_", with: "-"))
            if publications[dataset] == nil {
                publications[dataset] = Publication(
                    citation: citation, dataset: dataset, title: try row.required("dataset_title"), source: try row.required("source_id"))
            }
            let country: CountryCode
            switch try row.required("country") {
            case "US": country = .unitedStates
            case "CA": country = .canada
            default: throw row.error(.invalidValue, "expected US or CA", column: "country")
            }
            var unverified: Set<SiteField> = []
            let (subdivision, subdivisionUnverified) = Self.subdivision(row, country)
            if subdivisionUnverified { unverified.insert(.subdivision) }
            let (kind, kindUnverified) = try Self.kind(row)
            if kindUnverified { unverified.insert(.kind) }
            let location = try Self.location(row, country: country, subdivision: subdivision)
            if location != nil && row["crs"].isEmpty { unverified.insert(.location) }
            let recordID = try row.required("record_id")
            let resolver = dataset == "mrdata_potash" ? resolvers.potash : resolvers.symbols
            let (commodities, unresolved) = resolver.resolve(row["commodities"])
            let name = row["name"]
            records.append(
                SiteRecord(
                    citation: citation, recordID: recordID, name: name.isEmpty ? "Unnamed site \(recordID)" : name, kind: kind,
                    location: location, country: country, subdivision: subdivision, commodities: commodities,
                    unresolvedCommodities: unresolved, depositType: row["deposit_types"].isEmpty ? nil : row["deposit_types"],
                    stage: kind == .occurrence && row["site_type"].hasPrefix("Prospect") ? .exploration : nil,
                    unverified: name.isEmpty ? unverified.union([.name]) : unverified))
        }
        return (records, publications.values.sorted { $0.citation < $1.citation })
    }

    /// ARDF's site types ("Mine", "Prospects", "Mine?", "Prospect; Mine"); the compilations give none: their rows are
    /// deposits. A site that is both a mine and a prospect is a mine; a question mark or two types make the kind
    /// unverified.
    static func kind(_ row: CSVRow) throws(CritMinError) -> (SiteKind, Bool) {
        let text = row["site_type"]
        guard !text.isEmpty else { return (.deposit, false) }
        let words = text.lowercased().replacingOccurrences(of: "?", with: " ").split { !$0.isLetter }.filter { $0 != "and" }
        let kinds = Set(
            try words.map { word throws(CritMinError) -> SiteKind in
                switch word {
                case "mine", "mines": return .mine
                case "prospect", "prospects", "occurrence", "occurrences": return .occurrence
                default: throw row.error(.invalidValue, "unknown site type; expected Mine, Prospect or Occurrence", column: "site_type")
                }
            })
        return (kinds.contains(.mine) ? .mine : .occurrence, text.contains("?") || words.count > 1)
    }

    /// The state or province as a postal code. The field is free text in the compilations ("Idaho/Valley County",
    /// "Coos Bay, Oregon", "Ga or Fl", "Alaska?"): the first part that names a subdivision is taken, and anything but
    /// a single clean name leaves it unverified; a field naming none ("At Cougar Spar Mine") gives none, unverified.
    static func subdivision(_ row: CSVRow, _ country: CountryCode) -> (String?, Bool) {
        let text = row["state_or_province"]
        guard !text.isEmpty else { return (nil, false) }
        if !text.contains("?"), let code = Subdivisions.code(of: text, in: country) { return (code, false) }
        let parts = text.replacingOccurrences(of: " or ", with: ";").replacingOccurrences(of: "?", with: "")
            .split { ";,/".contains($0) }.map { $0.trimmingCharacters(in: .whitespaces) }
        let code = parts.lazy.compactMap { Subdivisions.code(of: $0, in: country) ?? misspelt[Catalogue.nameKey($0)] }.first
        return (code, true)
    }

    /// Misspellings the compilations carry.
    static let misspelt = ["minnessota": "MN", "pennsylvnia": "PA"]

    /// WGS84 as given (EPSG:4326, or no CRS stated), NAD27 (EPSG:4267) converted; none when the row has no coordinates.
    static func location(_ row: CSVRow, country: CountryCode, subdivision: String?) throws(CritMinError) -> GeoPoint? {
        guard !row["latitude"].isEmpty || !row["longitude"].isEmpty else { return nil }
        do throws(CritMinError) {
            let latitude = try row.double("latitude")
            let longitude = try row.double("longitude")
            switch row["crs"] {
            case "EPSG:4326", "": return try GeoPoint(latitude: latitude, longitude: longitude)
            case "EPSG:4267":
                return try GeoPoint.fromNAD27(
                    latitude: latitude, longitude: longitude, region: NAD27Region.region(country: country, subdivision: subdivision))
            default: throw row.error(.invalidValue, "unknown coordinate reference system; expected EPSG:4326 or EPSG:4267", column: "crs")
            }
        } catch {
            throw error.located(file: row.fileName, line: row.line)
        }
    }
}
