import CritMinCore
import Foundation

/// Reads the USGS Mineral Commodity Summaries as transcribed per chapter into four CSV files: `commodities.csv` (one row
/// per chapter: units note, latest year, domestic use text), `world_production.csv`, `salient_stats.csv` and
/// `import_sources.csv` (see the folder's SOURCE.txt for how they were made).
///
/// It produces, per chapter, with one citation per chapter and table:
/// - world production, capacity and reserves by country (`…/world`): what each table measures, at which stage and in
///   which unit is decided per chapter in `Reference/usgs-world-tables.csv`. Reserves and capacity are printed once per
///   country but the transcription repeats them on both year rows: each is imported once, dated to the latest year.
/// - U.S. salient statistics (`…/salient`): production, trade, consumption, stocks, prices, employment, stockpile
///   shipments and net import reliance, by year, the section title kept in the label.
/// - import sources with their shares (`…/import-sources`), ranked as listed.
/// - end-use shares read from the domestic use text by ``EndUseParser`` (`…/end-uses`).
///
/// Figures are read from the verbatim text the PDF printed (`*_raw`, `raw`), so that "W", ">95", "—" and ranges stay what
/// they are; the parsed number columns are used only where no text exists (sub-metal rows). Extraction artifacts are
/// corrected only where `Reference/usgs-corrections.csv` and `Reference/usgs-salient-rows.csv` list them.
public struct USGSMineralCommoditySummariesImporter: Importer {
    public static let kind = "usgs-mcs"
    public static let summary =
        "USGS Mineral Commodity Summaries: world production and reserves, U.S. salient statistics, import sources, end uses "
        + "(a folder with commodities.csv, world_production.csv, salient_stats.csv, import_sources.csv)"
    /// The files the folder must hold.
    public static let fileNames = ["commodities.csv", "world_production.csv", "salient_stats.csv", "import_sources.csv"]
    static let publisher = "U.S. Geological Survey"
    static let licence = "Public domain (U.S. Government work)"

    public init() {}

    public func read(_ source: URL, catalogue: Catalogue) throws(CritMinError) -> ImportBatch {
        let reference = try USGSReference.shipped()
        let urls = Self.fileNames.map { source.appendingPathComponent($0) }
        let transcriptionURL = source.appendingPathComponent("SOURCE.txt")
        let transcription = try USGSTranscription(url: transcriptionURL)
        let edition = try USGSEdition(url: urls[0], catalogue: catalogue, reference: reference)
        var citations = USGSCitations(edition: edition, transcription: transcription)
        var observations = try readWorldProduction(urls[1], edition: edition, catalogue: catalogue, reference: reference, citations: &citations)
        observations += try readSalientStatistics(urls[2], edition: edition, catalogue: catalogue, reference: reference, citations: &citations)
        observations += try readImportSources(urls[3], edition: edition, catalogue: catalogue, reference: reference, citations: &citations)
        observations += endUses(edition: edition, citations: &citations)
        let files = urls + (transcription == nil ? [] : [transcriptionURL])
        return ImportBatch(
            descriptor: DatasetDescriptor(
                id: edition.datasetID, title: "USGS Mineral Commodity Summaries \(edition.year)", kind: Self.kind, owner: "critmin",
                classification: .public, citation: citations.publicationID),
            checksum: try SourceChecksum.sha256(of: files), sourceFiles: files.map(\.lastPathComponent), citations: citations.all,
            observations: observations)
    }

    /// End-use shares of each chapter, from its domestic use text, dated to the chapter's latest year.
    private func endUses(edition: USGSEdition, citations: inout USGSCitations) -> [Observation] {
        edition.chapters.flatMap { chapter in
            let shares = EndUseParser.parse(chapter.domesticUse)
            guard !shares.isEmpty else { return [Observation]() }
            let citation = citations.cite(chapter, .endUses)
            return shares.map { share in
                Observation(
                    commodity: chapter.commodity, measure: .endUseShare, area: share.isGlobal ? .world : .country(.unitedStates),
                    period: Period(chapter.latestYear), label: share.sector, quantity: Quantity(share.amount, unit: .percent, raw: share.text),
                    note: share.isGlobal ? "Global end uses, as the chapter states them." : nil, citation: citation, source: chapter.location)
            }
        }
    }
}

/// One edition of the Mineral Commodity Summaries as `commodities.csv` describes it: its chapters, in file order.
struct USGSEdition {
    /// "MCS 2026".
    let label: String
    let year: Int
    let chapters: [USGSChapter]
    private let chapterBySlug: [String: USGSChapter]

    var datasetID: DatasetID { DatasetID("usgs-mcs-\(year)") }

    /// Reads the chapters, resolving each slug to a commodity of the catalogue.
    /// - Throws: ``CritMinError`` for a missing column, an edition that differs between rows, an unreadable units note or
    ///   latest year, and one `.unknownNames` error listing every slug the catalogue does not know.
    init(url: URL, catalogue: Catalogue, reference: USGSReference) throws(CritMinError) {
        var table = try CSVTable(
            url: url, required: ["slug", "name", "edition", "source_url", "units_note", "latest_year", "domestic_use_summary"])
        var chapters: [USGSChapter] = []
        var edition: (label: String, year: Int)?
        var unknown: [(slug: String, line: Int)] = []
        for row in try table.rows() {
            let label = try row.required("edition")
            guard let year = label.hasPrefix("MCS ") ? Int(label.dropFirst("MCS ".count)) : nil else {
                throw row.error(.invalidValue, "expected an edition like \"MCS 2026\"", column: "edition")
            }
            if let edition, edition.label != label {
                throw row.error(.conflict, "the file mixes editions (\(edition.label) above)", column: "edition")
            }
            edition = (label, year)
            let slug = try row.required("slug")
            guard let commodity = catalogue.commodity(named: slug) else {
                unknown.append((slug, row.line))
                continue
            }
            let latest = try USGSYear(row: row, column: "latest_year")
            let unitsNote = reference.corrections.replacement(file: table.fileName, scope: slug, field: "units_note", verbatim: row["units_note"])?
                .text ?? row["units_note"]
            guard let unit = USGSUnits.chapterUnit(unitsNote: reference.corrections.restoringFormulas(unitsNote)) else {
                throw row.error(.invalidValue,
                    "no unit in the units note (expected \"(Data in metric tons, … content, unless otherwise specified)\"; "
                        + "a chapter without one needs a units_note correction in usgs-corrections.csv)", column: "units_note")
            }
            chapters.append(
                USGSChapter(
                    slug: slug, name: try row.required("name"), commodity: commodity, unit: unit, latestYear: latest.year,
                    latestYearIsEstimate: latest.isEstimate, url: row["source_url"], domesticUse: row["domestic_use_summary"],
                    location: row.location))
        }
        if let first = unknown.first {
            throw CritMinError(.unknownNames,
                "chapter slugs that name no commodity of the catalogue: \(unknown.map { "\($0.slug) (line \($0.line))" }.joined(separator: ", "))",
                file: table.fileName, line: first.line, field: "slug", value: unknown.map(\.slug).joined(separator: "; "))
        }
        guard let edition else { throw CritMinError(.invalidFormat, "the file has no chapters", file: table.fileName, line: 2) }
        self.label = edition.label
        self.year = edition.year
        self.chapters = chapters
        chapterBySlug = Dictionary(chapters.map { ($0.slug, $0) }, uniquingKeysWith: { first, _ in first })
    }

    /// The chapter of a row of another file.
    /// - Throws: ``CritMinError`` `.notFound` naming the row when `commodities.csv` has no such chapter.
    func chapter(of row: CSVRow) throws(CritMinError) -> USGSChapter {
        let slug = try row.required("slug")
        guard let chapter = chapterBySlug[slug] else { throw row.error(.notFound, "no chapter with this slug in commodities.csv", column: "slug") }
        return chapter
    }
}

/// One chapter of the Mineral Commodity Summaries (one commodity).
struct USGSChapter {
    let slug: String
    /// "Cobalt", "Platinum-group metals (grouped)".
    let name: String
    let commodity: CommodityID
    /// The unit of the chapter's quantities, from its units note.
    let unit: MeasureUnit
    /// The last year the chapter reports (2025), and whether its figures are estimates ("2025e").
    let latestYear: Int
    let latestYearIsEstimate: Bool
    let url: String
    let domesticUse: String
    /// The chapter's row in `commodities.csv`.
    let location: SourceLocation

    /// The commodity a row label names when it is a member of the chapter's group ("Palladium" in the platinum-group
    /// metals chapter); otherwise the chapter's commodity.
    func commodity(named label: String?, catalogue: Catalogue) -> CommodityID {
        guard let label, let member = catalogue.commodity(named: label), catalogue.commodities[member]?.parent == commodity else {
            return commodity
        }
        return member
    }
}

/// A USGS year cell: "2025", or "2025e" for an estimate.
struct USGSYear {
    let year: Int
    let isEstimate: Bool

    init(row: CSVRow, column: String) throws(CritMinError) {
        let text = try row.required(column)
        isEstimate = text.hasSuffix("e")
        guard let year = Int(isEstimate ? String(text.dropLast()) : text), (1800...2200).contains(year) else {
            throw row.error(.invalidValue, "not a year (expected 2025 or 2025e)", column: column)
        }
        self.year = year
    }
}

/// How the CSV files were transcribed, from the SOURCE.txt beside them (absent for files taken from elsewhere).
struct USGSTranscription {
    /// "Transcribed from: GitHub repository …, files data/audit/<slug>/data.json (…)."
    private let origin: String
    /// The commit transcribed, per slug.
    private let commits: [String: String]

    init?(url: URL) throws(CritMinError) {
        guard FileManager.default.fileExists(atPath: url.path) else { return nil }
        let text: String
        do { text = try String(contentsOf: url, encoding: .utf8) } catch {
            throw CritMinError(.io, "cannot read file: \(error.localizedDescription)", file: url.path)
        }
        let lines = text.components(separatedBy: .newlines)
        var origin = ""
        if let start = lines.firstIndex(where: { $0.hasPrefix("Transcribed from:") }) {
            let paragraph = lines[start...].prefix { !$0.trimmingCharacters(in: .whitespaces).isEmpty }
                .map { $0.trimmingCharacters(in: .whitespaces) }.joined(separator: " ")
            origin = paragraph.range(of: ". ").map { String(paragraph[..<$0.lowerBound]) + "." } ?? paragraph
        }
        var commits: [String: String] = [:]
        for line in lines {
            let words = line.split(separator: " ", omittingEmptySubsequences: true)
            if words.count >= 2, words[1].count == 40, words[1].allSatisfy(\.isHexDigit) { commits[String(words[0])] = String(words[1]) }
        }
        self.origin = origin
        self.commits = commits
    }

    /// How a chapter's figures reached critmin.
    func note(slug: String) -> String {
        var note = origin.replacingOccurrences(of: "<slug>", with: slug)
        if let commit = commits[slug] { note += " Commit \(commit)." }
        return note
    }
}

/// The tables of a chapter that critmin cites separately.
enum USGSTable {
    case world(title: String, note: String?)
    case salient
    case importSources(period: Period)
    case endUses

    var idSuffix: String {
        switch self {
        case .world: "world"
        case .salient: "salient"
        case .importSources: "import-sources"
        case .endUses: "end-uses"
        }
    }

    var title: String {
        switch self {
        case .world(let title, _): title
        case .salient: "Salient Statistics—United States"
        case .importSources(let period): "Import Sources (\(period))"
        case .endUses: "Domestic Production and Use"
        }
    }
}

/// The citations of one import: the publication, and each chapter table that yields figures, in first-use order.
struct USGSCitations {
    private let edition: USGSEdition
    private let transcription: USGSTranscription?
    private(set) var all: [Citation]
    private var cited: Set<CitationID> = []

    var publicationID: CitationID { CitationID(edition.datasetID.rawValue) }

    init(edition: USGSEdition, transcription: USGSTranscription?) {
        self.edition = edition
        self.transcription = transcription
        let folder = edition.chapters.first.map { URL(string: $0.url)?.deletingLastPathComponent().absoluteString } ?? nil
        all = [
            Citation(
                id: CitationID(edition.datasetID.rawValue), publisher: USGSMineralCommoditySummariesImporter.publisher,
                publication: "Mineral Commodity Summaries \(edition.year)", edition: edition.label, year: edition.year, url: folder,
                licence: USGSMineralCommoditySummariesImporter.licence)
        ]
    }

    /// The citation of a chapter's table, added on first use.
    mutating func cite(_ chapter: USGSChapter, _ table: USGSTable) -> CitationID {
        let id = CitationID("\(edition.datasetID.rawValue)/\(chapter.slug)/\(table.idSuffix)")
        guard cited.insert(id).inserted else { return id }
        var notes = [transcription?.note(slug: chapter.slug)].compactMap { $0 }
        notes.append("Extraction artifacts are corrected only where critmin's Reference/usgs-*.csv files list them.")
        if case .world(_, let note?) = table { notes.append("critmin reads this table as follows: \(note)") }
        all.append(
            Citation(
                id: id, publisher: USGSMineralCommoditySummariesImporter.publisher, publication: "Mineral Commodity Summaries \(edition.year)",
                edition: edition.label, table: "\(chapter.name) — \(table.title)", year: edition.year, url: chapter.url,
                licence: USGSMineralCommoditySummariesImporter.licence, note: notes.joined(separator: " ")))
        return id
    }
}
