import CritMinCore
import Foundation

/// Reads critmin's curated catalogue: commodities with aliases and groups (`commodities.csv`), source-specific
/// country names (`country-aliases.csv`), country codes ISO lacks (`countries-extra.csv`) and country groups
/// (`country-groups.csv`).
///
/// Country aliases need the countries in the catalogue already (import ISO 3166 first).
public struct ReferenceCatalogueImporter: Importer {
    public static let kind = "reference"
    public static let summary = "critmin's curated commodities, aliases and country groups (a folder; default: the shipped one)"
    public static let datasetID: DatasetID = "critmin-reference"

    public init() {}

    /// Reads the reference files shipped with critmin.
    public func readShipped(catalogue: Catalogue) throws(CritMinError) -> ImportBatch {
        try read(try ReferenceFiles.url("commodities.csv").deletingLastPathComponent(), catalogue: catalogue)
    }

    public func read(_ source: URL, catalogue: Catalogue) throws(CritMinError) -> ImportBatch {
        let files = ["commodities.csv", "countries-extra.csv", "country-aliases.csv", "country-groups.csv"]
            .map { source.appendingPathComponent($0) }
        let commodities = try readCommodities(files[0])
        let extraCountries = try readExtraCountries(files[1])
        var known = catalogue
        extraCountries.forEach { known.add($0) }
        let aliased = try readAliases(files[2], catalogue: known)
        let groups = try readGroups(files[3], catalogue: known)
        return ImportBatch(
            descriptor: DatasetDescriptor(
                id: Self.datasetID, title: "critmin reference catalogue", kind: Self.kind, owner: "critmin",
                classification: .public, citation: CritMinCitation.referenceID),
            checksum: try SourceChecksum.sha256(of: files), sourceFiles: files.map(\.lastPathComponent),
            citations: [CritMinCitation.reference], commodities: commodities, countries: extraCountries + aliased,
            countryGroups: groups)
    }

    private func readCommodities(_ url: URL) throws(CritMinError) -> [Commodity] {
        var table = try CSVTable(url: url, required: ["id", "name", "symbol", "kind", "parent", "usgs_chapter", "hs_codes", "aliases"])
        var commodities: [Commodity] = []
        var seen = Set<CommodityID>()
        for row in try table.rows() {
            let id = CommodityID(try row.required("id"))
            guard seen.insert(id).inserted else { throw row.error(.conflict, "commodity id appears twice", column: "id") }
            guard let kind = CommodityKind(rawValue: try row.required("kind")) else {
                throw row.error(.invalidValue, "unknown kind; expected one of \(CommodityKind.allCases.map(\.rawValue).joined(separator: ", "))",
                    column: "kind")
            }
            commodities.append(
                Commodity(
                    id: id, name: try row.required("name"), symbol: row["symbol"].nilIfEmpty, kind: kind,
                    parent: row["parent"].nilIfEmpty.map(CommodityID.init), aliases: row["aliases"].listItems,
                    hsCodes: row["hs_codes"].listItems, usgsChapter: row["usgs_chapter"].nilIfEmpty))
        }
        let ids = Set(commodities.map(\.id))
        for commodity in commodities {
            if let parent = commodity.parent, !ids.contains(parent) {
                throw CritMinError(.notFound, "parent commodity '\(parent)' of '\(commodity.id)' is not in the file", file: url.lastPathComponent,
                    field: "parent", value: parent.rawValue)
            }
        }
        return commodities
    }

    private func readExtraCountries(_ url: URL) throws(CritMinError) -> [Country] {
        var table = try CSVTable(url: url, required: ["code", "alpha2", "numeric", "name"])
        var countries: [Country] = []
        for row in try table.rows() {
            countries.append(
                Country(code: CountryCode(try row.required("code")), alpha2: row["alpha2"].nilIfEmpty, numeric: row["numeric"].nilIfEmpty,
                    name: try row.required("name")))
        }
        return countries
    }

    /// The catalogue's countries with the aliases of the file added.
    private func readAliases(_ url: URL, catalogue: Catalogue) throws(CritMinError) -> [Country] {
        var table = try CSVTable(url: url, required: ["code", "scheme", "name"])
        var updated: [CountryCode: Country] = [:]
        var unknown: [String] = []
        for row in try table.rows() {
            let code = CountryCode(try row.required("code"))
            guard var country = updated[code] ?? catalogue.countries[code] else {
                unknown.append("\(code) (line \(row.line))")
                continue
            }
            let alias = CountryAlias(scheme: try row.required("scheme"), name: try row.required("name"))
            if !country.aliases.contains(alias) { country.aliases.append(alias) }
            updated[code] = country
        }
        guard unknown.isEmpty else {
            throw CritMinError(.unknownNames, "country codes not in the catalogue (import iso3166 first): \(unknown.joined(separator: ", "))",
                file: url.lastPathComponent, field: "code")
        }
        return updated.values.sorted { $0.code < $1.code }
    }

    private func readGroups(_ url: URL, catalogue: Catalogue) throws(CritMinError) -> [CountryGroup] {
        var table = try CSVTable(url: url, required: ["id", "name", "members", "source"])
        var groups: [CountryGroup] = []
        for row in try table.rows() {
            let members = row["members"].listItems.map(CountryCode.init)
            let unknown = members.filter { catalogue.countries[$0] == nil }
            guard unknown.isEmpty else {
                throw row.error(.unknownNames, "unknown country codes: \(unknown.map(\.rawValue).joined(separator: ", "))", column: "members")
            }
            groups.append(
                CountryGroup(id: try row.required("id"), name: try row.required("name"), members: members, source: try row.required("source")))
        }
        return groups
    }
}

extension String {
    /// `nil` for an empty string.
    var nilIfEmpty: String? { isEmpty ? nil : self }

    /// The items of a ";"-separated list field, trimmed, empty items dropped.
    var listItems: [String] {
        split(separator: ";").map { $0.trimmingCharacters(in: .whitespaces) }.filter { !$0.isEmpty }
    }
}
