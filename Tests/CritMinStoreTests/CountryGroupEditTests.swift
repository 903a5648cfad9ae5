import CritMinCore
import CritMinStore
import CritMinTestSupport
import Testing

@Suite("Country groups set by hand")
struct CountryGroupEditTests {
    @Test("a group set by hand replaces the members and survives a later import of the shipped group", arguments: StoreEngine.available)
    func editSurvivesImport(engine: StoreEngine) async throws {
        let store = try await engine.emptyStore()
        _ = try await store.apply(Fixture.catalogue(), importedBy: "tests")
        try await store.setCountryGroup(CountryGroup(id: "USMCA", name: "Edited", members: ["CAN"], source: "analyst choice"), editedBy: "analyst")
        #expect(try await store.catalogue().groups["USMCA"]?.members == ["CAN"])

        _ = try await store.apply(Fixture.catalogue(checksum: "catalogue-2"), importedBy: "tests")
        let group = try #require(try await store.catalogue().groups["USMCA"])
        #expect(group.members == ["CAN"] && group.name == "Edited" && group.source == "analyst choice")
    }

    @Test("unknown member codes are refused and change nothing", arguments: StoreEngine.available)
    func unknownMembers(engine: StoreEngine) async throws {
        let store = try await engine.emptyStore()
        _ = try await store.apply(Fixture.catalogue(), importedBy: "tests")
        await #expect(throws: CritMinError.self) {
            try await store.setCountryGroup(CountryGroup(id: "USMCA", name: "Bad", members: ["CAN", "ZZZ"], source: "x"), editedBy: "analyst")
        }
        #expect(try await store.catalogue().groups["USMCA"]?.members == ["USA", "CAN"])
    }
}
