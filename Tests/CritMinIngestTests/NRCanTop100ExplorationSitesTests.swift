import CritMinCore
import CritMinIngest
import Foundation
import Testing

@Suite("NRCan top 100 exploration projects")
struct NRCanTop100ExplorationSitesTests {
    static let file = SharedData.url("deposits/nrcan-top100-exploration/top100_exploration_projects.csv")
    static let header =
        "OBJECTID,Count,Project Name / Nom du projet,Province / Territory,Province / Territoire,Commodity Group,Groupe de produits minéraux\n"

    @Test(
        "the real list: 100 projects without a location, stage or year, in every province and territory but PEI", .enabled(if: SharedData.available))
    func realList() throws {
        let records = try NRCanTop100ExplorationSites().read(Self.file, catalogue: try USGSTestSupport.catalogue(), citation: "nrcan-top100")
        #expect(records.count == 100)
        #expect(records.allSatisfy { $0.kind == .project && $0.location == nil && $0.country == .canada && $0.stage == nil && $0.asOf == nil })
        let perProvince = Dictionary(grouping: records) { $0.subdivision ?? "" }.mapValues(\.count)
        #expect(perProvince == ["NL": 3, "NS": 2, "NB": 1, "QC": 22, "ON": 21, "MB": 3, "SK": 10, "AB": 2, "BC": 21, "YT": 7, "NT": 5, "NU": 3])
        // Coal is no catalogue commodity: kept as the list spells it.
        #expect(records.filter { !$0.unresolvedCommodities.isEmpty }.map(\.name) == ["Grassy Mountain", "Murray River"])
        #expect(records.allSatisfy { $0.commodities.count == ($0.unresolvedCommodities.isEmpty ? 1 : 0) })
        let nechalacho = try #require(records.first { $0.recordID == "93" })
        #expect(nechalacho.name == "Nechalacho" && nechalacho.subdivision == "NT" && nechalacho.commodities == ["rare-earths"])
        #expect(records.first { $0.name == "Star - Orion South" }?.commodities == ["diamond"])
    }

    static func read(_ rows: String) throws -> [SiteRecord] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("top100-\(UUID().uuidString).csv")
        try (Self.header + rows).write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        return try NRCanTop100ExplorationSites(asOf: 2023).read(url, catalogue: try USGSTestSupport.catalogue(), citation: "nrcan-top100")
    }

    @Test(
        "a bad row fails the whole file, naming the line and field", .enabled(if: SharedData.available),
        arguments: [
            ("2,2,X,Vermont,Vermont,Gold,Or\n", "Province / Territory"),
            ("2,2,,Quebec,Québec,Gold,Or\n", "Project Name / Nom du projet"),
            (",2,X,Quebec,Québec,Gold,Or\n", "OBJECTID"),
            ("2,2,X,Quebec,Québec,,\n", "Commodity Group"),
        ])
    func badRows(row: String, field: String) throws {
        let good = "1,1,Windfall,Quebec,Québec,Gold,Or\n"
        let record = try #require(try Self.read(good).first)
        #expect(record.recordID == "1" && record.subdivision == "QC" && record.commodities == ["gold"] && record.asOf == 2023)
        do {
            _ = try Self.read(good + row)
            Issue.record("a bad \(field) was accepted")
        } catch let error as CritMinError {
            #expect(error.line == 3 && error.field == field && error.file?.hasSuffix(".csv") == true, "\(error)")
        }
    }
}
