import CritMinCore
import CritMinIngest
import Foundation
import Testing

@Suite("MinCan mines", .enabled(if: SharedData.available, "needs ../shared/data"))
struct MinCanSitesTests {
    static let file = SharedData.url("deposits/mincan/mincan_mines_canada_1950_2022.csv")

    @Test("the real file: 947 mines, 171 active; periods become the stage history, owners their succession")
    func realFile() throws {
        let records = try MinCanSites().read(Self.file, catalogue: try USGSTestSupport.catalogue(), citation: "mincan-2024")
        #expect(records.count == 947)
        #expect(records.filter { $0.status == .active }.count == 171)
        #expect(records.allSatisfy { ($0.status == .active) == ($0.stage == .production) && $0.subdivision?.count == 2 })
        let spruce = try #require(records.first { $0.name == "Spruce Creek" })
        #expect(spruce.stageHistory.map(\.year) == [1909, 1950, 1955, 1989])
        #expect(spruce.stageHistory.map(\.stage) == [.production, .pastProducer, .production, .pastProducer])
        #expect(spruce.owners.map(\.company) == ["Noland Mines Ltd."] && spruce.formerOwners.isEmpty)
        #expect(spruce.subdivision == "BC" && spruce.commodities == ["gold"] && spruce.unverified.isEmpty)
        // 333 rows name no mine; three garble a period: closing before opening and "open" as a year (one row),
        // "1970 (see note)", a closing "open" with no opening year.
        #expect(records.filter { $0.unverified.contains(.name) }.count == 333)
        #expect(records.filter { $0.unverified.contains(.stage) }.map(\.recordID) == ["row:221", "row:364", "row:783"])
        let several = try #require(records.first { !$0.formerOwners.isEmpty })
        #expect(several.owners.count == 1)
    }
}
