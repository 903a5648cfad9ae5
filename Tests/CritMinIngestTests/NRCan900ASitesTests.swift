import CritMinCore
import CritMinIngest
import Foundation
import Testing

@Suite("NRCan map 900A sites", .enabled(if: SharedData.available, "needs ../shared/data"))
struct NRCan900ASitesTests {
    static let folder = SharedData.url("deposits/nrcan-900a-2023")

    @Test("the real layers: 199 producing mines and 73 metallurgical works, all producing in 2023")
    func realLayers() throws {
        let records = try NRCan900ASites().read(folder: Self.folder, catalogue: try USGSTestSupport.catalogue(), citation: "nrcan-900a-2023")
        #expect(records.filter { $0.kind == .mine }.count == 199)
        #expect(records.filter { $0.kind == .processingFacility }.count == 73)
        #expect(records.allSatisfy { $0.stage == .production && $0.location != nil && $0.subdivision?.count == 2 })
        let beaverBrook = try #require(records.first { $0.name == "Beaver Brook" })
        #expect(beaverBrook.commodities == ["antimony"] && beaverBrook.subdivision == "NL" && beaverBrook.recordID == "mine:2")
        #expect(beaverBrook.owners.map(\.company) == ["China Minmetals Rare Earth Group Co. Ltd."])
        let longHarbour = try #require(records.first { $0.name == "Long Harbour" })
        #expect(longHarbour.kind == .processingFacility && longHarbour.commodities == ["nickel", "copper", "cobalt"])
        // Coal and oil sands are not catalogue commodities: kept as spelt, never dropped.
        #expect(records.contains { $0.unresolvedCommodities.contains { $0.lowercased().hasPrefix("coal") } })
    }

    @Test("joined with NRCan's critical-minerals layer, a mine both report is one site with both records")
    func joinedWithTheCriticalMineralsLayer() throws {
        let catalogue = try USGSTestSupport.catalogue()
        let map: CitationID = "nrcan-900a-2023"
        let layer: CitationID = "nrcan-cm-2025"
        let records =
            try NRCanCriticalMineralsSites().read(
                SharedData.url("deposits/nrcan-critical-minerals/critical_minerals_projects_mines_facilities.csv"), catalogue: catalogue,
                citation: layer) + (try NRCan900ASites().read(folder: Self.folder, catalogue: catalogue, citation: map))
        let sites = SiteMerger(sourcePriority: [layer, map]).merge(records)
        // Every record is in exactly one site.
        #expect(sites.map(\.records.count).reduce(0, +) == records.count)
        #expect(Set(sites.map(\.id)).count == sites.count)
        let laronde = try #require(sites.first { $0.name.value == "LaRonde" })
        #expect(laronde.records.map(\.citation) == [layer, map])
        #expect(laronde.stage?.value == .production && laronde.stage?.rule == .mostRecent && laronde.stage?.record == 0)
        // Names both report at one point (79 in the two files, 1.5 km apart at most) join.
        #expect(sites.filter { Set($0.records.map(\.citation)) == [layer, map] }.count >= 70)
    }
}
