import CritMinCore
import Foundation

/// critmin's curated knowledge about the USGS Mineral Commodity Summaries, read from the `usgs-*.csv` files shipped in
/// `Sources/CritMinIngest/Reference`: corrections of extraction artifacts, what each world table measures, how salient
/// statistics rows with PDF debris are read, and the DOIs of the data releases.
struct USGSReference: Sendable {
    let corrections: USGSCorrections
    private let worldTables: [TableKey: USGSWorldTable]
    private let salientRows: [SalientKey: USGSSalientRowCorrection]
    private let salientBlocks: [String: [Int: String]]
    private let dataReleases: [Int: USGSDataRelease]

    private struct TableKey: Hashable {
        let slug: String
        let table: String
    }

    private struct SalientKey: Hashable {
        let slug: String
        let section: String
        let subsection: String
        let label: String
    }

    /// The files as shipped with critmin.
    static func shipped() throws(CritMinError) -> USGSReference {
        try USGSReference(
            corrections: USGSCorrections(url: ReferenceFiles.url("usgs-corrections.csv")),
            worldTables: readWorldTables(ReferenceFiles.url("usgs-world-tables.csv")),
            salientRows: readSalientRows(ReferenceFiles.url("usgs-salient-rows.csv")),
            salientBlocks: readSalientBlocks(ReferenceFiles.url("usgs-salient-blocks.csv")),
            dataReleases: readDataReleases(ReferenceFiles.url("usgs-data-releases.csv")))
    }

    private init(
        corrections: USGSCorrections, worldTables: [TableKey: USGSWorldTable], salientRows: [SalientKey: USGSSalientRowCorrection],
        salientBlocks: [String: [Int: String]], dataReleases: [Int: USGSDataRelease]
    ) {
        self.corrections = corrections
        self.worldTables = worldTables
        self.salientRows = salientRows
        self.salientBlocks = salientBlocks
        self.dataReleases = dataReleases
    }

    /// What a chapter's world table (or one of its sub-metal columns) measures.
    func worldTable(slug: String, table: String) -> USGSWorldTable? {
        worldTables[TableKey(slug: slug, table: table)]
    }

    /// How a salient statistics row with PDF debris is read: by its exact section, subsection and label, or by section
    /// and subsection for every label (`*`).
    func salientRow(slug: String, section: String, subsection: String, label: String) -> USGSSalientRowCorrection? {
        salientRows[SalientKey(slug: slug, section: section, subsection: subsection, label: label)]
            ?? salientRows[SalientKey(slug: slug, section: section, subsection: subsection, label: USGSCorrections.anyValue)]
    }

    /// The title of a chapter's n-th salient statistics table (1-based) where the chapter has more than one.
    func salientBlockTitle(slug: String, block: Int) -> String? {
        salientBlocks[slug]?[block]
    }

    /// The data release of an MCS edition (2025).
    func dataRelease(edition: Int) -> USGSDataRelease? {
        dataReleases[edition]
    }

    private static func readWorldTables(_ url: URL) throws(CritMinError) -> [TableKey: USGSWorldTable] {
        var table = try CSVTable(
            url: url, required: ["slug", "table", "measure", "stage", "commodity", "label", "unit", "unit_basis", "reserves_unit", "note"])
        var tables: [TableKey: USGSWorldTable] = [:]
        for row in try table.rows() {
            let key = TableKey(slug: try row.required("slug"), table: try row.required("table"))
            let measureText = try row.required("measure")
            let measure: Measure?
            switch measureText {
            case "skip": measure = nil
            case Measure.production.rawValue: measure = .production
            case Measure.capacity.rawValue: measure = .capacity
            default: throw row.error(.invalidValue, "expected production, capacity or skip", column: "measure")
            }
            let stage = try row["stage"].nilIfEmpty.map { (text: String) throws(CritMinError) -> Stage in
                guard let stage = Stage(rawValue: text) else {
                    throw row.error(.invalidValue, "unknown stage; expected one of \(Stage.allCases.map(\.rawValue).joined(separator: ", "))",
                        column: "stage")
                }
                return stage
            }
            if measure != nil, stage == nil { throw row.error(.missingField, "a stage is required unless the table is skipped", column: "stage") }
            let entry = USGSWorldTable(
                measure: measure, stage: stage, commodity: row["commodity"].nilIfEmpty.map(CommodityID.init), label: row["label"].nilIfEmpty,
                unitSymbol: row["unit"].nilIfEmpty, unitBasis: row["unit_basis"].nilIfEmpty, reservesUnitSymbol: row["reserves_unit"].nilIfEmpty,
                note: row["note"].nilIfEmpty)
            guard tables.updateValue(entry, forKey: key) == nil else { throw row.error(.conflict, "the table is listed twice", column: "table") }
        }
        return tables
    }

    private static func readSalientRows(_ url: URL) throws(CritMinError) -> [SalientKey: USGSSalientRowCorrection] {
        var table = try CSVTable(
            url: url, required: ["slug", "section", "subsection", "label", "new_section", "new_subsection", "new_label", "reason"])
        var rows: [SalientKey: USGSSalientRowCorrection] = [:]
        for row in try table.rows() {
            let key = SalientKey(
                slug: try row.required("slug"), section: row["section"], subsection: row["subsection"], label: try row.required("label"))
            let newSection = try row.required("new_section")
            let correction: USGSSalientRowCorrection
            if newSection == USGSSalientRowCorrection.skipMarker {
                _ = try row.required("reason")
                correction = .skip
            } else {
                let newLabel = try row.required("new_label")
                correction = .read(
                    section: newSection, subsection: row["new_subsection"], label: newLabel == USGSCorrections.anyValue ? nil : newLabel,
                    reason: try row.required("reason"))
            }
            guard rows.updateValue(correction, forKey: key) == nil else { throw row.error(.conflict, "the row is listed twice", column: "label") }
        }
        return rows
    }

    private static func readSalientBlocks(_ url: URL) throws(CritMinError) -> [String: [Int: String]] {
        var table = try CSVTable(url: url, required: ["slug", "block", "title", "reason"])
        var blocks: [String: [Int: String]] = [:]
        for row in try table.rows() {
            let block = try row.int("block")
            guard blocks[try row.required("slug"), default: [:]].updateValue(try row.required("title"), forKey: block) == nil else {
                throw row.error(.conflict, "the block is listed twice", column: "block")
            }
        }
        return blocks
    }

    private static func readDataReleases(_ url: URL) throws(CritMinError) -> [Int: USGSDataRelease] {
        var table = try CSVTable(url: url, required: ["edition", "doi", "version"])
        var releases: [Int: USGSDataRelease] = [:]
        for row in try table.rows() {
            let edition = try row.int("edition")
            releases[edition] = USGSDataRelease(doi: try row.required("doi"), version: row["version"].nilIfEmpty)
        }
        return releases
    }
}

/// What one world table of a chapter measures (`Reference/usgs-world-tables.csv`), decided per chapter from the
/// magnitudes of its figures.
struct USGSWorldTable: Sendable {
    /// `.production` or `.capacity` for the table's main figures; `nil` when the table is skipped (a sub-metal column
    /// that repeats the main column).
    let measure: Measure?
    let stage: Stage?
    /// The commodity of the production and capacity figures when it is not the chapter's (palladium in the platinum-group
    /// metals table); reserves stay with the chapter's commodity.
    let commodity: CommodityID?
    /// The product the figures count ("Refinery production", "Pig iron").
    let label: String?
    /// Unit symbol of production and capacity when it differs from the chapter's units note.
    let unitSymbol: String?
    /// What the figures count when it differs from the chapter's units note ("manganese content").
    let unitBasis: String?
    /// Unit symbol of reserves when it differs from that of production ("kt" for molybdenum).
    let reservesUnitSymbol: String?
    /// Why the table is read this way; shown in the table's citation.
    let note: String?
}

/// How one salient statistics row with PDF debris is read (`Reference/usgs-salient-rows.csv`).
enum USGSSalientRowCorrection: Sendable {
    /// The `new_section` value that drops the row.
    static let skipMarker = "-"

    /// Read the row with this section, subsection and label (`nil`: the row's own label); the reason goes into the
    /// observations' notes.
    case read(section: String, subsection: String, label: String?, reason: String)
    /// Not imported: the row holds no figure critmin can store (the file gives the reason).
    case skip
}

/// A USGS data release: its DOI and, where USGS revised it, the version.
struct USGSDataRelease: Sendable {
    let doi: String
    let version: String?
}
