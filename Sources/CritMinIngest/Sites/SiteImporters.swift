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
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw CritMinError(.io, "expected the file \(name) in the folder", file: url.path)
        }
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
            note:
                "Attribute table of the layer, as the MetalliCan project downloaded it (github.com/marpellan/metallican_db); WGS84 latitude and longitude of the layer."
        ))

    public init() {}

    public func read(_ source: URL, catalogue: Catalogue) throws(CritMinError) -> ImportBatch {
        let records = try NRCanCriticalMineralsSites().read(source, catalogue: catalogue, citation: Self.source.citation.id)
        return try Self.source.batch(kind: Self.kind, records: records, files: [source])
    }
}

/// NRCan map 900A, 73rd edition: producing mines and metallurgical works in 2023 (a folder with both CSVs).
public struct NRCan900AImporter: Importer {
    public static let kind = "nrcan-900a"
    public static let summary =
        "NRCan map 900A producing mines and metallurgical works (folder with producing_mines_2023.csv, metallurgical_works_2023.csv)"
    static let source = SiteSource(
        dataset: "nrcan-900a", title: "Principal mineral areas, producing mines (map 900A)",
        citation: Citation(
            id: "nrcan-900a-2023", publisher: "Natural Resources Canada",
            publication: "Principal Mineral Areas, Producing Mines, and Oil and Gas Fields (map 900A)", edition: "73rd edition",
            table: "producing mines; metallurgical works",
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
            id: "usgs-minmod", publisher: "U.S. Geological Survey; DARPA CriticalMAAS (packaging)",
            publication: "USGS mineral-site datasets (MinMod inputs)",
            edition: "ta2-minmod-data 050de43", year: 2026, url: "https://github.com/DARPA-CRITICALMAAS/ta2-minmod-data",
            licence: "USGS data: public domain. MinMod packaging: MIT licence, Copyright 2023 DARPA-CRITICALMAAS.",
            note:
                "Each record cites its USGS dataset (ARDF, Earth MRI, PP 1802, major deposits, Ni-Cr-PGE, …); ARDF coordinates converted from NAD27.")
    )

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
    public static let summary =
        "US critical-mineral projects with federal actions (FAST-41, DOE, DoD, EXIM, Treasury), compiled from White House releases (CSV)"
    static let source = SiteSource(
        dataset: "us-federal-projects", title: "US critical-mineral projects with federal support or expedited permitting",
        citation: Citation(
            id: "us-federal-projects", publisher: "The White House (compiled for critmin's shared data)",
            publication: "Critical-mineral projects named in White House releases, 2022–2026", year: 2026,
            licence: "Public domain (US Government works)",
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

/// USGS Professional Paper 1802's world deposits of 22 critical minerals (`pp1802_critical_mineral_deposits_world.csv`).
public struct USGSPP1802Importer: Importer {
    public static let kind = "usgs-pp1802"
    public static let summary = "USGS Professional Paper 1802 world mines, deposits and districts of critical minerals (CSV of the point layer)"
    static let source = SiteSource(
        dataset: "usgs-pp1802", title: "Global distribution of selected mines, deposits and districts of critical minerals (PP 1802)",
        citation: Citation(
            id: "usgs-pp1802", publisher: "U.S. Geological Survey (Labay, K., and others)",
            publication: "Global distribution of selected mines, deposits, and districts of critical minerals",
            edition: "data release doi:10.5066/F7GH9GQR",
            year: 2017, url: "https://doi.org/10.5066/F7GH9GQR", licence: "Public domain (U.S. Government work); USGS asks for acknowledgment.",
            note: "Companion to Schulz and others (2017), Professional Paper 1802. Locations may be 1 to tens of km off (regional scale only)."))

    public init() {}

    public func read(_ source: URL, catalogue: Catalogue) throws(CritMinError) -> ImportBatch {
        let (records, withoutCountry) = try USGSPP1802Sites().read(source, catalogue: catalogue, citation: Self.source.citation.id)
        var citation = Self.source.citation
        if !withoutCountry.isEmpty {
            citation.note! += " Deposits on the ocean floor lie in no country and are not in the register: \(withoutCountry.joined(separator: ", "))."
        }
        return try Self.source.batch(kind: Self.kind, records: records, files: [source], citations: [citation])
    }
}

/// USGS lithium deposits of the United States in the USMIN format (a folder with Site.csv, Loc_Pt.csv, Resources.csv, …).
public struct USMINLithiumImporter: Importer {
    public static let kind = "usgs-usmin-lithium"
    public static let summary =
        "USGS lithium deposits in the United States, USMIN format (folder with Site.csv, Loc_Pt.csv, Resources.csv, History.csv, Production.csv)"
    static let source = SiteSource(
        dataset: "usgs-usmin-lithium", title: "Lithium deposits in the United States (USMIN)",
        citation: Citation(
            id: "usgs-usmin-lithium", publisher: "U.S. Geological Survey (Karl, N.A., Mauk, J.L., Reyes, T.A., and Scott, P.C.)",
            publication: "Lithium deposits in the United States", edition: "USMIN, data release doi:10.5066/P9ZKRWQF", year: 2019,
            url: "https://doi.org/10.5066/P9ZKRWQF", licence: "Public domain (U.S. Government work)",
            note: "Data current to 2019 (Thacker Pass appears as Kings Valley). Production figures are totals over the periods stated."))

    public init() {}

    public func read(_ source: URL, catalogue: Catalogue) throws(CritMinError) -> ImportBatch {
        let files = try requiredFiles(["Site.csv", "Loc_Pt.csv", "Resources.csv", "History.csv", "Production.csv"], in: source)
        let records = try USMINLithiumSites().read(folder: source, catalogue: catalogue, citation: Self.source.citation.id)
        return try Self.source.batch(kind: Self.kind, records: records, files: files)
    }
}

/// NRCan's top 100 mineral exploration projects by spending (`top100_exploration_projects.csv`; no coordinates).
public struct NRCanTop100Importer: Importer {
    public static let kind = "nrcan-top100"
    public static let summary = "NRCan top 100 mineral exploration projects by exploration spending (CSV; no coordinates)"
    static let source = SiteSource(
        dataset: "nrcan-top100", title: "Top 100 mineral exploration projects in Canada",
        citation: Citation(
            id: "nrcan-top100", publisher: "Natural Resources Canada", publication: "Top 100 mineral exploration projects (by exploration spending)",
            edition: "vintage not recorded",
            licence: "Open Government Licence – Canada. Contains information licensed under the Open Government Licence – Canada.",
            note:
                "As downloaded by the MetalliCan project; no coordinates or owners; the list's year is not recorded, so no stage or vintage is inferred."
        ))

    public init() {}

    public func read(_ source: URL, catalogue: Catalogue) throws(CritMinError) -> ImportBatch {
        let records = try NRCanTop100ExplorationSites().read(source, catalogue: catalogue, citation: Self.source.citation.id)
        return try Self.source.batch(kind: Self.kind, records: records, files: [source])
    }
}

/// The Canadian deposits of the Critical Minerals Mapping Initiative's ore geochemistry database (`cmmi_canada_deposits.csv`).
public struct CMMICanadaImporter: Importer {
    public static let kind = "cmmi-canada"
    public static let summary = "Critical Minerals Mapping Initiative ore-geochemistry deposits, Canada (CSV of deposits)"
    static let source = SiteSource(
        dataset: "cmmi-canada", title: "Critical Minerals Mapping Initiative deposits, Canada",
        citation: Citation(
            id: "cmmi-canada", publisher: "Geoscience Australia, Geological Survey of Canada, U.S. Geological Survey",
            publication: "Critical Minerals Mapping Initiative (CMMI) critical minerals in ores geochemistry database",
            edition: "GA eCat 145496, Canada subset",
            year: 2021, licence: "CC BY 4.0; attribution to Geoscience Australia, the Geological Survey of Canada and the USGS (CMMI).",
            note: "Deposits aggregated from the samples by the MetalliCan project; assays are not grades and are not read."))

    public init() {}

    public func read(_ source: URL, catalogue: Catalogue) throws(CritMinError) -> ImportBatch {
        let records = try CMMICanadaSites().read(source, catalogue: catalogue, citation: Self.source.citation.id)
        return try Self.source.batch(kind: Self.kind, records: records, files: [source])
    }
}

/// MetalliCan, the database of Canada's metal production activities (a folder with main_table_facilities.csv,
/// reserves_table.csv and production_table.csv): facilities with owners' shares, reserves, resources, capacity and production.
public struct MetalliCanImporter: Importer {
    public static let kind = "metallican"
    public static let summary = "MetalliCan facilities, owners, reserves and production of Canada's metal activities (folder of its CSV tables)"
    static let source = SiteSource(
        dataset: "metallican", title: "MetalliCan: metal-related production activities in Canada",
        citation: Citation(
            id: "metallican", publisher: "Pellan, M., and others (CIRAIG, Polytechnique Montréal)",
            publication: "MetalliCan: database of metal-related production activities in Canada", edition: "Zenodo record 17289399", year: 2025,
            url: "https://zenodo.org/records/17289399", licence: "CC BY 4.0",
            note: "Figures from company reports and NI 43-101 technical reports as MetalliCan compiled them; units kept as the tables give them."))

    public init() {}

    public func read(_ source: URL, catalogue: Catalogue) throws(CritMinError) -> ImportBatch {
        let files = try requiredFiles(["main_table_facilities.csv", "reserves_table.csv", "production_table.csv"], in: source)
        let contents = try MetalliCanSites().read(source, catalogue: catalogue, citation: Self.source.citation.id)
        var citation = Self.source.citation
        // Figures that belong to no one facility stay out of the register, counted here so that nothing is dropped unsaid.
        let groupFigures = contents.groups.reduce(0) { $0 + $1.resources.count + $1.outputs.count }
        if groupFigures > 0 {
            citation.note! +=
                " \(groupFigures) figures reported for whole facility groups (\(contents.groups.count) groups) are not attached to a site."
        }
        let reasons = Dictionary(grouping: contents.setAside, by: \.reason).map { "\($0.value.count) \($0.key.rawValue)" }.sorted()
        if !reasons.isEmpty { citation.note! += " Rows set aside: " + reasons.joined(separator: ", ") + " (docs/DATA.md, \"Sites\")." }
        return try Self.source.batch(kind: Self.kind, records: contents.records, files: files, citations: [citation])
    }
}
