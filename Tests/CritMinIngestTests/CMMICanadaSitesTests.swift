import CritMinCore
import CritMinIngest
import Foundation
import Testing

@Suite("CMMI critical minerals in ores, Canadian deposits")
struct CMMICanadaSitesTests {
    static let file = SharedData.url("deposits/cmmi-canada/cmmi_canada_deposits.csv")
    static let header =
        "deposit_uid,country,deposit_name,deposit_type,commodities,province_iso,latitude,longitude,last_updated,n_samples,max_cu_ppm\n"

    @Test("the real file: 383 deposits by element symbols; the unknown commodities kept as written", .enabled(if: SharedData.available))
    func realFile() throws {
        let records = try CMMICanadaSites().read(Self.file, catalogue: try USGSTestSupport.catalogue(), citation: "cmmi-2021")
        #expect(records.count == 383)
        #expect(records.allSatisfy { $0.kind == .deposit && $0.country == .canada && $0.location != nil && $0.subdivision != nil })
        #expect(records.filter { $0.subdivision == "ON" }.count == 117 && records.filter { $0.subdivision == "QC" }.count == 95)
        #expect(records.filter { $0.asOf == 2022 }.count == 1 && records.filter { $0.asOf == 2021 }.count == 382)
        #expect(records.filter { $0.depositType == nil }.count == 9)
        // "unknown" (10 deposits) and "UN" (2) name no commodity; barium (Ba, 7 deposits) reads as barite, its ore.
        #expect(Set(records.flatMap(\.unresolvedCommodities)) == ["unknown", "UN"])
        #expect(records.filter { $0.commodities.isEmpty }.count == 12)
        #expect(records.filter { $0.commodities.contains("barite") }.count >= 7)

        let wigwam = try #require(records.first)
        #expect(wigwam.recordID == "CAN.BC.10000013" && wigwam.name == "Wigwam" && wigwam.subdivision == "BC")
        #expect(wigwam.commodities == ["zinc", "lead"] && wigwam.depositType == "Irish-type sediment-hosted Zn-Pb" && wigwam.asOf == 2021)
        #expect(wigwam.location == (try GeoPoint(latitude: 50.88, longitude: -117.9678)))
        let sullivan = try #require(records.first { $0.recordID == "CAN.BC.10000236" })
        #expect(sullivan.commodities == ["copper", "zinc", "lead", "silver", "gold"] && sullivan.unresolvedCommodities.isEmpty)
        // Minor commodities in brackets count like the others.
        #expect(records.first { $0.recordID == "CAN.NU.13000446" }?.commodities == ["copper", "gold", "cobalt", "rare-earths"])
        #expect(records.first { $0.recordID == "CAN.BC.10000449" }?.commodities == ["silver", "lead", "zinc", "gold"])
    }

    static func read(_ rows: String) throws -> [SiteRecord] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("cmmi-\(UUID().uuidString).csv")
        try (Self.header + rows).write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        return try CMMICanadaSites().read(url, catalogue: try USGSTestSupport.catalogue(), citation: "cmmi-2021")
    }

    @Test(
        "a bad row fails the whole file, naming the line and field", .enabled(if: SharedData.available),
        arguments: [
            ("CAN.X.2,US,X,VMS,Cu,CA-ON,48,-81,2021-06-04,1,\n", "country"),
            ("CAN.X.2,CA,X,VMS,Cu,US-NV,48,-81,2021-06-04,1,\n", "province_iso"),
            ("CAN.X.2,CA,X,VMS,Cu,CA-ON,480,-81,2021-06-04,1,\n", "latitude"),
            ("CAN.X.2,CA,X,VMS,Cu,CA-ON,48,,2021-06-04,1,\n", "longitude"),
            ("CAN.X.2,CA,X,VMS,Cu,CA-ON,48,-81,June 2021,1,\n", "last_updated"),
            (",CA,X,VMS,Cu,CA-ON,48,-81,2021-06-04,1,\n", "deposit_uid"),
            ("CAN.X.2,CA,X,VMS,,CA-ON,48,-81,2021-06-04,1,\n", "commodities"),
        ])
    func badRows(row: String, field: String) throws {
        let good = "CAN.X.1,CA,Good,unknown,\"Ni, Cu, PGE\",CA-ON,48,-81,2021-06-04,3,4100.0\n"
        let record = try #require(try Self.read(good).first)
        #expect(record.commodities == ["nickel", "copper", "platinum-group-metals"] && record.depositType == nil && record.subdivision == "ON")
        do {
            _ = try Self.read(good + row)
            Issue.record("a bad \(field) was accepted")
        } catch let error as CritMinError {
            #expect(error.line == 3 && error.field == field && error.file?.hasSuffix(".csv") == true, "\(error)")
        }
    }
}
