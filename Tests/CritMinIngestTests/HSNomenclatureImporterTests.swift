import CritMinCore
import Foundation
import Testing

@testable import CritMinIngest

@Suite("HS 2022 nomenclature importer")
struct HSNomenclatureImporterTests {
    static let header = "section,hscode,description,parent,level\n"
    static let cobaltRows = """
        V,26,"Ores, slag and ash",TOTAL,2
        V,2605,Cobalt ores and concentrates,26,4
        V,260500,Cobalt ores and concentrates,2605,6

        """

    func read(_ rows: String) throws -> ImportBatch {
        let source = try ReferenceImportFixtures.write(Self.header + rows, named: "hscodes_all.csv")
        return try HSNomenclatureImporter().read(source, catalogue: Catalogue())
    }

    func readError(_ rows: String) throws -> CritMinError {
        try #require(throws: CritMinError.self) { try read(rows) }
    }

    @Test("chapters have no parent; the TOTAL row and chapter 99's TOTAL section are left out")
    func smallFile() throws {
        let batch = try read(
            Self.cobaltRows + """
                TOTAL,99,Commodities not specified according to kind,TOTAL,2
                TOTAL,TOTAL,Total of all HS2022 commodities,TOTAL,5

                """)
        #expect(batch.hsCodes.map(\.code) == ["26", "2605", "260500", "99"])
        #expect(batch.hsCodes[0].parent == nil)
        let subheading = HSCode(code: "260500", description: "Cobalt ores and concentrates", parent: "2605", section: "V", edition: "HS2022")
        #expect(batch.hsCodes[2] == subheading)
        #expect(batch.hsCodes[3].section == nil)
        #expect(batch.recordCount == 4)
        #expect(batch.descriptor.id == "hs-2022")
    }

    @Test("malformed codes, levels, parents and sections name line, field and value")
    func badRows() throws {
        let code = try readError("V,26a,Ores,TOTAL,2\n")
        ReferenceImportFixtures.check(code, .invalidValue, line: 2, field: "hscode", value: "26a")
        let level = try readError("V,2605,Cobalt ores,26,6\n")
        ReferenceImportFixtures.check(level, .invalidValue, field: "level", value: "6")
        let parent = try readError("V,2605,Cobalt ores,27,4\n")
        ReferenceImportFixtures.check(parent, .invalidValue, field: "parent", value: "27")
        #expect(parent.message.contains("26"))
        let section = try readError("5,26,Ores,TOTAL,2\n")
        ReferenceImportFixtures.check(section, .invalidValue, field: "section", value: "5")
        let description = try readError("V,26,,TOTAL,2\n")
        ReferenceImportFixtures.check(description, .missingField, field: "description")
    }

    @Test("a code twice is a conflict; a parent missing from the file is named")
    func inconsistentFiles() throws {
        let duplicate = try readError(Self.cobaltRows + "V,2605,Cobalt ores,26,4\n")
        ReferenceImportFixtures.check(duplicate, .conflict, line: 5, field: "hscode")
        #expect(duplicate.message.contains("line 3"))
        let orphan = try readError("V,2605,Cobalt ores,26,4\n")
        ReferenceImportFixtures.check(orphan, .notFound, line: 2, field: "parent", value: "26")
        let empty = try readError("TOTAL,TOTAL,Total of all HS2022 commodities,TOTAL,5\n")
        #expect(empty.code == .invalidFormat)
    }

    @Test("the real nomenclature: 97 chapters, 1,229 headings, 5,613 subheadings", .enabled(if: SharedData.available))
    func realFile() throws {
        let batch = try HSNomenclatureImporter().read(SharedData.url("hs2022/hscodes_all.csv"), catalogue: Catalogue())
        let counts = Dictionary(grouping: batch.hsCodes, by: \.code.count).mapValues(\.count)
        #expect(counts == [2: 97, 4: 1_229, 6: 5_613])
        // 97 + 1,229 + 5,613 = 6,939 codes: the 6,940 rows less the TOTAL row.
        #expect(batch.recordCount == 6_939)
        let lithiumCarbonate = try #require(batch.hsCodes.first { $0.code == "283691" })
        #expect(lithiumCarbonate.description == "Carbonates; lithium carbonate")
        #expect(lithiumCarbonate.parent == "2836")
        #expect(lithiumCarbonate.section == "VI")
        #expect(batch.hsCodes.first { $0.code == "811241" } != nil, "rhenium's subheading, new in HS 2022")
        // Chapter 99 and its two descendants carry Comtrade's TOTAL section: none.
        #expect(batch.hsCodes.filter { $0.section == nil }.map(\.code) == ["99", "9999", "999999"])
    }
}
