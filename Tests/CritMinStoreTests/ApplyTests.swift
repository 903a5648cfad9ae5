import CritMinCore
import CritMinStore
import CritMinTestSupport
import Testing

@Suite("Applying batches")
struct ApplyTests {
    private let allCitations: Set<CitationID> = [
        Fixture.referenceCitation.id, Fixture.usgsCitation.id, Fixture.wgiCitation.id, Fixture.listCitation.id, Fixture.hsCitation.id,
        Fixture.tradeCitation.id, "test/new",
    ]

    @Test("every Amount case and every observation field reads back exactly, doubles bit for bit", arguments: StoreEngine.available)
    func observationsRoundTrip(engine: StoreEngine) async throws {
        let store = try await engine.emptyStore()
        _ = try await store.apply(Fixture.catalogue(), importedBy: "tests")
        let outcome = try await store.apply(Fixture.observations(), importedBy: "tests")

        let stored = try await store.observations(ObservationQuery())
        #expect(stored.map(\.observation) == Fixture.everyAmount)
        #expect(stored.allSatisfy { $0.dataset == "test-usgs" && $0.version == 1 })
        // Equality alone would accept 0.0 for -0.0: compare the bits of every stored double.
        let bits = { (observations: [Observation]) in
            observations.map { observation in
                let form = observation.quantity.amount.storageForm
                return [form.value?.bitPattern, form.high?.bitPattern]
            }
        }
        #expect(bits(stored.map(\.observation)) == bits(Fixture.everyAmount))
        #expect(outcome == .created(outcome.version))
        #expect(outcome.version.recordCount == Fixture.everyAmount.count)
        #expect(outcome.version.sourceFiles == ["cobalt.csv", "rare_earths.csv"])
        #expect(outcome.version.importedBy == "tests")
    }

    @Test("governance scores, critical lists and HS codes read back exactly", arguments: StoreEngine.available)
    func otherRecordsRoundTrip(engine: StoreEngine) async throws {
        let store = try await Fixture.populatedStore(engine)
        #expect(try await store.governance(GovernanceQuery()).map(\.score) == Fixture.scores)
        #expect(try await store.criticalLists() == [Fixture.usList, Fixture.canadaList])
        #expect(try await store.hsCodes(prefix: nil) == Fixture.codes)
        let versions = try await store.datasetVersions(latestOnly: true)
        // 3 list members + 1 = 4 list records; 5 HS codes; 4 scores; 4 flows and 2 trade-code mappings.
        #expect(versions.map(\.recordCount) == [0, Fixture.everyAmount.count, 4, 4, 5, 6])
    }

    @Test("the catalogue reads back with its aliases, groups and withdrawn codes", arguments: StoreEngine.available)
    func catalogueRoundTrip(engine: StoreEngine) async throws {
        let store = try await engine.emptyStore()
        let batch = Fixture.catalogue()
        _ = try await store.apply(batch, importedBy: "tests")
        let catalogue = try await store.catalogue()
        #expect(catalogue.commodities == Dictionary(uniqueKeysWithValues: batch.commodities.map { ($0.id, $0) }))
        #expect(catalogue.countries == Dictionary(uniqueKeysWithValues: batch.countries.map { ($0.code, $0) }))
        #expect(catalogue.groups == ["USMCA": batch.countryGroups[0]])
        #expect(catalogue.area(named: "Congo (Kinshasa)") == .country("COD"))
        #expect(catalogue.commodity(named: "REE") == "rare-earths")
    }

    @Test("a batch with the latest version's checksum writes nothing", arguments: StoreEngine.available)
    func unchangedChecksum(engine: StoreEngine) async throws {
        let store = try await Fixture.populatedStore(engine)
        let before = try await StoreSnapshot(store, citationIDs: allCitations)
        var again = Fixture.observations(Array(Fixture.everyAmount.prefix(1)))
        again.citations = [Citation(id: "test/new", publisher: "Nobody", publication: "Never stored")]

        let outcome = try await store.apply(again, importedBy: "someone else")

        #expect(outcome == .unchanged(before.versions[1]))
        #expect(try await StoreSnapshot(store, citationIDs: allCitations) == before)
    }

    @Test("a changed checksum creates the next version, and queries read only the latest", arguments: StoreEngine.available)
    func changedChecksum(engine: StoreEngine) async throws {
        let store = try await Fixture.populatedStore(engine)
        let revised = Array(Fixture.everyAmount.prefix(3))

        let outcome = try await store.apply(Fixture.observations(checksum: "usgs-2", revised), importedBy: "reviser")

        guard case .created(let version) = outcome else {
            Issue.record("expected a new version, got \(outcome)")
            return
        }
        #expect(version.version == 2)
        #expect(version.checksum == "usgs-2")
        #expect(version.recordCount == 3)
        #expect(version.importedBy == "reviser")
        let stored = try await store.observations(ObservationQuery())
        #expect(stored.map(\.observation) == revised)
        #expect(stored.allSatisfy { $0.version == 2 })
        let all = try await store.datasetVersions(latestOnly: false)
        #expect(
            all.map { "\($0.descriptor.id) v\($0.version)" } == [
                "test-catalogue v1", "test-usgs v1", "test-usgs v2", "test-wgi v1", "test-lists v1", "test-hs v1", "test-trade v1",
            ])
        let latest = try await store.datasetVersions(latestOnly: true)
        #expect(
            latest.map { "\($0.descriptor.id) v\($0.version)" } == [
                "test-catalogue v1", "test-usgs v2", "test-wgi v1", "test-lists v1", "test-hs v1", "test-trade v1",
            ])
        #expect(latest[1] == version)
    }

    @Test("a pinned version reads that version; an unknown one is not found", arguments: StoreEngine.available)
    func pinnedVersion(engine: StoreEngine) async throws {
        let store = try await Fixture.populatedStore(engine)
        _ = try await store.apply(Fixture.observations(checksum: "usgs-2", Array(Fixture.everyAmount.prefix(3))), importedBy: "tests")

        let first = try await store.observations(ObservationQuery(versions: ["test-usgs": 1]))
        #expect(first.map(\.observation) == Fixture.everyAmount)
        #expect(first.allSatisfy { $0.version == 1 })
        #expect(try await store.observations(ObservationQuery(versions: ["test-usgs": 2])).count == 3)

        let error = await #expect(throws: CritMinError.self) { try await store.observations(ObservationQuery(versions: ["test-usgs": 3])) }
        #expect(error?.code == .notFound)
        #expect(error?.message == "dataset 'test-usgs' has no version 3 (its versions are 1, 2)")
        let unknown = await #expect(throws: CritMinError.self) { try await store.observations(ObservationQuery(versions: ["nope": 1])) }
        #expect(unknown?.message == "dataset 'nope' has no version 1 (the dataset is not in the store)")
    }

    @Test("catalogue entries merge: fields are replaced, aliases accumulate, group membership is replaced", arguments: StoreEngine.available)
    func catalogueMerge(engine: StoreEngine) async throws {
        let store = try await engine.emptyStore()
        _ = try await store.apply(Fixture.catalogue(), importedBy: "tests")
        var update = Fixture.catalogue(checksum: "catalogue-2")
        update.commodities = [Commodity(id: "cobalt", name: "Cobalt (all forms)", kind: .element, aliases: ["Co"], hsCodes: ["8105"])]
        update.countries = [
            Country(code: "CAN", name: "Canada", aliases: [CountryAlias(scheme: "wgi", name: "CAN"), CountryAlias(scheme: "usgs", name: "Canada")])
        ]
        update.countryGroups = [CountryGroup(id: "USMCA", name: "USMCA", members: ["CAN", "USA", "CHN"], source: "test 2")]

        _ = try await store.apply(update, importedBy: "tests")

        let catalogue = try await store.catalogue()
        #expect(
            catalogue.commodities["cobalt"]
                == Commodity(
                    id: "cobalt", name: "Cobalt (all forms)", kind: .element, aliases: ["Cobalt metal", "Co"], hsCodes: ["8105"]))
        #expect(
            catalogue.countries["CAN"]
                == Country(
                    code: "CAN", name: "Canada", aliases: [CountryAlias(scheme: "usgs", name: "Canada"), CountryAlias(scheme: "wgi", name: "CAN")]))
        #expect(catalogue.groups["USMCA"] == CountryGroup(id: "USMCA", name: "USMCA", members: ["CAN", "USA", "CHN"], source: "test 2"))
        #expect(catalogue.commodities["lithium"] == Fixture.catalogue().commodities[1])
    }
}

@Suite("Rejected batches leave the store unchanged")
struct RollbackTests {
    private let citations: Set<CitationID> = [Fixture.usgsCitation.id, Fixture.wgiCitation.id, "test/new"]
    private let newCitation = Citation(id: "test/new", publisher: "Someone", publication: "Bad batch")

    /// Applies `bad` to a populated store, checks that nothing changed, and returns the error.
    private func rejected(_ bad: ImportBatch, _ engine: StoreEngine) async throws -> CritMinError? {
        let store = try await Fixture.populatedStore(engine)
        let before = try await StoreSnapshot(store, citationIDs: citations)
        let error = await #expect(throws: CritMinError.self) { try await store.apply(bad, importedBy: "tests") }
        #expect(try await StoreSnapshot(store, citationIDs: citations) == before)
        return error
    }

    /// A new version of the observations that also brings a new commodity, country, group and citation, so that
    /// a rollback must undo catalogue changes too.
    private func badObservations(_ last: Observation) -> ImportBatch {
        var batch = Fixture.observations(checksum: "usgs-bad", Fixture.everyAmount + [last])
        batch.commodities = [Commodity(id: "tin", name: "Tin", kind: .element)]
        batch.countries = [Country(code: "MEX", name: "Mexico")]
        batch.countryGroups = [CountryGroup(id: "USMCA", name: "USMCA", members: ["MEX"], source: "bad")]
        batch.citations.append(newCitation)
        return batch
    }

    private func observation(commodity: CommodityID = "tin", area: Area = .country("MEX"), partner: Area? = nil, citation: CitationID = "test/new")
        -> Observation
    {
        Observation(
            commodity: commodity, measure: .production, area: area, partner: partner, period: Period(2024),
            quantity: Quantity(.value(1), unit: .metricTons), citation: citation, source: SourceLocation(file: "bad.csv", line: 7))
    }

    @Test("an observation of an unknown commodity names the dataset, file, line and commodity", arguments: StoreEngine.available)
    func unknownCommodity(engine: StoreEngine) async throws {
        let error = try await rejected(badObservations(observation(commodity: "unobtainium")), engine)
        #expect(error?.code == .notFound)
        #expect(error?.file == "bad.csv")
        #expect(error?.line == 7)
        #expect(error?.field == "commodity")
        #expect(error?.value == "unobtainium")
        #expect(
            error?.description == """
                bad.csv:7: field 'commodity': dataset 'test-usgs': the observation names commodity 'unobtainium', which is not in the catalogue \
                (value: "unobtainium")
                """)
    }

    @Test("an observation of an unknown partner country is rejected", arguments: StoreEngine.available)
    func unknownPartner(engine: StoreEngine) async throws {
        let error = try await rejected(badObservations(observation(partner: .country("ZZZ"))), engine)
        #expect(error?.code == .notFound)
        #expect(error?.field == "partner")
        #expect(error?.value == "ZZZ")
        #expect(error?.line == 7)
    }

    @Test("a citation neither in the batch nor in the store is rejected", arguments: StoreEngine.available)
    func unknownCitation(engine: StoreEngine) async throws {
        let error = try await rejected(badObservations(observation(citation: "test/missing")), engine)
        #expect(error?.code == .notFound)
        #expect(error?.message == "dataset 'test-usgs': the record cites 'test/missing', which is neither in the batch nor in the store")
        #expect(error?.field == "citation")
    }

    @Test("a NaN amount is rejected, since SQLite would store it as NULL", arguments: StoreEngine.available)
    func nanAmount(engine: StoreEngine) async throws {
        var nan = observation()
        nan.quantity.amount = .range(1, .nan)
        let error = try await rejected(badObservations(nan), engine)
        #expect(error?.code == .storage)
        #expect(error?.field == "value_high")
        #expect(error?.line == 7)
    }

    @Test("a governance score repeated for the same country, year and dimension is a conflict", arguments: StoreEngine.available)
    func duplicateGovernanceKey(engine: StoreEngine) async throws {
        var repeated = Fixture.scores[0]
        repeated.estimate = 0.5
        repeated.source = SourceLocation(file: "wgi.csv", line: 9)
        let error = try await rejected(Fixture.governance(checksum: "wgi-bad", Fixture.scores + [repeated]), engine)
        #expect(error?.code == .conflict)
        #expect(error?.file == "wgi.csv")
        #expect(error?.line == 9)
        #expect(error?.message == "dataset 'test-wgi': the governance score for CAN 2023 va appears twice (first at wgi.csv:2)")
    }

    @Test("a governance score for an unknown country is rejected", arguments: StoreEngine.available)
    func unknownGovernanceCountry(engine: StoreEngine) async throws {
        let unknown = GovernanceScore(
            country: "XKX", year: 2023, dimension: .ruleOfLaw, estimate: 0, citation: Fixture.wgiCitation.id,
            source: SourceLocation(file: "wgi.csv", line: 12))
        let error = try await rejected(Fixture.governance(checksum: "wgi-bad", Fixture.scores + [unknown]), engine)
        #expect(error?.code == .notFound)
        #expect(
            error?.description == """
                wgi.csv:12: field 'country': dataset 'test-wgi': the governance score names country 'XKX', which is not in the catalogue \
                (value: "XKX")
                """)
    }

    @Test("a critical list naming an unknown commodity is rejected", arguments: StoreEngine.available)
    func unknownListCommodity(engine: StoreEngine) async throws {
        var list = Fixture.usList
        list.members.append(CriticalListMember(position: 4, asListed: "Unobtainium", commodities: ["unobtainium"]))
        let error = try await rejected(Fixture.lists(checksum: "lists-bad", [list]), engine)
        #expect(error?.code == .notFound)
        #expect(
            error?.message
                == "dataset 'test-lists': critical list 'US-2022' entry 4 'Unobtainium' names commodity 'unobtainium', which is not in the catalogue")
    }

    @Test("a critical list twice in one batch is a conflict", arguments: StoreEngine.available)
    func duplicateList(engine: StoreEngine) async throws {
        let error = try await rejected(Fixture.lists(checksum: "lists-bad", [Fixture.usList, Fixture.canadaList, Fixture.usList]), engine)
        #expect(error?.code == .conflict)
        #expect(error?.message == "dataset 'test-lists': critical list 'US-2022' appears twice")
    }

    @Test("an HS code twice in one edition is a conflict", arguments: StoreEngine.available)
    func duplicateHSCode(engine: StoreEngine) async throws {
        var batch = Fixture.hsCodes(checksum: "hs-bad")
        batch.hsCodes.append(Fixture.codes[1])
        let error = try await rejected(batch, engine)
        #expect(error?.code == .conflict)
        #expect(error?.message == "dataset 'test-hs': HS code 2605 (HS2022) appears twice")
    }

    @Test("a commodity whose parent is unknown, or a group with an unknown member, is rejected", arguments: StoreEngine.available)
    func unknownCatalogueReferences(engine: StoreEngine) async throws {
        var orphan = Fixture.catalogue(checksum: "catalogue-bad")
        orphan.commodities.append(Commodity(id: "dysprosium", name: "Dysprosium", kind: .element, parent: "lanthanides"))
        let parent = try await rejected(orphan, engine)
        #expect(parent?.message == "dataset 'test-catalogue': commodity 'dysprosium' has parent 'lanthanides', which is not in the catalogue")

        var group = Fixture.catalogue(checksum: "catalogue-bad")
        group.countryGroups.append(CountryGroup(id: "G2", name: "G2", members: ["USA", "ATL"], source: "test"))
        let member = try await rejected(group, engine)
        #expect(member?.message == "dataset 'test-catalogue': country group 'G2' lists country 'ATL', which is not in the catalogue")
    }

    @Test("a dataset citing an unknown citation is rejected", arguments: StoreEngine.available)
    func unknownDatasetCitation(engine: StoreEngine) async throws {
        var batch = Fixture.hsCodes(checksum: "hs-bad")
        batch.descriptor.citation = "test/elsewhere"
        let error = try await rejected(batch, engine)
        #expect(error?.code == .notFound)
        #expect(error?.field == "citation")
        #expect(error?.value == "test/elsewhere")
    }
}
