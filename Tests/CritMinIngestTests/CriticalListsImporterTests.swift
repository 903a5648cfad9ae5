import CritMinCore
import Foundation
import Testing

@testable import CritMinIngest

@Suite("Critical-mineral lists importer")
struct CriticalListsImporterTests {
    static let header = "list_id,jurisdiction,publisher,date,legal_or_official_reference,position,mineral_as_listed\n"
    static let titles = "list_id,title\nUS-2018,Final List of Critical Minerals 2018\n"
    static let names = "as_listed,commodities,reason\nAluminum (bauxite),aluminum;bauxite,metal and ore\n"

    /// Reads `rows` (after the header) against the small catalogue, with the given mapping files.
    func read(_ rows: String, names: String = Self.names, titles: String = Self.titles) throws -> ImportBatch {
        let folder = try ReferenceImportFixtures.temporaryFolder()
        try ReferenceImportFixtures.write(names, named: "lists-names.csv", in: folder)
        try ReferenceImportFixtures.write(titles, named: "lists-titles.csv", in: folder)
        let source = try ReferenceImportFixtures.write(Self.header + rows, named: "lists.csv", in: folder)
        return try CriticalListsImporter(referenceFolder: folder).read(source, catalogue: ReferenceImportFixtures.smallCatalogue())
    }

    func readError(_ rows: String, names: String = Self.names, titles: String = Self.titles) throws -> CritMinError {
        try #require(throws: CritMinError.self) { try read(rows, names: names, titles: titles) }
    }

    static let usRow = "US_2018,US,United States Department of the Interior,2018-05-18,83 FR 23295"

    @Test("a small file: ids, jurisdictions, explicit and catalogue mappings, one citation per list")
    func smallFile() throws {
        let batch = try read("\(Self.usRow),2,Cobalt\n\(Self.usRow),1,Aluminum (bauxite)\n")
        let list = try #require(batch.criticalLists.first)
        #expect(list.id == "US-2018")
        #expect(list.jurisdiction == .unitedStates)
        #expect(list.title == "Final List of Critical Minerals 2018")
        // Members come in list order (by position), whatever the row order.
        #expect(list.members.map(\.asListed) == ["Aluminum (bauxite)", "Cobalt"])
        #expect(list.members[0].commodities == ["aluminum", "bauxite"])
        #expect(list.members[1].commodities == ["cobalt"])
        #expect(batch.citations.map(\.id) == ["critical-mineral-lists", "critical-mineral-lists/US-2018"])
        #expect(batch.citations[1].year == 2018)
        #expect(batch.citations[1].note?.contains("83 FR 23295") == true)
        #expect(batch.recordCount == 2)
    }

    @Test("entries that map to no commodity are reported together, with their lines")
    func unmappedNames() throws {
        let error = try readError("\(Self.usRow),1,Unobtainium\n\(Self.usRow),2,Cobalt\n\(Self.usRow),3,Kryptonite\n")
        #expect(error.code == .unknownNames)
        #expect(error.file == "lists.csv")
        #expect(error.field == "mineral_as_listed")
        #expect(error.message.contains("Unobtainium (line 2); Kryptonite (line 4)"))
    }

    @Test("an unknown jurisdiction is reported")
    func unknownJurisdiction() throws {
        let error = try readError("US_2018,XQ,DOI,2018-05-18,ref,1,Cobalt\n")
        #expect(error.code == .unknownNames)
        #expect(error.field == "jurisdiction")
        #expect(error.message.contains("XQ (line 2)"))
    }

    @Test("malformed list ids, dates and positions name line, field and value")
    func malformedFields() throws {
        let badID = try readError("US2018,US,DOI,2018-05-18,ref,1,Cobalt\n")
        ReferenceImportFixtures.check(badID, .invalidValue, line: 2, field: "list_id", value: "US2018")
        let badDate = try readError("US_2018,US,DOI,18 May 2018,ref,1,Cobalt\n")
        ReferenceImportFixtures.check(badDate, .invalidValue, line: 2, field: "date", value: "18 May 2018")
        let badMonth = try readError("US_2018,US,DOI,2018-13-18,ref,1,Cobalt\n")
        #expect(badMonth.field == "date")
        #expect(badMonth.value == "2018-13-18")
        let badPosition = try readError("US_2018,US,DOI,2018-05-18,ref,first,Cobalt\n")
        ReferenceImportFixtures.check(badPosition, .invalidValue, field: "position", value: "first")
        let zeroPosition = try readError("US_2018,US,DOI,2018-05-18,ref,0,Cobalt\n")
        ReferenceImportFixtures.check(zeroPosition, .invalidValue, field: "position")
        let missingName = try readError("US_2018,US,DOI,2018-05-18,ref,1,\n")
        ReferenceImportFixtures.check(missingName, .missingField, line: 2, field: "mineral_as_listed")
    }

    @Test("a position taken twice is a conflict")
    func duplicatePosition() throws {
        let error = try readError("\(Self.usRow),1,Cobalt\n\(Self.usRow),1,Nickel\n")
        ReferenceImportFixtures.check(error, .conflict, line: 3, field: "position", value: "1")
        #expect(error.message.contains("line 2"))
    }

    @Test("rows of one list must agree on publisher, date and reference")
    func disagreeingRows() throws {
        let error = try readError("\(Self.usRow),1,Cobalt\nUS_2018,US,USGS,2018-05-18,83 FR 23295,2,Nickel\n")
        ReferenceImportFixtures.check(error, .conflict, line: 3, field: "publisher", value: "USGS")
        #expect(error.message.contains("line 2"))
    }

    @Test("a missing column is named")
    func missingColumn() throws {
        let folder = try ReferenceImportFixtures.temporaryFolder()
        try ReferenceImportFixtures.write(Self.names, named: "lists-names.csv", in: folder)
        try ReferenceImportFixtures.write(Self.titles, named: "lists-titles.csv", in: folder)
        let source = try ReferenceImportFixtures.write("list_id,jurisdiction,publisher,date,position,mineral_as_listed\n", named: "lists.csv",
            in: folder)
        let error = try #require(throws: CritMinError.self) {
            try CriticalListsImporter(referenceFolder: folder).read(source, catalogue: ReferenceImportFixtures.smallCatalogue())
        }
        ReferenceImportFixtures.check(error, .missingField, line: 1)
        #expect(error.message.contains("legal_or_official_reference"))
    }

    @Test("a missing mapping file is named")
    func missingMappingFile() throws {
        let folder = try ReferenceImportFixtures.temporaryFolder()
        try ReferenceImportFixtures.write(Self.names, named: "lists-names.csv", in: folder)
        let source = try ReferenceImportFixtures.write(Self.header + "\(Self.usRow),1,Cobalt\n", named: "lists.csv", in: folder)
        let error = try #require(throws: CritMinError.self) {
            try CriticalListsImporter(referenceFolder: folder).read(source, catalogue: ReferenceImportFixtures.smallCatalogue())
        }
        #expect(error.code == .io)
        #expect(error.file?.hasSuffix("lists-titles.csv") == true)
    }

    @Test("a header without entries is refused")
    func emptyFile() throws {
        let error = try readError("")
        #expect(error.code == .invalidFormat)
    }

    @Test("a mapping to an unknown commodity id names the mapping file's line")
    func badMapping() throws {
        let error = try readError("\(Self.usRow),1,Cobalt\n", names: Self.names + "Cobalt,cobalt;kobalt,typo\n")
        ReferenceImportFixtures.check(error, .notFound, file: "lists-names.csv", line: 3, field: "commodities")
        #expect(error.message.contains("kobalt"))
    }

    @Test("a list without a title in lists-titles.csv is refused")
    func missingTitle() throws {
        let error = try readError("CA_2021,CA,NRCan,2021-03-11,CMMP,1,Cobalt\n")
        ReferenceImportFixtures.check(error, .notFound, line: 2, field: "list_id", value: "CA-2021")
    }

    @Test("the real lists: 35, 50, 31 and 34 entries, as SOURCE.txt and the membership matrix say", .enabled(if: SharedData.available))
    func realLists() throws {
        let source = SharedData.url("critical-minerals-lists/critical_mineral_lists_long.csv")
        let batch = try CriticalListsImporter().read(source, catalogue: ReferenceImportFixtures.sharedCatalogue())
        let counts = Dictionary(uniqueKeysWithValues: batch.criticalLists.map { ($0.id.rawValue, $0.members.count) })
        #expect(counts == ["US-2018": 35, "US-2022": 50, "CA-2021": 31, "CA-2024": 34])
        // 35 + 50 + 31 + 34 = 150 entries, the "(150 rows)" of SOURCE.txt.
        #expect(batch.recordCount == 150)
        let sourceText = try String(contentsOf: SharedData.url("critical-minerals-lists/SOURCE.txt"), encoding: .utf8)
        #expect(sourceText.contains("(150 rows)"))
        #expect(sourceText.contains("column sums 35/50/31/34"))

        let lists = Dictionary(uniqueKeysWithValues: batch.criticalLists.map { ($0.id.rawValue, $0) })
        let us2018 = try #require(lists["US-2018"])
        #expect(us2018.jurisdiction == .unitedStates)
        #expect(us2018.date == "2018-05-18")
        #expect(us2018.members[0].asListed == "Aluminum (bauxite)")
        #expect(us2018.members[0].commodities == ["aluminum", "bauxite"])
        let ca2024 = try #require(lists["CA-2024"])
        #expect(ca2024.jurisdiction == .canada)
        #expect(ca2024.reference == "Canada's Critical Minerals List 2024 update (31 from 2021 + high-purity iron, phosphorus, silicon metal)")
        #expect(ca2024.commodities.contains("high-purity-iron"))
        #expect(ca2024.commodities.contains("silicon"))
        let titanium = try #require(lists["US-2022"]?.members.first { $0.asListed == "Titanium" })
        #expect(titanium.commodities == ["titanium", "titanium-mineral-concentrates"])

        let citation = try #require(batch.citations.first { $0.id == CriticalListsImporter.citationID("US-2022") })
        #expect(citation.publisher == "United States Department of the Interior / USGS")
        #expect(citation.publication == "2022 Final List of Critical Minerals")
        #expect(citation.note?.contains("87 FR 10381") == true)
        #expect(batch.citations.count == 5)
    }

    @Test("each list's first commodities match the membership matrix column by column", .enabled(if: SharedData.available))
    func membershipMatrix() throws {
        let batch = try CriticalListsImporter().read(
            SharedData.url("critical-minerals-lists/critical_mineral_lists_long.csv"), catalogue: ReferenceImportFixtures.sharedCatalogue())
        var matrix = try CSVTable(url: SharedData.url("critical-minerals-lists/critical_mineral_membership_matrix.csv"))
        let matrixRows = try matrix.rows()
        #expect(matrixRows.count == 62)
        // The matrix's keys are critmin's commodity ids, with underscores for hyphens, but for these three.
        let keyExceptions: [String: CommodityID] = ["pgm_group": "platinum-group-metals", "ree_group": "rare-earths", "silicon_metal": "silicon"]
        for (listID, column, sum) in [("US-2018", "in_US_2018", 35), ("US-2022", "in_US_2022", 50), ("CA-2021", "in_CA_2021", 31),
            ("CA-2024", "in_CA_2024", 34)]
        {
            let keys = matrixRows.filter { $0[column] == "1" }.map { $0["mineral_key"] }
            let inMatrix = Set(keys.map { keyExceptions[$0] ?? CommodityID($0.replacingOccurrences(of: "_", with: "-")) })
            #expect(inMatrix.count == sum, "column \(column)")
            let list = try #require(batch.criticalLists.first { $0.id.rawValue == listID })
            #expect(Set(list.members.compactMap(\.commodities.first)) == inMatrix, "list \(listID)")
        }
    }

    @Test("re-reading the same file gives the same checksum", .enabled(if: SharedData.available))
    func stableChecksum() throws {
        let source = SharedData.url("critical-minerals-lists/critical_mineral_lists_long.csv")
        let catalogue = try ReferenceImportFixtures.sharedCatalogue()
        let first = try CriticalListsImporter().read(source, catalogue: catalogue)
        let second = try CriticalListsImporter().read(source, catalogue: catalogue)
        #expect(first.checksum == second.checksum)
    }
}
