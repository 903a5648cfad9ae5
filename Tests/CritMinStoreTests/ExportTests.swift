import CritMinCore
import CritMinStore
import CritMinTestSupport
import Testing

@Suite("Exporting batches")
struct ExportTests {
    @Test("exported batches applied to an empty store reproduce the catalogue, citations and latest records", arguments: StoreEngine.available)
    func exportReproduces(engine: StoreEngine) async throws {
        let original = try await Fixture.populatedStore(engine)
        // A second version and extra catalogue entries, so that export must pick latest versions and carry merged aliases.
        _ = try await original.apply(Fixture.observations(checksum: "usgs-2", Array(Fixture.everyAmount.suffix(4))), importedBy: "tests")
        var merged = Fixture.catalogue(checksum: "catalogue-2")
        merged.countries = [Country(code: "CHN", name: "China", aliases: [CountryAlias(scheme: "wgi", name: "China")])]
        merged.citations.append(Citation(id: "test/unused", publisher: "Nobody", publication: "Cited by no record"))
        _ = try await original.apply(merged, importedBy: "tests")

        let batches = try await original.exportBatches()
        let copy = try await engine.emptyStore()
        for batch in batches { _ = try await copy.apply(batch, importedBy: "copy") }

        #expect(batches.map(\.descriptor.id) == ["test-catalogue", "test-usgs", "test-wgi", "test-lists", "test-hs", "test-trade"])
        #expect(batches.map(\.checksum) == ["catalogue-2", "usgs-2", "wgi-1", "lists-1", "hs-1", "trade-1"])
        // The mappings' production citation travels with the trade batch, as it is cited there.
        #expect(batches[5].citations == [Fixture.tradeCitation, Fixture.usgsCitation])
        #expect(batches[1].citations == [Fixture.usgsCitation])
        #expect(batches[1].sourceFiles == ["cobalt.csv", "rare_earths.csv"])
        #expect(batches.dropFirst().allSatisfy { $0.commodities.isEmpty && $0.countries.isEmpty && $0.countryGroups.isEmpty })
        let ids: Set<CitationID> = [
            Fixture.referenceCitation.id, Fixture.usgsCitation.id, Fixture.wgiCitation.id, Fixture.listCitation.id, Fixture.hsCitation.id,
            Fixture.tradeCitation.id, "test/unused",
        ]
        let before = try await StoreSnapshot(original, citationIDs: ids)
        let after = try await StoreSnapshot(copy, citationIDs: ids)
        #expect(after.commodities == before.commodities)
        #expect(after.countries == before.countries)
        #expect(after.countries["CHN"]?.aliases == [CountryAlias(scheme: "wgi", name: "China")])
        #expect(after.groups == before.groups)
        #expect(after.citations == before.citations)
        #expect(after.citations.count == 7)
        #expect(after.observations.map(\.observation) == Array(Fixture.everyAmount.suffix(4)))
        #expect(after.observations.map(\.observation) == before.observations.map(\.observation))
        #expect(after.governance.map(\.score) == before.governance.map(\.score))
        #expect(after.lists == before.lists)
        #expect(after.hsCodes == before.hsCodes)
        #expect(after.tradeFlows.map(\.flow) == Fixture.flows)
        #expect(after.tradeFlows.map(\.flow) == before.tradeFlows.map(\.flow))
        #expect(after.tradeCodes == before.tradeCodes)
        let latest = try await original.datasetVersions(latestOnly: true)
        #expect(after.versions.map(\.descriptor) == latest.map(\.descriptor))
        #expect(after.versions.map(\.recordCount) == latest.map(\.recordCount))
        // Re-exporting the copy gives the same batches, and the originals' sources are recognised as unchanged.
        #expect(try await copy.exportBatches().map(\.observations) == batches.map(\.observations))
        let outcome = try await copy.apply(Fixture.governance(), importedBy: "copy")
        #expect(outcome == .unchanged(outcome.version))
    }

    @Test("an empty store exports nothing", arguments: StoreEngine.available)
    func emptyExport(engine: StoreEngine) async throws {
        #expect(try await engine.emptyStore().exportBatches().isEmpty)
    }
}
