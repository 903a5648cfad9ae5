import CritMinCore
import Foundation

/// Reads official critical-mineral lists from a long CSV with one row per list entry: `list_id` ("US_2018"),
/// `jurisdiction` (ISO alpha-2 or alpha-3), `publisher`, `date` (YYYY-MM-DD), `legal_or_official_reference`,
/// `position` and `mineral_as_listed`.
///
/// Each entry as listed is mapped to commodities through critmin's `lists-names.csv` first (explicit mappings with
/// their reasons, such as "Aluminum (bauxite)" → aluminum; bauxite), then through the catalogue's commodity names
/// and aliases. Titles come from `lists-titles.csv`. Each list gets its own citation. The checksum covers both
/// mapping files as well as the source, so that a corrected mapping makes a new version.
public struct CriticalListsImporter: Importer {
    /// The importer kind on the command line.
    public static let kind = "lists"
    /// One line for `critmin import --help`.
    public static let summary = "official critical-mineral lists (critical_mineral_lists_long.csv: one row per list entry)"
    /// The dataset every import of this kind makes a version of.
    public static let datasetID: DatasetID = "critical-mineral-lists"
    static let namesFile = "lists-names.csv"
    static let titlesFile = "lists-titles.csv"
    static let columns = [
        "list_id", "jurisdiction", "publisher", "date", "legal_or_official_reference", "position", "mineral_as_listed",
    ]

    private let referenceFolder: URL?

    /// An importer reading its mapping files from `referenceFolder`.
    /// - Parameter referenceFolder: The folder holding `lists-names.csv` and `lists-titles.csv`; the shipped
    ///   reference folder when `nil`.
    public init(referenceFolder: URL? = nil) {
        self.referenceFolder = referenceFolder
    }

    /// The facts a list's rows must agree on, and the line that first stated them.
    private struct ListHeader {
        var jurisdiction: CountryCode
        var publisher: String
        var date: String
        var reference: String
        var line: Int
    }

    /// Reads the lists of `source` (the long CSV).
    /// - Throws: ``CritMinError`` naming file, line, column and value; all unmapped entries and unknown jurisdictions
    ///   at once (`.unknownNames`); `.conflict` when a list's rows disagree or a position repeats.
    public func read(_ source: URL, catalogue: Catalogue) throws(CritMinError) -> ImportBatch {
        let namesURL = try ReferenceFiles.url(Self.namesFile, in: referenceFolder)
        let titlesURL = try ReferenceFiles.url(Self.titlesFile, in: referenceFolder)
        let explicitNames = try readNames(namesURL, catalogue: catalogue)
        let titles = try readTitles(titlesURL)

        var table = try CSVTable(url: source, required: Self.columns)
        var order: [CriticalListID] = []
        var headers: [CriticalListID: ListHeader] = [:]
        var members: [CriticalListID: [CriticalListMember]] = [:]
        var positionLines: [CriticalListID: [Int: Int]] = [:]
        var unknownJurisdictions = UnknownNames()
        var unmapped = UnknownNames()
        while let row = try table.next() {
            let id = try listID(row)
            let publisher = try row.required("publisher")
            let date = try isoDate(row, "date")
            let reference = try row.required("legal_or_official_reference")
            let jurisdictionText = try row.required("jurisdiction")
            guard let jurisdiction = catalogue.country(named: jurisdictionText) else {
                unknownJurisdictions.add(jurisdictionText, at: "line \(row.line)")
                continue
            }
            if let first = headers[id] {
                try checkAgrees(row, "publisher", publisher, first.publisher, firstLine: first.line)
                try checkAgrees(row, "date", date, first.date, firstLine: first.line)
                try checkAgrees(row, "legal_or_official_reference", reference, first.reference, firstLine: first.line)
                try checkAgrees(row, "jurisdiction", jurisdiction.rawValue, first.jurisdiction.rawValue, firstLine: first.line)
            } else {
                order.append(id)
                headers[id] = ListHeader(jurisdiction: jurisdiction, publisher: publisher, date: date, reference: reference, line: row.line)
            }
            let position = try row.int("position")
            guard position >= 1 else { throw row.error(.invalidValue, "positions start at 1", column: "position") }
            if let earlier = positionLines[id, default: [:]][position] {
                throw row.error(.conflict, "position \(position) of \(id) is already taken on line \(earlier)", column: "position")
            }
            positionLines[id, default: [:]][position] = row.line
            let asListed = try row.required("mineral_as_listed")
            let commodities = explicitNames[Catalogue.nameKey(asListed)] ?? catalogue.commodity(named: asListed).map { [$0] }
            guard let commodities else {
                unmapped.add(asListed, at: "line \(row.line)")
                continue
            }
            members[id, default: []].append(CriticalListMember(position: position, asListed: asListed, commodities: commodities))
        }
        try unknownJurisdictions.check("jurisdictions that are no country in the catalogue", file: table.fileName, field: "jurisdiction")
        try unmapped.check(
            "list entries that map to no commodity (map them in \(Self.namesFile) or add a commodity alias)", file: table.fileName,
            field: "mineral_as_listed")
        guard !order.isEmpty else {
            throw CritMinError(.invalidFormat, "the file has a header but no list entries", file: table.fileName)
        }

        var lists: [CriticalList] = []
        var citations: [Citation] = []
        for id in order {
            let header = headers[id]!
            guard let title = titles[id] else {
                throw CritMinError(.notFound, "list \(id) has no title in \(Self.titlesFile); add one", file: table.fileName, line: header.line,
                    field: "list_id", value: id.rawValue)
            }
            lists.append(
                CriticalList(
                    id: id, jurisdiction: header.jurisdiction, title: title, publisher: header.publisher, date: header.date,
                    reference: header.reference, members: members[id, default: []].sorted { $0.position < $1.position }))
            citations.append(
                Citation(
                    id: Self.citationID(id), publisher: header.publisher, publication: title, year: Int(header.date.prefix(4)),
                    note: "Published \(header.date); legal or official reference: \(header.reference)."))
        }
        let datasetCitation = Citation(
            id: CitationID(Self.datasetID.rawValue), publisher: orderedUnique(lists.map(\.publisher)).joined(separator: "; "),
            publication: "Official critical-mineral lists: \(order.map(\.rawValue).joined(separator: ", "))",
            licence: "Public government information",
            note: "Compiled from the official list texts into \(table.fileName); entries mapped to commodities by \(Self.namesFile).")
        return ImportBatch(
            descriptor: DatasetDescriptor(
                id: Self.datasetID, title: "Official critical-mineral lists", kind: Self.kind, owner: "critmin", classification: .public,
                citation: datasetCitation.id),
            checksum: try SourceChecksum.sha256(of: [source, namesURL, titlesURL]), sourceFiles: [source.lastPathComponent],
            citations: [datasetCitation] + citations, criticalLists: lists)
    }

    /// The citation of one list: "critical-mineral-lists/US-2018".
    public static func citationID(_ list: CriticalListID) -> CitationID {
        CitationID("\(datasetID.rawValue)/\(list.rawValue)")
    }

    /// "US_2018" → "US-2018": letters, an underscore or hyphen, a four-digit year.
    private func listID(_ row: CSVRow) throws(CritMinError) -> CriticalListID {
        let text = try row.required("list_id")
        let parts = text.split(whereSeparator: { $0 == "_" || $0 == "-" })
        guard parts.count == 2, parts[0].allSatisfy(\.isLetter), parts[1].count == 4, parts[1].allSatisfy(\.isASCIIDigit) else {
            throw row.error(.invalidValue, "expected a list id such as US_2018 (jurisdiction, underscore, year)", column: "list_id")
        }
        return CriticalListID("\(parts[0])-\(parts[1])")
    }

    private func isoDate(_ row: CSVRow, _ column: String) throws(CritMinError) -> String {
        let text = try row.required(column)
        let parts = text.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count == 3, parts[0].count == 4, parts[1].count == 2, parts[2].count == 2,
            parts.allSatisfy({ $0.allSatisfy(\.isASCIIDigit) }), let month = Int(parts[1]), let day = Int(parts[2]),
            (1...12).contains(month), (1...31).contains(day)
        else {
            throw row.error(.invalidValue, "expected a date as YYYY-MM-DD", column: column)
        }
        return text
    }

    private func checkAgrees(_ row: CSVRow, _ column: String, _ value: String, _ expected: String, firstLine: Int) throws(CritMinError) {
        guard value == expected else {
            throw row.error(.conflict, "differs from the list's first entry on line \(firstLine) (\"\(expected)\")", column: column,
                value: value)
        }
    }

    /// `lists-names.csv`: as_listed → commodity ids ("aluminum;bauxite"), keyed by name key.
    private func readNames(_ url: URL, catalogue: Catalogue) throws(CritMinError) -> [String: [CommodityID]] {
        var table = try CSVTable(url: url, required: ["as_listed", "commodities", "reason"])
        var names: [String: [CommodityID]] = [:]
        while let row = try table.next() {
            let key = Catalogue.nameKey(try row.required("as_listed"))
            guard names[key] == nil else { throw row.error(.conflict, "this entry is mapped twice", column: "as_listed") }
            let ids = try row.required("commodities").listItems.map(CommodityID.init)
            let unknown = ids.filter { catalogue.commodities[$0] == nil }
            guard unknown.isEmpty else {
                throw row.error(.notFound, "commodity ids not in the catalogue: \(unknown.map(\.rawValue).joined(separator: ", "))",
                    column: "commodities")
            }
            _ = try row.required("reason")
            names[key] = ids
        }
        return names
    }

    private func readTitles(_ url: URL) throws(CritMinError) -> [CriticalListID: String] {
        var table = try CSVTable(url: url, required: ["list_id", "title"])
        var titles: [CriticalListID: String] = [:]
        while let row = try table.next() {
            titles[CriticalListID(try row.required("list_id"))] = try row.required("title")
        }
        return titles
    }

    private func orderedUnique(_ items: [String]) -> [String] {
        var seen = Set<String>()
        return items.filter { seen.insert($0).inserted }
    }
}
