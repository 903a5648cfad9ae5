import CritMinCore
import Foundation

/// Reads ISO 3166-1 (current) and ISO 3166-3 (withdrawn) codes from the iso-codes JSON files
/// (`iso3166-1.json`, and `iso3166-3.json` beside it when present).
public struct ISO3166Importer: Importer {
    public static let kind = "iso3166"
    public static let summary = "ISO 3166-1 countries and ISO 3166-3 withdrawn codes (iso-codes JSON: iso3166-1.json, or its folder)"
    public static let datasetID: DatasetID = "iso-3166"
    static let citation = Citation(
        id: "iso-3166", publisher: "ISO 3166 Maintenance Agency, via the Debian iso-codes project (pycountry 26.2.16)",
        publication: "ISO 3166-1 and ISO 3166-3 country codes", edition: "iso-codes as packaged in pycountry 26.2.16",
        licence: "LGPL-2.1 (iso-codes data)")

    private struct Entry: Decodable {
        var alpha_2: String?
        var alpha_3: String
        var numeric: String?
        var name: String
        var official_name: String?
        var common_name: String?
        var withdrawal_date: String?
    }

    public init() {}

    public func read(_ source: URL, catalogue: Catalogue) throws(CritMinError) -> ImportBatch {
        let isFolder = (try? source.resourceValues(forKeys: [.isDirectoryKey]).isDirectory) ?? false
        let current = isFolder ? source.appendingPathComponent("iso3166-1.json") : source
        let withdrawnFile = current.deletingLastPathComponent().appendingPathComponent("iso3166-3.json")
        var countries = try entries(current, key: "3166-1").map(country)
        let currentCodes = Set(countries.map(\.code))
        var files = [current]
        if FileManager.default.fileExists(atPath: withdrawnFile.path) {
            files.append(withdrawnFile)
            // A withdrawn code that ISO has since reassigned stays with the current country.
            countries += try entries(withdrawnFile, key: "3166-3").map(country).filter { !currentCodes.contains($0.code) }
        }
        return ImportBatch(
            descriptor: DatasetDescriptor(
                id: Self.datasetID, title: "ISO 3166 country codes", kind: Self.kind, owner: "critmin", classification: .public,
                citation: Self.citation.id),
            checksum: try SourceChecksum.sha256(of: files), sourceFiles: files.map(\.lastPathComponent), citations: [Self.citation],
            countries: countries)
    }

    private func entries(_ url: URL, key: String) throws(CritMinError) -> [Entry] {
        let data: Data
        do { data = try Data(contentsOf: url) } catch {
            throw CritMinError(.io, "cannot read file: \(error.localizedDescription)", file: url.path)
        }
        do {
            let document = try JSONDecoder().decode([String: [Entry]].self, from: data)
            guard let entries = document[key] else {
                throw CritMinError(.invalidFormat, "expected a top-level \"\(key)\" array", file: url.lastPathComponent)
            }
            return entries
        } catch let error as CritMinError {
            throw error
        } catch {
            throw CritMinError(.invalidFormat, "not an iso-codes JSON file: \(error)", file: url.lastPathComponent)
        }
    }

    private func country(_ entry: Entry) -> Country {
        var aliases: [CountryAlias] = []
        if let common = entry.common_name { aliases.append(CountryAlias(scheme: "iso", name: common)) }
        return Country(
            code: CountryCode(entry.alpha_3), alpha2: entry.alpha_2, numeric: entry.numeric, name: entry.name,
            officialName: entry.official_name, withdrawn: entry.withdrawal_date, aliases: aliases)
    }
}
