import CritMinCore
import CritMinStore
import CritMinTestSupport
import Foundation
import Testing

@Suite("Site records in the store")
struct SiteRecordStoreTests {
    static let citation = Citation(id: "test/sites", publisher: "Natural Resources Canada", publication: "Test register", year: 2025)

    /// Every attribute set, an estimate with a bound and a range, an action with a lower bound: all must read back exactly.
    static let records: [SiteRecord] = [
        SiteRecord(
            citation: citation.id, recordID: "1", name: "Whabouchi", aliases: ["Nemaska Whabouchi"], kind: .project,
            location: try! GeoPoint(latitude: 51.68, longitude: -75.83), country: .canada, subdivision: "QC", commodities: ["lithium"],
            unresolvedCommodities: ["Spodumene concentrate"], depositType: "pegmatite", stage: .construction, status: .onHold,
            stageHistory: [StageChange(year: 2019, stage: .feasibility), StageChange(year: 2023, stage: .construction)],
            owners: [SiteOwnership(company: "Nemaska Lithium Inc.", role: .ownerOperator, share: 0.5)], formerOwners: ["Nemaska Exploration"],
            resources: [
                ResourceEstimate(
                    commodity: "lithium", category: .provenAndProbable, year: 2023, ore: Quantity(.value(36.6), unit: MeasureUnit("Mt")),
                    grade: Quantity(.greaterThan(1.3), unit: MeasureUnit("%", basis: "Li2O")),
                    contained: Quantity(.range(470_000, 480_000), unit: MeasureUnit("t", basis: "Li2O"), estimated: true))
            ],
            outputs: [
                SiteOutput(
                    commodity: "lithium", kind: .capacity, year: 2026, quantity: Quantity(.value(34_000), unit: MeasureUnit("t", basis: "LCE")))
            ],
            actions: [SiteAction(action: "loan", agency: "EDC", program: nil, amountUSD: .greaterThan(1e8), date: "2024-01-05", note: "more than")],
            asOf: 2025, unverified: [.owners, .stage]),
        SiteRecord(
            citation: citation.id, recordID: "2", name: "Kings Valley", kind: .deposit, location: nil, country: .unitedStates, subdivision: "NV",
            commodities: ["lithium"]),
    ]

    static func batch(_ records: [SiteRecord] = records, checksum: String = "sites-1", classification: Classification = .public) -> ImportBatch {
        var descriptor = Fixture.descriptor("test-sites", citation: citation.id)
        descriptor.classification = classification
        return ImportBatch(descriptor: descriptor, checksum: checksum, sourceFiles: ["sites.csv"], citations: [citation], siteRecords: records)
    }

    @Test("records read back exactly, by country, with their dataset version; export rebuilds the batch", arguments: StoreEngine.available)
    func roundTrip(engine: StoreEngine) async throws {
        let store = try await Fixture.populatedStore(engine)
        let outcome = try await store.apply(Self.batch(), importedBy: "tests")
        #expect(outcome.version.recordCount == 2)
        let stored = try await store.siteRecords(SiteRecordQuery())
        #expect(stored.map(\.record) == Self.records)
        #expect(stored.allSatisfy { $0.dataset == "test-sites" && $0.version == 1 })
        #expect(try await store.siteRecords(SiteRecordQuery(countries: [.unitedStates])).map(\.record.recordID) == ["2"])
        #expect(try await store.siteRecords(SiteRecordQuery(countries: [])).isEmpty)
        let exported = try await store.exportBatches().first { $0.descriptor.id == "test-sites" }
        #expect(exported?.siteRecords == Self.records)
        #expect(exported?.citations.map(\.id) == [Self.citation.id])
    }

    @Test("the latest version is read unless one is pinned", arguments: StoreEngine.available)
    func versions(engine: StoreEngine) async throws {
        let store = try await Fixture.populatedStore(engine)
        _ = try await store.apply(Self.batch(), importedBy: "tests")
        _ = try await store.apply(Self.batch([Self.records[1]], checksum: "sites-2"), importedBy: "tests")
        #expect(try await store.siteRecords(SiteRecordQuery()).map(\.record.recordID) == ["2"])
        #expect(try await store.siteRecords(SiteRecordQuery(versions: ["test-sites": 1])).count == 2)
    }

    @Test(
        "a duplicate record, an unknown country, commodity or citation is refused and changes nothing", arguments: StoreEngine.available)
    func refused(engine: StoreEngine) async throws {
        let store = try await Fixture.populatedStore(engine)
        _ = try await store.apply(Self.batch(), importedBy: "tests")
        let before = try await store.siteRecords(SiteRecordQuery())
        var unknownCountry = Self.records[1]
        unknownCountry.country = "ATL"
        var unknownCommodity = Self.records[1]
        unknownCommodity.resources = [
            ResourceEstimate(commodity: "unobtainium", category: .inferred, year: nil, ore: nil, grade: nil, contained: nil)
        ]
        var unknownCitation = Self.records[1]
        unknownCitation.citation = "test/nowhere"
        let cases: [([SiteRecord], CritMinError.Code, String)] = [
            ([Self.records[0], Self.records[0]], .conflict, "record_id"), ([unknownCountry], .notFound, "country"),
            ([unknownCommodity], .notFound, "commodities"), ([unknownCitation], .notFound, "citation"),
        ]
        for (records, code, field) in cases {
            let error = try await #require(throws: CritMinError.self) {
                try await store.apply(Self.batch(records, checksum: "bad-\(field)"), importedBy: "tests")
            }
            #expect(error.code == code && error.field == field, "\(error)")
        }
        #expect(try await store.siteRecords(SiteRecordQuery()) == before)
        #expect(try await store.datasetVersions(latestOnly: false).filter { $0.descriptor.id == "test-sites" }.count == 1)
    }

    @Test("a scoped store reads the site records of its datasets only, and logs them", arguments: StoreEngine.available)
    func scoped(engine: StoreEngine) async throws {
        let store = try await Fixture.populatedStore(engine)
        _ = try await store.apply(Self.batch(classification: .bilateral), importedBy: "tests")
        let log = DatasetReadLog()
        #expect(try await store.scoped(to: ["test-usgs"], log: log).siteRecords(SiteRecordQuery()).isEmpty)
        #expect(try await store.scoped(to: ["test-sites"], log: log).siteRecords(SiteRecordQuery()).count == 2)
        #expect(log.datasets == ["test-sites"])
    }
}
