import CritMinCore
import Foundation

/// A site source as a dataset: its descriptor and the citation of the publication its records cite. docs/DATA.md, "Sites".
struct SiteSource: Sendable {
    var dataset: DatasetID
    var title: String
    var citation: Citation

    /// The batch of `records` read from `files`: one new version of the dataset whenever the files change.
    func batch(kind: String, records: [SiteRecord], files: [URL], citations: [Citation]? = nil) throws(CritMinError) -> ImportBatch {
        ImportBatch(
            descriptor: DatasetDescriptor(id: dataset, title: title, kind: kind, owner: "critmin", classification: .public, citation: citation.id),
            checksum: try SourceChecksum.sha256(of: files), sourceFiles: files.map(\.lastPathComponent), citations: citations ?? [citation],
            siteRecords: records)
    }
}

/// Files of a folder source, each required: an error names the one missing.
func requiredFiles(_ names: [String], in folder: URL) throws(CritMinError) -> [URL] {
    try names.map { name throws(CritMinError) in
        let url = folder.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else { throw CritMinError(.io, "expected the file \(name) in the folder", file: url.path) }
        return url
    }
}

/// NRCan's critical-minerals projects, mines and processing facilities (`critical_minerals_projects_mines_facilities.csv`).
public struct NRCanCriticalMineralsImporter: Importer {
    public static let kind = "nrcan-critical-minerals"
    public static let summary = "NRCan critical-minerals advanced projects, mines and processing facilities (CSV of the layer's attributes)"
    static let source = SiteSource(
        dataset: "nrcan-critical-minerals", title: "Critical minerals advanced projects, mines and processing facilities in Canada",
        citation: Citation(
            id: "nrcan-critical-minerals-2025", publisher: "Natural Resources Canada, Lands and Minerals Sector",
            publication: "Critical minerals advanced projects, mines and processing facilities in Canada", edition: "spring 2025 download",
            year: 2025, url: "https://open.canada.ca/data/en/dataset/22b2db8a-dc12-47f2-9737-99d3da921751",
            licence: "Open Government Licence – Canada. Contains information licensed under the Open Government Licence – Canada.",
            note: "Attribute table of the layer, as the MetalliCan project downloaded it (github.com/marpellan/metallican_db); WGS84 latitude and longitude of the layer."))

    public init() {}

    public func read(_ source: URL, catalogue: Catalogue) throws(CritMinError) -> ImportBatch {
        let records = try NRCanCriticalMineralsSites().read(source, catalogue: catalogue, citation: Self.source.citation.id)
        return try Self.source.batch(kind: Self.kind, records: records, files: [source])
    }
}

/// NRCan map 900A, 73rd edition: producing mines and metallurgical works in 2023 (a folder with both CSVs).
public struct NRCan900AImporter: Importer {
    public static let kind = "nrcan-900a"
    public static let summary = "NRCan map 900A producing mines and metallurgical works (folder with producing_mines_2023.csv, metallurgical_works_2023.csv)"
    static let source = SiteSource(
        dataset: "nrcan-900a", title: "Principal mineral areas, producing mines (map 900A)",
        citation: Citation(
            id: "nrcan-900a-2023", publisher: "Natural Resources Canada",
            publication: "Principal Mineral Areas, Producing Mines, and Oil and Gas Fields (map 900A)", edition: "73rd edition", table: "producing mines; metallurgical works",
            year: 2023, url: "https://open.canada.ca/data/en/dataset/000183ed-8864-42f0-ae43-c4313a860720",
            licence: "Open Government Licence – Canada. Contains information licensed under the Open Government Licence – Canada.",
            note: "Attributes of the map's layers; no capacity or production figures (those are in the printed legend only)."))

    public init() {}

    public func read(_ source: URL, catalogue: Catalogue) throws(CritMinError) -> ImportBatch {
        let files = try requiredFiles(["producing_mines_2023.csv", "metallurgical_works_2023.csv"], in: source)
        let records = try NRCan900ASites().read(folder: source, catalogue: catalogue, citation: Self.source.citation.id)
        return try Self.source.batch(kind: Self.kind, records: records, files: files)
    }
}

/// MinCan, Canada's productive mines 1950–2022 (`mincan_mines_canada_1950_2022.csv`).
public struct MinCanImporter: Importer {
    public static let kind = "mincan"
    public static let summary = "MinCan past and present productive mines of Canada, 1950–2022 (CSV)"
    static let source = SiteSource(
        dataset: "mincan", title: "MinCan: past and present productive mines of Canada, 1950–2022",
        citation: Citation(
            id: "mincan-2024", publisher: "Scientific Data", publication: "MinCan: past and present productive mines of Canada, 1950–2022",
            edition: "MetalliCan cleaned copy", year: 2024, url: "https://doi.org/10.1038/s41597-024-03116-3", licence: "CC BY 4.0",
            note: "Cleaned by the MetalliCan project (data/cleaned_data/min_can_cleaned_df.csv); successive owners company1…company6, oldest first."))

    public init() {}

    public func read(_ source: URL, catalogue: Catalogue) throws(CritMinError) -> ImportBatch {
        let records = try MinCanSites().read(source, catalogue: catalogue, citation: Self.source.citation.id)
        return try Self.source.batch(kind: Self.kind, records: records, files: [source])
    }
}

/// The USGS deposit datasets for the US and Canada as the MinMod knowledge graph packages them (`usgs_deposit_sites_us_ca.csv`).
public struct USGSMineralSitesImporter: Importer {
    public static let kind = "usgs-minmod"
    public static let summary = "USGS mineral-site datasets for the US and Canada, as packaged by DARPA CriticalMAAS MinMod (CSV)"
    static let source = SiteSource(
        dataset: "usgs-minmod", title: "USGS mineral sites of the United States and Canada (MinMod packaging)",
        citation: Citation(
            id: "usgs-minmod", publisher: "U.S. Geological Survey; DARPA CriticalMAAS (packaging)", publication: "USGS mineral-site datasets (MinMod inputs)",
            edition: "ta2-minmod-data 050de43", year: 2026, url: "https://github.com/DARPA-CRITICALMAAS/ta2-minmod-data",
            licence: "USGS data: public domain. MinMod packaging: MIT licence, Copyright 2023 DARPA-CRITICALMAAS.",
            note: "Each record cites its USGS dataset (ARDF, Earth MRI, PP 1802, major deposits, Ni-Cr-PGE, …); ARDF coordinates converted from NAD27."))

    public init() {}

    public func read(_ source: URL, catalogue: Catalogue) throws(CritMinError) -> ImportBatch {
        let (records, publications) = try USGSMineralSites().read(source, catalogue: catalogue)
        let citations = publications.map { publication in
            Citation(
                id: publication.citation, publisher: "U.S. Geological Survey", publication: publication.title, edition: publication.dataset,
                url: publication.source.hasPrefix("http") ? publication.source : nil, licence: "Public domain (USGS)",
                note: "Read from the MinMod packaging (github.com/DARPA-CRITICALMAAS/ta2-minmod-data, MIT licence); source \(publication.source).")
        }
        return try Self.source.batch(kind: Self.kind, records: records, files: [source], citations: [Self.source.citation] + citations)
    }
}

/// US critical-mineral projects named in White House releases (`us_federal_critical_mineral_projects.csv`).
public struct USFederalProjectsImporter: Importer {
    public static let kind = "us-federal-projects"
    public static let summary = "US critical-mineral projects with federal actions (FAST-41, DOE, DoD, EXIM, Treasury), compiled from White House releases (CSV)"
    static let source = SiteSource(
        dataset: "us-federal-projects", title: "US critical-mineral projects with federal support or expedited permitting",
        citation: Citation(
            id: "us-federal-projects", publisher: "The White House (compiled for critmin's shared data)",
            publication: "Critical-mineral projects named in White House releases, 2022–2026", year: 2026, licence: "Public domain (US Government works)",
            note: "Each action cites its release. Compiler-added states, commodities and every coordinate are marked unverified."))

    public init() {}

    public func read(_ source: URL, catalogue: Catalogue) throws(CritMinError) -> ImportBatch {
        let (records, publications, withoutCountry) = try USFederalProjectSites().read(source, catalogue: catalogue)
        var summary = Self.source.citation
        if !withoutCountry.isEmpty {
            summary.note! += " Rows whose release names no country are not in the register: \(withoutCountry.joined(separator: ", "))."
        }
        let citations = publications.map { publication in
            Citation(
                id: publication.citation, publisher: "The White House", publication: publication.title, edition: publication.date,
                year: Int(publication.date.prefix(4)), url: publication.url, licence: "Public domain (US Government work)")
        }
        return try Self.source.batch(kind: Self.kind, records: records, files: [source], citations: [summary] + citations)
    }
}
