import CritMinCore
import CritMinIngest
import Foundation
import Testing

@Suite("US federal critical-mineral projects", .enabled(if: SharedData.available, "needs ../shared/data"))
struct USFederalProjectSitesTests {
    static let file = SharedData.url("deposits/us-federal-critical-mineral-projects/us_federal_critical_mineral_projects.csv")

    @Test("the real file: 44 placed actions from five releases; amounts with their bounds; the compiler's additions unverified")
    func realFile() throws {
        let (records, publications, withoutCountry) = try USFederalProjectSites().read(Self.file, catalogue: try USGSTestSupport.catalogue())
        #expect(records.count == 44 && withoutCountry == ["USFED-040", "USFED-043"])
        #expect(publications.map(\.date) == ["2022-02-22", "2024-09-20", "2025-04-18", "2025-05-02", "2026-08-07"])
        let thacker = try #require(records.first { $0.recordID == "USFED-021" })
        #expect(thacker.subdivision == "NV" && thacker.commodities == ["lithium"] && thacker.kind == .project)
        #expect(thacker.actions.first?.amountUSD == .value(2_260_000_000) && thacker.actions.first?.note == "conditional commitment")
        #expect(thacker.citation == "us-federal-projects-2024-09-20")
        #expect(records.first { $0.recordID == "USFED-028" }?.actions.first?.amountUSD == .greaterThan(288_000_000))
        #expect(records.first { $0.recordID == "USFED-030" }?.actions.first?.amountUSD == .lessThan(60_000_000))
        #expect(records.first { $0.recordID == "USFED-030" }?.kind == .processingFacility)
        // The FAST-41 list gives names only: states and commodities are the compiler's, unverified.
        let resolution = try #require(records.first { $0.recordID == "USFED-001" })
        #expect(resolution.unverified == [.subdivision, .commodities] && resolution.location == nil)
        // Coordinates were copied from USGS sites, never read in a release.
        #expect(records.filter { $0.location != nil }.allSatisfy { $0.unverified.contains(.location) })
        #expect(records.filter { $0.location != nil }.count == 20)
    }
}
