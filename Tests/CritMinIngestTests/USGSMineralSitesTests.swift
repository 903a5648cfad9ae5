import CritMinCore
import CritMinIngest
import Foundation
import Testing

@Suite("USGS mineral sites (MinMod harmonisation)")
struct USGSMineralSitesTests {
    static let file = SharedData.url("deposits/usgs-minmod-us-ca/usgs_deposit_sites_us_ca.csv")
    static let header =
        "dataset,dataset_title,source_id,record_id,name,site_type,country,state_or_province,latitude,longitude,crs,commodities,deposit_types\n"

    @Test("the real file: 22,860 sites of 11 USGS datasets; ARDF's NAD27 positions moved to WGS84", .enabled(if: SharedData.available))
    func realFile() throws {
        let (records, publications) = try USGSMineralSites().read(Self.file, catalogue: try USGSTestSupport.catalogue())
        #expect(records.count == 22_860)
        #expect(records.filter { $0.location != nil }.count == 22_759)
        #expect(publications.count == 11)
        #expect(publications.first { $0.dataset == "ardf" }?.source == "https://doi.org/10.5066/P96MMRFD")
        #expect(records.filter { $0.country == .canada }.count == 4_260)
        let first = try #require(records.first { $0.recordID == "MM062" })
        let raw = try GeoPoint(latitude: 63.5792, longitude: -150.7248)
        let converted = try #require(first.location)
        #expect(converted == (try GeoPoint.fromNAD27(latitude: 63.5792, longitude: -150.7248, region: .alaska)))
        // NAD27 positions in Alaska lie about 100–200 m from WGS84.
        #expect((0.05...0.3).contains(raw.distanceKm(to: converted)), "\(raw.distanceKm(to: converted)) km")
        #expect(first.kind == .occurrence && first.subdivision == "AK" && first.commodities == ["silver", "gold", "lead", "zinc"])
        #expect(records.allSatisfy { $0.subdivision == nil || $0.subdivision!.count == 2 })
        let twoStates = records.filter { $0.unverified.contains(.subdivision) }
        // Free text in the field ("Idaho/Valley County", "Florida; Georgia", "Alaska?") in 41 rows; one names no state.
        #expect(twoStates.count == 41)
        #expect(twoStates.filter { $0.subdivision == nil }.count == 1, "only 'At Cougar Spar Mine' names no state")
        #expect(records.first { $0.recordID == "MM062" }?.unverified.isEmpty == true)
    }

    static func read(_ rows: String) throws -> [SiteRecord] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("usgs-sites-\(UUID().uuidString).csv")
        try (Self.header + rows).write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        return try USGSMineralSites().read(url, catalogue: try USGSTestSupport.catalogue()).records
    }

    @Test(
        "free-text states give the first state they name, unverified", .enabled(if: SharedData.available),
        arguments: [
            ("Nevada", "NV", false), ("NV", "NV", false), ("Idaho/Valley County", "ID", true), ("Coos Bay, Oregon", "OR", true),
            ("Ga or Fl", "GA", true), ("Alaska?", "AK", true), ("Minnessota", "MN", true), ("At Cougar Spar Mine", nil, true),
        ] as [(String, String?, Bool)])
    func freeTextStates(text: String, code: String?, unverified: Bool) throws {
        let record = try #require(try Self.read("mrdata_ree,REE,doi,R1,Site,,US,\"\(text)\",44,-115,EPSG:4326,REE,\n").first)
        #expect(record.subdivision == code)
        #expect(record.unverified.contains(.subdivision) == unverified)
    }

    @Test(
        "a bad row fails the whole file, naming the line and field", .enabled(if: SharedData.available),
        arguments: [
            ("ardf,ARDF,doi,X2,Y,Mine,MX,Alaska,63,-150,EPSG:4267,Au,\n", "country"),
            ("ardf,ARDF,doi,X2,Y,Quarry,US,Alaska,63,-150,EPSG:4267,Au,\n", "site_type"),
            ("ardf,ARDF,doi,X2,Y,Mine,US,Alaska,63,-150,EPSG:3978,Au,\n", "crs"),
            ("ardf,ARDF,doi,X2,Y,Mine,US,Alaska,630,-150,EPSG:4267,Au,\n", "latitude"),
            ("ardf,ARDF,doi,X2,Y,Mine,US,Alaska,63,,EPSG:4267,Au,\n", "longitude"),
            ("ardf,ARDF,doi,,Y,Mine,US,Alaska,63,-150,EPSG:4267,Au,\n", "record_id"),
        ])
    func badRows(row: String, field: String) throws {
        let good = "mrdata_potash,Potash,doi,P1,,,US,NM,32.3,-103.9,EPSG:4326,BRI  HAL  K,bedded\n"
        let record = try #require(try Self.read(good).first)
        #expect(record.commodities == ["salt", "potash"] && record.unresolvedCommodities == ["BRI"])
        #expect(record.name == "Unnamed site P1" && record.unverified == [.name] && record.kind == .deposit)
        do {
            _ = try Self.read(good + row)
            Issue.record("a bad \(field) was accepted")
        } catch let error as CritMinError {
            #expect(error.line == 3 && error.field == field, "\(error)")
        }
    }
}
