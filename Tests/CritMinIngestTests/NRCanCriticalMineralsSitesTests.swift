import CritMinCore
import CritMinIngest
import Foundation
import Testing

@Suite("NRCan critical-minerals sites")
struct NRCanCriticalMineralsSitesTests {
    static let file = SharedData.url("deposits/nrcan-critical-minerals/critical_minerals_projects_mines_facilities.csv")
    static let header =
        "country,objectid,operation_group_en,property_name_en,operator_owners_en,province_en,commodities_en,development_stage_en,activity_status_en,latitude,longitude\n"

    @Test("the real layer: 270 sites, each with a location, stage, status and commodities", .enabled(if: SharedData.available))
    func realLayer() throws {
        let records = try NRCanCriticalMineralsSites().read(Self.file, catalogue: try USGSTestSupport.catalogue(), citation: "nrcan-cm-2025")
        #expect(records.count == 270)
        #expect(records.filter { $0.kind == .project }.count == 189)
        #expect(records.filter { $0.kind == .mine }.count == 55)
        #expect(records.filter { $0.kind == .processingFacility }.count == 26)
        #expect(records.filter { $0.status == .onHold }.count == 38)
        #expect(records.allSatisfy { $0.location != nil && $0.subdivision != nil && $0.stage != nil })
        // Black mass (shredded batteries) is not a catalogue commodity; it is kept as the layer spells it.
        let unresolved = records.filter { $0.commodities.isEmpty }.map { "\($0.name): \($0.unresolvedCommodities)" }
        #expect(unresolved.allSatisfy { $0.hasSuffix("[\"Battery materials (black mass)\"]") }, "\(unresolved)")
        let laronde = try #require(records.first { $0.name == "LaRonde" })
        #expect(laronde.subdivision == "QC" && laronde.stage == .production && laronde.status == .active)
        #expect(laronde.commodities == ["gold", "zinc", "copper", "silver", "cadmium"])
        #expect(laronde.location == (try GeoPoint(latitude: 48.2516, longitude: -78.428)))
        #expect(laronde.owners.map(\.company) == ["Agnico Eagle Mines Limited"])
        let joint = try #require(records.first { $0.owners.map(\.company) == ["Mason Graphite Inc.", "Nouveau Monde Graphite, Inc."] })
        #expect(joint.commodities.contains("graphite"))
    }

    static func read(_ rows: String) throws -> [SiteRecord] {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("nrcan-sites-\(UUID().uuidString).csv")
        try (Self.header + rows).write(to: url, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(at: url) }
        return try NRCanCriticalMineralsSites().read(url, catalogue: try USGSTestSupport.catalogue(), citation: "nrcan-cm-2025")
    }

    @Test(
        "a bad row fails the whole file, naming the line and field",
        .enabled(if: SharedData.available),
        arguments: [
            ("CA,2,Mine,X,Y Inc.,Quebec,Gold,Mine,Active,148.2,-78.4\n", "latitude"),
            ("CA,2,Mine,X,Y Inc.,Quebec,Gold,Mine,Active,48.2,\n", "longitude"),
            ("CA,2,Mine,X,Y Inc.,Vermont,Gold,Mine,Active,48.2,-78.4\n", "province_en"),
            ("CA,2,Quarry,X,Y Inc.,Quebec,Gold,Mine,Active,48.2,-78.4\n", "operation_group_en"),
            ("CA,2,Mine,X,Y Inc.,Quebec,Gold,Dreaming,Active,48.2,-78.4\n", "development_stage_en"),
            ("CA,2,Mine,X,Y Inc.,Quebec,Gold,Mine,Sleeping,48.2,-78.4\n", "activity_status_en"),
            ("CA,2,Mine,,Y Inc.,Quebec,Gold,Mine,Active,48.2,-78.4\n", "property_name_en"),
        ])
    func badRows(row: String, field: String) throws {
        let good = "CA,1,Project,Good,Z Corp.,Ontario,\"Nickel, copper\",Advanced project,On hold / suspended,48.0,-81.0\n"
        #expect(try Self.read(good).first?.stage == .advancedProject)
        do {
            _ = try Self.read(good + row)
            Issue.record("a bad \(field) was accepted")
        } catch let error as CritMinError {
            #expect(error.line == 3 && error.field == field && error.file?.hasSuffix(".csv") == true, "\(error)")
        }
    }
}
