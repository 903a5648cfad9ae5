import CritMinCore
import Foundation
import Testing

@testable import CritMinIngest

@Suite("Worldwide Governance Indicators importer")
struct WGIImporterTests {
    static let header = "codeindyr,code,countryname,year,indicator,estimate,stddev,nsource,pctrank,pctranklower,pctrankupper\n"

    func read(_ rows: String) throws -> ImportBatch {
        let source = try ReferenceImportFixtures.write(Self.header + rows, named: "wgi_long.csv")
        return try WGIImporter().read(source, catalogue: ReferenceImportFixtures.smallCatalogue())
    }

    func readError(_ rows: String) throws -> CritMinError {
        try #require(throws: CritMinError.self) { try read(rows) }
    }

    @Test("a small file: World Bank codes resolve, '..' rows give no score, missing figures stay empty")
    func smallFile() throws {
        let batch = try read(
            """
            CANrl2023,CAN,Canada,2023,rl,1.4730056524276733,0.16816961765289307,10,90.0943374633789,84.9056625366211,97.16981506347656
            ZARrl2023,ZAR,"Congo, Dem. Rep.",2023,rl,-1.6707361936569214,0.1462191343307495,13,4.716980934143066,1.4150943756103516,7.075471878051758
            ANTcc1996,ANT,Netherlands Antilles (former),1996,cc,0.5,..,..,..,..,..
            USAcc1996,USA,United States,1996,cc,..,..,..,..,..,..

            """)
        // Four rows, one without an estimate: three scores.
        #expect(batch.governance.count == 3)
        #expect(batch.governance.map(\.country) == ["CAN", "COD", "ANT"])
        let congo = batch.governance[1]
        #expect(congo.dimension == .ruleOfLaw)
        #expect(congo.estimate == -1.6707361936569214)
        #expect(congo.sourceCount == 13)
        #expect(congo.source == CritMinCore.SourceLocation(file: "wgi_long.csv", line: 3))
        let antilles = batch.governance[2]
        #expect(antilles.standardError == nil && antilles.sourceCount == nil && antilles.percentileRank == nil)
        #expect(batch.citations.map(\.id) == ["wgi-2024"])
        #expect(batch.citations[0].licence == "CC BY 4.0")
        #expect(batch.recordCount == 3)
    }

    @Test("unknown economies are reported together, each with its lines")
    func unknownEconomies() throws {
        let error = try readError(
            """
            XXXva2023,XXX,Atlantis,2023,va,0.1,0.1,1,50,40,60
            XXXpv2023,XXX,Atlantis,2023,pv,0.1,0.1,1,50,40,60
            YYYva2023,YYY,Lemuria,2023,va,0.1,0.1,1,50,40,60

            """)
        ReferenceImportFixtures.check(error, .unknownNames, file: "wgi_long.csv", field: "code")
        #expect(error.message.contains("XXX Atlantis (line 2, line 3); YYY Lemuria (line 4)"))
    }

    @Test("bad indicators, years and numbers name line, field and value")
    func badFields() throws {
        let indicator = try readError("CANxx2023,CAN,Canada,2023,xx,1,0.1,1,50,40,60\n")
        ReferenceImportFixtures.check(indicator, .invalidValue, line: 2, field: "indicator", value: "xx")
        #expect(indicator.message.contains("va, pv, ge, rq, rl, cc"))
        let year = try readError("CANva2023,CAN,Canada,20x3,va,1,0.1,1,50,40,60\n")
        ReferenceImportFixtures.check(year, .invalidValue, field: "year", value: "20x3")
        let estimate = try readError("CANva2023,CAN,Canada,2023,va,high,0.1,1,50,40,60\n")
        ReferenceImportFixtures.check(estimate, .invalidValue, field: "estimate", value: "high")
        let sources = try readError("CANva2023,CAN,Canada,2023,va,1,0.1,1.5,50,40,60\n")
        ReferenceImportFixtures.check(sources, .invalidValue, field: "nsource", value: "1.5")
    }

    @Test("the same economy, dimension and year twice is a conflict, also through an alias")
    func duplicates() throws {
        let error = try readError(
            """
            CODrl2023,COD,"Congo, Dem. Rep.",2023,rl,-1.6,0.1,13,4,1,7
            ZARrl2023,ZAR,"Congo, Dem. Rep.",2023,rl,-1.6,0.1,13,4,1,7

            """)
        ReferenceImportFixtures.check(error, .conflict, line: 3, field: "code")
        #expect(error.message.contains("line 2"))
    }

    @Test("a missing column and a file without estimates are refused")
    func badFiles() throws {
        let source = try ReferenceImportFixtures.write("code,countryname,year,indicator,estimate\n", named: "wgi_long.csv")
        let missing = try #require(throws: CritMinError.self) {
            try WGIImporter().read(source, catalogue: ReferenceImportFixtures.smallCatalogue())
        }
        #expect(missing.code == .missingField)
        #expect(missing.message.contains("stddev, nsource, pctrank, pctranklower, pctrankupper"))
        let empty = try readError("USAcc1996,USA,United States,1996,cc,..,..,..,..,..,..\n")
        #expect(empty.code == .invalidFormat)
    }

    @Test("the real file: every row with an estimate, all six dimensions, ZAR as COD", .enabled(if: SharedData.available))
    func realFile() throws {
        let source = SharedData.url("wgi/wgi_long.csv")
        let batch = try WGIImporter().read(source, catalogue: ReferenceImportFixtures.sharedCatalogue())
        // 32,100 rows (214 economies × 25 years × 6 indicators) less 1,126 rows whose estimate is "..": 30,974 scores.
        #expect(batch.governance.count == 30_974)
        #expect(batch.recordCount == 30_974)
        #expect(Set(batch.governance.map(\.dimension)) == Set(GovernanceDimension.allCases))
        #expect(Set(batch.governance.map(\.country)).count == 214)
        let years = Set(batch.governance.map(\.year))
        // 1996, 1998, 2000, then every year 2002–2023: 3 + 22 = 25 years.
        #expect(years.count == 25 && years.min() == 1996 && years.max() == 2023)

        // CANrl2023: 1.4730056524276733, 0.16816961765289307, 10, 90.0943374633789, 84.9056625366211, 97.16981506347656
        let canada = try #require(batch.governance.first { $0.country == .canada && $0.year == 2023 && $0.dimension == .ruleOfLaw })
        #expect(canada.estimate == 1.4730056524276733)
        #expect(canada.standardError == 0.16816961765289307)
        #expect(canada.sourceCount == 10)
        #expect(canada.percentileRank == 90.0943374633789)
        #expect(canada.percentileRankLower == 84.9056625366211)
        #expect(canada.percentileRankUpper == 97.16981506347656)
        // ZARrl2023 is the Democratic Republic of the Congo: −1.6707361936569214.
        let congo = try #require(batch.governance.first { $0.country == "COD" && $0.year == 2023 && $0.dimension == .ruleOfLaw })
        #expect(congo.estimate == -1.6707361936569214)
        // The other non-ISO World Bank codes: ADO, KSV, ROM, TMP, WBG, and ANT (withdrawn ISO 3166-3).
        let countries = Set(batch.governance.map(\.country))
        #expect(countries.isSuperset(of: ["AND", "XKX", "ROU", "TLS", "PSE", "ANT"]))
        #expect(countries.isDisjoint(with: ["ADO", "KSV", "ROM", "TMP", "WBG", "ZAR"]))
    }
}
