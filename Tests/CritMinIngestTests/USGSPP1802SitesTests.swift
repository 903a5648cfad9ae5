import CritMinCore
import CritMinIngest
import Foundation
import Testing

@Suite("USGS Professional Paper 1802 world deposits")
struct USGSPP1802SitesTests {
    static let file = SharedData.url("deposits/usgs-pp1802-critical-minerals/pp1802_critical_mineral_deposits_world.csv")
    static let header = "deposit_name,critical_mineral,deposit_type,latitude,longitude,location,location_detail\n"

    @Test("the real layer: 2,111 deposits in countries, 10 on the ocean floor kept apart", .enabled(if: SharedData.available))
    func realLayer() throws {
        let (records, withoutCountry) = try USGSPP1802Sites().read(
            Self.file, catalogue: try USGSTestSupport.catalogue(), citation: "usgs-pp1802-2017")
        #expect(records.count == 2_111)
        #expect(withoutCountry.count == 10 && withoutCountry.first == "row:528" && withoutCountry.last == "row:1987")
        #expect(records.filter { $0.country == .canada }.count == 199)
        #expect(records.filter { $0.country == .unitedStates }.count == 408)
        #expect(records.filter { $0.country == "PRI" }.count == 3)
        #expect(records.allSatisfy { $0.kind == .deposit && $0.asOf == 2017 && $0.location != nil && $0.unresolvedCommodities.isEmpty })

        let coeurDAlene = try #require(records.first)
        #expect(coeurDAlene.recordID == "row:2" && coeurDAlene.name == "Coeur d'Alene district" && coeurDAlene.commodities == ["antimony"])
        #expect(coeurDAlene.country == .unitedStates && coeurDAlene.subdivision == "ID" && coeurDAlene.depositType == "Simple Sb")
        #expect(coeurDAlene.location == (try GeoPoint(latitude: 47.5340699996, longitude: -116.2485)))

        let tanco = try #require(records.first { $0.recordID == "row:1298" })
        #expect(tanco.name == "Tanco" && tanco.subdivision == "MB" && tanco.unverified.isEmpty)
        #expect(tanco.commodities == ["niobium", "tantalum", "beryllium", "lithium"])
        #expect(records.first { $0.recordID == "row:1197" }?.subdivision == "NT", "NWT")
        // Strange Lake straddles Quebec and Labrador: the first is taken, unverified.
        let strangeLake = try #require(records.first { $0.recordID == "row:1844" })
        #expect(strangeLake.subdivision == "QC" && strangeLake.unverified == [.subdivision])
        // Free text in eight Canadian and US rows ("Coos Bay, Oregon", "At Cougar Spar Mine"); one names no state.
        let freeText = records.filter { $0.unverified.contains(.subdivision) }
        #expect(freeText.count == 8 && freeText.filter { $0.subdivision == nil }.count == 1)
        // Names the catalogue spells otherwise.
        #expect(records.first { $0.recordID == "row:1178" }?.country == .china, "Tibet")
        #expect(records.first { $0.recordID == "row:125" }?.country == "GBR", "England")
        #expect(records.first { $0.recordID == "row:1287" }?.country == "BFA", "Burkina Fasso")
    }

    static func read(_ rows: String) throws -> (records: [SiteRecord], withoutCountry: [String]) {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("pp1802-\(UUID().uuidString).csv")
        try (Self.header + rows).write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        return try USGSPP1802Sites().read(url, catalogue: try USGSTestSupport.catalogue(), citation: "usgs-pp1802-2017")
    }

    @Test(
        "a bad row fails the whole file, naming the line and field", .enabled(if: SharedData.available),
        arguments: [
            ("X,Cobalt,Laterite,10,20,Atlantis,\n", "location"),
            ("X,Cobalt,Laterite,10,20,,\n", "location"),
            ("X,Cobalt,Laterite,100,20,Cuba,\n", "latitude"),
            ("X,Cobalt,Laterite,10,,Cuba,\n", "longitude"),
            (",Cobalt,Laterite,10,20,Cuba,\n", "deposit_name"),
            ("X,,Laterite,10,20,Cuba,\n", "critical_mineral"),
        ])
    func badRows(row: String, field: String) throws {
        let good = "Moa,Cobalt,Ni-Co laterite,20.6,-74.9,Cuba,Holguin\nNodules,Cobalt; Manganese,Sea-floor nodules,10,-140,Pacific Ocean,\n"
        let (records, withoutCountry) = try Self.read(good)
        #expect(records.map(\.country) == ["CUB"] && records.first?.subdivision == nil && withoutCountry == ["row:3"])
        do {
            _ = try Self.read(good + row)
            Issue.record("a bad \(field) was accepted")
        } catch let error as CritMinError {
            #expect(error.line == 4 && error.field == field && error.file?.hasSuffix(".csv") == true, "\(error)")
        }
    }
}
