import CritMinCore
import CritMinStore
import CritMinTestSupport
import Testing

@Suite("Queries")
struct QueryTests {
    /// The source lines of the matching observations (every fixture observation has its own line).
    private func lines(_ store: any TestStore, _ query: ObservationQuery) async throws -> [Int] {
        try await store.observations(query).map(\.observation.source.line)
    }

    @Test("observation filters on commodity, measure, stage, area, partner, label and dataset", arguments: StoreEngine.available)
    func observationFilters(engine: StoreEngine) async throws {
        let store = try await Fixture.populatedStore(engine)
        // Fixture lines: 2…12 cobalt mine production in COD (one per Amount case), 20 the import share USA ← CHN,
        // 21 cobalt world reserves (no stage), 3 rare-earths residual, 4 neodymium EU price.
        let cobaltProduction = Array(2...12)
        #expect(try await lines(store, ObservationQuery(commodities: ["rare-earths", "neodymium"])) == [3, 4])
        #expect(try await lines(store, ObservationQuery(measures: [.reserves, .importShare])) == [20, 21])
        #expect(try await lines(store, ObservationQuery(stages: [.refinery, .processing])) == [20, 4])
        #expect(try await lines(store, ObservationQuery(areas: [.world, .otherCountries, .group("EU")])) == [21, 3, 4])
        #expect(try await lines(store, ObservationQuery(areas: [.country("COD")])) == cobaltProduction)
        #expect(try await lines(store, ObservationQuery(partners: [.country("CHN")])) == [20])
        #expect(try await lines(store, ObservationQuery(labels: ["Metal, oxide, and salts"])) == [20])
        #expect(try await lines(store, ObservationQuery(commodities: ["cobalt"], stages: [.mine], areas: [.country("COD")])) == cobaltProduction)
        #expect(try await lines(store, ObservationQuery(datasets: ["test-usgs"])).count == Fixture.everyAmount.count)
        #expect(try await lines(store, ObservationQuery(datasets: ["test-wgi"])).isEmpty)
        #expect(try await lines(store, ObservationQuery(commodities: [])).isEmpty)
    }

    @Test(
        "a year filter matches the periods it overlaps",
        arguments: [
            (2023...2030, true), (2024...2024, true), (2021...2021, true), (2000...2021, true), (2025...2030, false), (2019...2020, false),
        ])
    func yearOverlap(years: ClosedRange<Int>, matches: Bool) async throws {
        for engine in StoreEngine.available {
            let store = try await Fixture.populatedStore(engine)
            // Line 20 is the only observation with a span of years, 2021–24.
            let matched = try await lines(store, ObservationQuery(measures: [.importShare], years: years))
            #expect(matched == (matches ? [20] : []), "\(engine)")
        }
    }

    @Test(
        "latest period only: each series (commodity, measure, stage, label) keeps its newest year within the filter, every area",
        arguments: StoreEngine.available)
    func latestPeriodOnly(engine: StoreEngine) async throws {
        let store = try await engine.emptyStore()
        _ = try await store.apply(Fixture.catalogue(), importedBy: "tests")
        func production(_ stage: Stage, _ area: Area, _ year: Int, label: String? = nil, line: Int) -> Observation {
            Observation(
                commodity: "cobalt", stage: stage, measure: .production, area: area, period: Period(year), label: label,
                quantity: Quantity(.value(1), unit: .metricTons), citation: Fixture.usgsCitation.id,
                source: SourceLocation(file: "cobalt.csv", line: line))
        }
        let rows = [
            production(.mine, .country("COD"), 2023, line: 2), production(.mine, .country("COD"), 2024, line: 3),
            production(.mine, .world, 2024, line: 4), production(.mine, .country("CAN"), 2023, line: 5),
            production(.refinery, .country("CHN"), 2022, line: 6), production(.mine, .country("COD"), 2025, label: "Capacity", line: 7),
        ]
        _ = try await store.apply(Fixture.observations(rows), importedBy: "tests")
        // Mine (no label): 2024 is the newest, so CAN's 2023 figure goes too; refinery's newest is 2022; the labelled series
        // is a series of its own.
        #expect(try await lines(store, ObservationQuery(latestPeriodOnly: true)) == [3, 4, 6, 7])
        // Within 2020–2023 the mine series' newest year is 2023, and the labelled series has none.
        #expect(try await lines(store, ObservationQuery(years: 2020...2023, latestPeriodOnly: true)) == [2, 5, 6])
        #expect(try await lines(store, ObservationQuery(stages: [.mine], years: 2020...2023, latestPeriodOnly: true)) == [2, 5])
    }

    @Test("a year filter keeps single years inside the range", arguments: StoreEngine.available)
    func yearRange(engine: StoreEngine) async throws {
        let store = try await Fixture.populatedStore(engine)
        // 2025: only line 21 (world reserves); 2023: line 4 (neodymium price) and line 20 (2021–24).
        #expect(try await lines(store, ObservationQuery(years: 2025...2030)) == [21])
        #expect(try await lines(store, ObservationQuery(years: 2023...2023)) == [20, 4])
    }

    @Test("governance query filters on country, year and dimension", arguments: StoreEngine.available)
    func governanceFilters(engine: StoreEngine) async throws {
        let store = try await Fixture.populatedStore(engine)
        func lines(_ query: GovernanceQuery) async throws -> [Int] {
            try await store.governance(query).map(\.score.source.line)
        }
        // Fixture lines: 2 CAN 2023 va, 3 CAN 2022 rl, 4 CHN 2023 va, 5 COD 2021 pv.
        #expect(try await lines(GovernanceQuery()) == [2, 3, 4, 5])
        #expect(try await lines(GovernanceQuery(countries: ["CAN"])) == [2, 3])
        #expect(try await lines(GovernanceQuery(years: 2022...2023)) == [2, 3, 4])
        #expect(try await lines(GovernanceQuery(dimensions: [.voiceAndAccountability])) == [2, 4])
        #expect(try await lines(GovernanceQuery(countries: ["CAN", "COD"], years: 2021...2022, dimensions: [.politicalStability])) == [5])
        let stored = try await store.governance(GovernanceQuery(countries: ["CHN"]))
        #expect(stored == [StoredGovernanceScore(score: Fixture.scores[2], dataset: "test-wgi", version: 1)])
    }

    @Test("governance reads the latest version only", arguments: StoreEngine.available)
    func governanceLatest(engine: StoreEngine) async throws {
        let store = try await Fixture.populatedStore(engine)
        _ = try await store.apply(Fixture.governance(checksum: "wgi-2", [Fixture.scores[3]]), importedBy: "tests")
        #expect(try await store.governance(GovernanceQuery()) == [StoredGovernanceScore(score: Fixture.scores[3], dataset: "test-wgi", version: 2)])
    }

    @Test("critical lists come from the latest version of their dataset", arguments: StoreEngine.available)
    func criticalListsLatest(engine: StoreEngine) async throws {
        let store = try await Fixture.populatedStore(engine)
        var revised = Fixture.usList
        revised.members.removeLast()
        revised.reference = "87 FR 10381 (revised)"
        _ = try await store.apply(Fixture.lists(checksum: "lists-2", [revised]), importedBy: "tests")

        #expect(try await store.criticalLists() == [revised])
        #expect(try await store.criticalList("us-2022") == revised)
        #expect(try await store.criticalList("CA-2024") == nil)
    }

    @Test("a list held by two datasets is read from the most recently imported", arguments: StoreEngine.available)
    func criticalListAcrossDatasets(engine: StoreEngine) async throws {
        let store = try await Fixture.populatedStore(engine)
        var other = Fixture.lists(checksum: "other-1", [Fixture.canadaList])
        other.descriptor.id = "test-lists-other"
        other.criticalLists[0].title = "Canada's list, second source"
        _ = try await store.apply(other, importedBy: "tests")

        #expect(try await store.criticalLists().map(\.id) == ["US-2022", "CA-2024", "CA-2024"])
        #expect(try await store.criticalList("CA-2024")?.title == "Canada's list, second source")
    }

    @Test(
        "HS codes by prefix",
        arguments: [
            ("26", ["26", "2605", "260500"]), ("2605", ["2605", "260500"]), ("8", ["81", "8105"]), ("", ["26", "2605", "260500", "81", "8105"]),
            ("3", []),
        ])
    func hsCodePrefix(prefix: String, expected: [String]) async throws {
        for engine in StoreEngine.available {
            #expect(try await Fixture.populatedStore(engine).hsCodes(prefix: prefix).map(\.code) == expected, "\(engine)")
        }
    }

    @Test("citations are returned for the ids the store holds", arguments: StoreEngine.available)
    func citations(engine: StoreEngine) async throws {
        let store = try await Fixture.populatedStore(engine)
        let found = try await store.citations([Fixture.referenceCitation.id, Fixture.wgiCitation.id, "test/absent"])
        #expect(found == [Fixture.referenceCitation.id: Fixture.referenceCitation, Fixture.wgiCitation.id: Fixture.wgiCitation])
        #expect(try await store.citations([]).isEmpty)
    }

    @Test("dataset versions keep their description, in the order datasets were first imported", arguments: StoreEngine.available)
    func datasetVersions(engine: StoreEngine) async throws {
        let store = try await Fixture.populatedStore(engine)
        _ = try await store.apply(Fixture.catalogue(checksum: "catalogue-2"), importedBy: "later")
        let versions = try await store.datasetVersions(latestOnly: true)
        #expect(versions.map(\.descriptor.id) == ["test-catalogue", "test-usgs", "test-wgi", "test-lists", "test-hs", "test-trade"])
        #expect(versions[0].version == 2)
        #expect(versions[0].importedBy == "later")
        #expect(versions[2].descriptor == Fixture.descriptor("test-wgi", citation: Fixture.wgiCitation.id))
        #expect(versions[2].sourceFiles == ["wgi.csv"])
        #expect(versions[2].checksum == "wgi-1")
        #expect(try await store.datasetVersions(latestOnly: false).count == 7)
    }
}
