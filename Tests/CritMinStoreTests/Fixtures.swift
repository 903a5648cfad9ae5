import CritMinCore
import CritMinStore
import CritMinTestSupport
import Foundation

/// Small batches written by hand, one per kind of record, over a shared catalogue.
enum Fixture {
    static let referenceCitation = Citation(
        id: "test/reference", publisher: "critmin tests", publication: "Test catalogue", edition: "1", table: "commodities", year: 2026,
        url: "https://example.org/catalogue", licence: "CC0", note: "Hand-written fixture")
    static let usgsCitation = Citation(id: "test/usgs", publisher: "U.S. Geological Survey", publication: "Mineral Commodity Summaries 2026")
    static let wgiCitation = Citation(id: "test/wgi", publisher: "World Bank", publication: "Worldwide Governance Indicators", edition: "2024 update")
    static let listCitation = Citation(id: "test/lists", publisher: "critmin tests", publication: "Critical-mineral lists")
    static let hsCitation = Citation(id: "test/hs", publisher: "World Customs Organization", publication: "HS 2022")
    static let tradeCitation = Citation(id: "test/trade", publisher: "CEPII", publication: "BACI", edition: "HS92 V202401b")

    static func descriptor(_ id: DatasetID, citation: CitationID) -> DatasetDescriptor {
        DatasetDescriptor(id: id, title: "Test dataset \(id)", kind: "test", owner: "critmin", classification: .public, citation: citation)
    }

    /// Commodities (with a group and its member), countries with aliases, and one country group.
    static func catalogue(checksum: String = "catalogue-1") -> ImportBatch {
        ImportBatch(
            descriptor: descriptor("test-catalogue", citation: referenceCitation.id), checksum: checksum, sourceFiles: ["commodities.csv"],
            citations: [referenceCitation],
            commodities: [
                Commodity(
                    id: "cobalt", name: "Cobalt", symbol: "Co", kind: .element, aliases: ["Cobalt metal"], hsCodes: ["2605", "8105"],
                    usgsChapter: "cobalt"),
                Commodity(id: "lithium", name: "Lithium", symbol: "Li", kind: .element),
                // The member comes before its group: the parent reference is only checked at commit.
                Commodity(id: "neodymium", name: "Neodymium", symbol: "Nd", kind: .element, parent: "rare-earths"),
                Commodity(id: "rare-earths", name: "Rare earths", symbol: "REE", kind: .group, aliases: ["rare-earth elements", "REE"]),
            ],
            countries: [
                Country(code: "CAN", alpha2: "CA", numeric: "124", name: "Canada", aliases: [CountryAlias(scheme: "usgs", name: "Canada")]),
                Country(
                    code: "USA", alpha2: "US", numeric: "840", name: "United States", officialName: "United States of America",
                    aliases: [CountryAlias(scheme: "usgs", name: "United States"), CountryAlias(scheme: "common", name: "USA")]),
                Country(code: "CHN", alpha2: "CN", numeric: "156", name: "China"),
                Country(
                    code: "COD", alpha2: "CD", numeric: "180", name: "Congo, The Democratic Republic of the",
                    aliases: [CountryAlias(scheme: "usgs", name: "Congo (Kinshasa)")]),
                Country(code: "ANT", alpha2: "AN", numeric: "530", name: "Netherlands Antilles", withdrawn: "2011-12-13"),
            ],
            countryGroups: [CountryGroup(id: "USMCA", name: "United States–Mexico–Canada Agreement", members: ["USA", "CAN"], source: "test")])
    }

    /// One observation for every ``Amount`` case, every optional field set somewhere and left out somewhere.
    static let everyAmount: [Observation] = {
        let amounts: [Amount] = [
            .value(3500), .greaterThan(95), .lessThan(0.1), .range(890, 1000), .zero, .withheld, .notAvailable, .notApplicable, .netExporter,
            .text("Small"), .text(""),
        ]
        var observations = amounts.enumerated().map { offset, amount in
            Observation(
                commodity: "cobalt", stage: .mine, measure: .production, area: .country("COD"), period: Period(2024),
                quantity: Quantity(amount, unit: MeasureUnit("t", basis: "cobalt content")), citation: usgsCitation.id,
                source: SourceLocation(file: "cobalt.csv", line: offset + 2))
        }
        observations += [
            Observation(
                commodity: "cobalt", stage: .refinery, measure: .importShare, area: .country("USA"), partner: .country("CHN"),
                period: Period(start: 2021, end: 2024), label: "Metal, oxide, and salts",
                quantity: Quantity(
                    .value(0.1 + 0.2), unit: .percent,
                    estimated: true, raw: "0.30e"), rank: 1, note: "Includes re-exports", citation: usgsCitation.id,
                source: SourceLocation(file: "cobalt.csv", line: 20)),
            Observation(
                commodity: "cobalt", measure: .reserves, area: .world, period: Period(2025), quantity: Quantity(.value(-0.0), unit: .metricTons),
                citation: usgsCitation.id, source: SourceLocation(file: "cobalt.csv", line: 21)),
            Observation(
                commodity: "rare-earths", stage: .mine, measure: .production, area: .otherCountries, period: Period(2024),
                quantity: Quantity(.range(.leastNonzeroMagnitude, .greatestFiniteMagnitude), unit: .thousandMetricTons),
                citation: usgsCitation.id, source: SourceLocation(file: "rare_earths.csv", line: 3)),
            Observation(
                commodity: "neodymium", stage: .processing, measure: .price, area: .group("EU"), period: Period(2023),
                quantity: Quantity(.greaterThan(-.infinity), unit: MeasureUnit("USD/kg")), citation: usgsCitation.id,
                source: SourceLocation(file: "rare_earths.csv", line: 4)),
        ]
        return observations
    }()

    static func observations(checksum: String = "usgs-1", _ observations: [Observation] = everyAmount) -> ImportBatch {
        ImportBatch(
            descriptor: descriptor("test-usgs", citation: usgsCitation.id), checksum: checksum, sourceFiles: ["cobalt.csv", "rare_earths.csv"],
            citations: [usgsCitation], observations: observations)
    }

    static let scores: [GovernanceScore] = [
        GovernanceScore(
            country: "CAN", year: 2023, dimension: .voiceAndAccountability, estimate: 1.2345678901234567, standardError: 0.13,
            sourceCount: 10, percentileRank: 93.6, percentileRankLower: 89.1, percentileRankUpper: 97.2, citation: wgiCitation.id,
            source: SourceLocation(file: "wgi.csv", line: 2)),
        GovernanceScore(
            country: "CAN", year: 2022, dimension: .ruleOfLaw, estimate: 1.6, citation: wgiCitation.id,
            source: SourceLocation(file: "wgi.csv", line: 3)),
        GovernanceScore(
            country: "CHN", year: 2023, dimension: .voiceAndAccountability, estimate: -1.6, standardError: 0.14, sourceCount: 8,
            citation: wgiCitation.id, source: SourceLocation(file: "wgi.csv", line: 4)),
        GovernanceScore(
            country: "COD", year: 2021, dimension: .politicalStability, estimate: -1.9, citation: wgiCitation.id,
            source: SourceLocation(file: "wgi.csv", line: 5)),
    ]

    static func governance(checksum: String = "wgi-1", _ scores: [GovernanceScore] = scores) -> ImportBatch {
        ImportBatch(
            descriptor: descriptor("test-wgi", citation: wgiCitation.id), checksum: checksum, sourceFiles: ["wgi.csv"], citations: [wgiCitation],
            governance: scores)
    }

    static let usList = CriticalList(
        id: "US-2022", jurisdiction: "USA", title: "2022 Final List of Critical Minerals", publisher: "U.S. Geological Survey", date: "2022-02-24",
        reference: "87 FR 10381",
        members: [
            CriticalListMember(position: 1, asListed: "Cobalt", commodities: ["cobalt"]),
            CriticalListMember(position: 2, asListed: "Rare earth elements group", commodities: ["rare-earths", "neodymium"]),
            CriticalListMember(position: 3, asListed: "Lithium", commodities: ["lithium"]),
        ])
    static let canadaList = CriticalList(
        id: "CA-2024", jurisdiction: "CAN", title: "Canada's Critical Minerals List 2024", publisher: "Natural Resources Canada",
        date: "2024-06-10", reference: "NRCan 2024", members: [CriticalListMember(position: 1, asListed: "Cobalt", commodities: ["cobalt"])])

    static func lists(checksum: String = "lists-1", _ lists: [CriticalList] = [usList, canadaList]) -> ImportBatch {
        ImportBatch(
            descriptor: descriptor("test-lists", citation: listCitation.id), checksum: checksum, sourceFiles: ["lists.csv"],
            citations: [listCitation], criticalLists: lists)
    }

    static let codes: [HSCode] = [
        HSCode(code: "26", description: "Ores, slag and ash", parent: nil, section: "V", edition: "HS2022"),
        HSCode(code: "2605", description: "Cobalt ores and concentrates", parent: "26", section: "V", edition: "HS2022"),
        HSCode(code: "260500", description: "Cobalt ores and concentrates", parent: "2605", section: "V", edition: "HS2022"),
        HSCode(code: "81", description: "Other base metals; cermets", parent: nil, section: "XV", edition: "HS2022"),
        HSCode(code: "8105", description: "Cobalt mattes and other intermediate products", parent: "81", section: nil, edition: "HS2022"),
    ]

    static func hsCodes(checksum: String = "hs-1") -> ImportBatch {
        ImportBatch(
            descriptor: descriptor("test-hs", citation: hsCitation.id), checksum: checksum, sourceFiles: ["hs.csv"], citations: [hsCitation],
            hsCodes: codes)
    }

    /// One flow with every field, and flows without a value, without a quantity, with -0.0 and an inexact sum.
    static let flows: [TradeFlow] = [
        TradeFlow(
            year: 2022, exporter: "CAN", importer: "USA", hsCode: "810510", value: 77_776.2, quantity: 1_307.775, citation: tradeCitation.id,
            source: SourceLocation(file: "baci.db#baci_trade", line: 2)),
        TradeFlow(
            year: 2022, exporter: "CHN", importer: "USA", hsCode: "810510", value: 5_000, quantity: nil, citation: tradeCitation.id,
            source: SourceLocation(file: "baci.db#baci_trade", line: 3)),
        TradeFlow(
            year: 2023, exporter: "COD", importer: "CHN", hsCode: "260500", value: nil, quantity: 1_000, citation: tradeCitation.id,
            source: SourceLocation(file: "baci.db#baci_trade", line: 4)),
        TradeFlow(
            year: 2021, exporter: "USA", importer: "CAN", hsCode: "282200", value: -0.0, quantity: 0.1 + 0.2, citation: tradeCitation.id,
            source: SourceLocation(file: "baci.db#baci_trade", line: 5)),
    ]
    static let tradeCodes = [
        TradeCodeMapping(
            commodity: "cobalt", stage: .mine, nomenclature: "HS92", hsCodes: ["260500", "282200", "810510"], productionCitation: usgsCitation.id,
            reference: "Cobalt", citation: tradeCitation.id),
        TradeCodeMapping(
            commodity: "rare-earths", stage: .refinery, nomenclature: "HS92", hsCodes: ["284690"], productionCitation: usgsCitation.id,
            reference: "Rare earth", citation: tradeCitation.id),
    ]

    static func trade(checksum: String = "trade-1", _ flows: [TradeFlow] = flows, codes: [TradeCodeMapping] = tradeCodes) -> ImportBatch {
        ImportBatch(
            descriptor: descriptor("test-trade", citation: tradeCitation.id), checksum: checksum, sourceFiles: ["baci.db"],
            citations: [tradeCitation], tradeFlows: flows, tradeCodes: codes)
    }

    /// A store holding the catalogue and one batch of every kind.
    static func populatedStore(_ engine: StoreEngine = .sqlite) async throws -> any TestStore {
        let store = try await engine.emptyStore()
        for batch in [catalogue(), observations(), governance(), lists(), hsCodes(), trade()] {
            _ = try await store.apply(batch, importedBy: "tests")
        }
        return store
    }
}

/// Everything a store returns, to check that a failed import changed nothing.
struct StoreSnapshot: Equatable {
    var commodities: [CommodityID: Commodity]
    var countries: [CountryCode: Country]
    var groups: [String: CountryGroup]
    var citations: [CitationID: Citation]
    var versions: [DatasetVersion]
    var observations: [StoredObservation]
    var governance: [StoredGovernanceScore]
    var lists: [CriticalList]
    var hsCodes: [HSCode]
    var tradeFlows: [StoredTradeFlow]
    var tradeCodes: [TradeCodeMapping]

    /// - Parameter citationIDs: The citations to compare (the store cannot list all of them).
    init(_ store: any Store, citationIDs: Set<CitationID>) async throws {
        let catalogue = try await store.catalogue()
        commodities = catalogue.commodities
        countries = catalogue.countries
        groups = catalogue.groups
        citations = try await store.citations(citationIDs)
        versions = try await store.datasetVersions(latestOnly: false)
        observations = try await store.observations(ObservationQuery())
        governance = try await store.governance(GovernanceQuery())
        lists = try await store.criticalLists()
        hsCodes = try await store.hsCodes(prefix: nil)
        tradeFlows = try await store.tradeFlows(TradeFlowQuery())
        tradeCodes = try await store.tradeCodes()
    }
}

/// A folder of its own under the temporary directory, for one test's database files.
struct TemporaryFolder {
    let url = FileManager.default.temporaryDirectory.appendingPathComponent("critmin-store-tests-\(UUID().uuidString)")

    func remove() {
        try? FileManager.default.removeItem(at: url)
    }
}
