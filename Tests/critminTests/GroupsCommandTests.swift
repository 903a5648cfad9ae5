import Foundation
import Testing

@Suite("critmin groups")
struct GroupsCommandTests {
    @Test("the shipped groups include allies, countries of concern and both countries' free-trade partners")
    func shippedGroups() throws {
        let rows = try CLI.rows(CLI.json(["groups"]), table: "Country groups")
        let ids = Set(rows.compactMap { $0["id"] as? String })
        #expect(ids.isSuperset(of: ["USMCA", "G7", "NATO", "EU", "MSP", "US-FTA", "CA-FTA", "ALLIES", "CONCERN"]))
        let members = try CLI.rows(CLI.json(["groups", "show", "CONCERN"]), table: "Members").compactMap { $0["code"] as? String }
        #expect(members == ["CHN", "PRK", "RUS", "IRN"])
    }

    @Test("a user sets countries of concern; the change is stored and reported; unknown names are refused")
    func setConcern() throws {
        let database = try CLI.temporaryFolder().appendingPathComponent("groups.sqlite").path
        let set = try CLI.run(["groups", "set", "CONCERN", "CHN", "Russia", "--note", "working list", "--by", "tester", "--database", database])
        #expect(set.status == 0, "\(set.errors)")
        #expect(set.errors.contains("CONCERN: 2 members set (CHN RUS)"))
        let shown = try CLI.run(["groups", "show", "CONCERN", "--format", "json", "--database", database])
        #expect(shown.output.contains("set by tester on") && shown.output.contains("working list"))
        let refused = try CLI.run(["groups", "set", "CONCERN", "Atlantis", "--database", database])
        #expect(refused.status != 0)
        #expect(refused.errors.contains("'Atlantis' is no country"))
        let kept = try CLI.run(["groups", "show", "CONCERN", "--format", "csv", "--database", database])
        #expect(kept.output.contains("CHN") && !kept.output.contains("PRK"))
    }
}
