import CritMinCore
import CritMinStore
import CritMinTestSupport
import Foundation
import GRDB
import Testing

@Suite("Trade flows, trade codes and governance datasets")
struct TradeTests {
    /// The source lines of the flows a query matches (every fixture flow has its own line).
    private func lines(_ store: any TestStore, _ query: TradeFlowQuery) async throws -> [Int] {
        try await store.tradeFlows(query).map(\.flow.source.line)
    }

    @Test("flows read back exactly, doubles bit for bit, nil as nil, with their dataset version", arguments: StoreEngine.available)
    func roundTrip(engine: StoreEngine) async throws {
        let store = try await Fixture.populatedStore(engine)
        let stored = try await store.tradeFlows(TradeFlowQuery())
        #expect(stored.map(\.flow) == Fixture.flows)
        #expect(stored.allSatisfy { $0.dataset == "test-trade" && $0.version == 1 })
        let bits = { (flows: [TradeFlow]) in flows.map { [$0.value?.bitPattern, $0.quantity?.bitPattern] } }
        #expect(bits(stored.map(\.flow)) == bits(Fixture.flows))
        #expect(try await store.tradeCodes() == Fixture.tradeCodes)
    }

    @Test("flow filters on importer, exporter, HS code and years, combined; an empty set matches nothing", arguments: StoreEngine.available)
    func filters(engine: StoreEngine) async throws {
        let store = try await Fixture.populatedStore(engine)
        // Fixture lines: 2 CAN→USA 810510 2022, 3 CHN→USA 810510 2022, 4 COD→CHN 260500 2023, 5 USA→CAN 282200 2021.
        #expect(try await lines(store, TradeFlowQuery(importers: [.unitedStates])) == [2, 3])
        #expect(try await lines(store, TradeFlowQuery(exporters: [.canada, "COD"])) == [2, 4])
        #expect(try await lines(store, TradeFlowQuery(hsCodes: ["260500", "282200"])) == [4, 5])
        #expect(try await lines(store, TradeFlowQuery(years: 2022...2023)) == [2, 3, 4])
        #expect(
            try await lines(store, TradeFlowQuery(hsCodes: ["810510"], years: 2022...2022, importers: [.unitedStates], exporters: [.china])) == [3])
        #expect(try await lines(store, TradeFlowQuery(importers: [])).isEmpty)
    }

    @Test("flows and codes come from the latest version unless a version is pinned", arguments: StoreEngine.available)
    func versions(engine: StoreEngine) async throws {
        let store = try await Fixture.populatedStore(engine)
        _ = try await store.apply(Fixture.trade(checksum: "trade-2", [Fixture.flows[0]], codes: [Fixture.tradeCodes[1]]), importedBy: "tests")
        #expect(try await store.tradeFlows(TradeFlowQuery()).map(\.version) == [2])
        #expect(try await lines(store, TradeFlowQuery(versions: ["test-trade": 1])) == [2, 3, 4, 5])
        #expect(try await store.tradeCodes() == [Fixture.tradeCodes[1]])
        let error = try await #require(throws: CritMinError.self) { try await store.tradeFlows(TradeFlowQuery(versions: ["test-trade": 3])) }
        #expect(error.code == .notFound)
    }

    @Test("a flow naming an unknown country, a mapping naming an unknown citation, or a NaN changes nothing", arguments: StoreEngine.available)
    func refused(engine: StoreEngine) async throws {
        let store = try await Fixture.populatedStore(engine)
        let citations: Set<CitationID> = [Fixture.tradeCitation.id, Fixture.usgsCitation.id]
        let before = try await StoreSnapshot(store, citationIDs: citations)
        var flows = Fixture.flows
        flows[2].importer = "ATL"
        let country = try await #require(throws: CritMinError.self) {
            try await store.apply(Fixture.trade(checksum: "trade-2", flows), importedBy: "tests")
        }
        #expect(country.code == .notFound && country.file == "baci.db#baci_trade" && country.line == 4 && country.field == "importer")
        #expect(country.value == "ATL")
        var codes = Fixture.tradeCodes
        codes[1].productionCitation = "test/absent"
        let citation = try await #require(throws: CritMinError.self) {
            try await store.apply(Fixture.trade(checksum: "trade-2", codes: codes), importedBy: "tests")
        }
        #expect(citation.code == .notFound && citation.field == "production_citation" && citation.value == "test/absent")
        let twice = try await #require(throws: CritMinError.self) {
            try await store.apply(Fixture.trade(checksum: "trade-2", codes: [Fixture.tradeCodes[0], Fixture.tradeCodes[0]]), importedBy: "tests")
        }
        #expect(twice.code == .conflict && twice.value == "Cobalt")
        flows = Fixture.flows
        flows[1].quantity = .nan
        let nan = try await #require(throws: CritMinError.self) {
            try await store.apply(Fixture.trade(checksum: "trade-2", flows), importedBy: "tests")
        }
        #expect(nan.code == .storage && nan.line == 3 && nan.field == "quantity")
        #expect(try await StoreSnapshot(store, citationIDs: citations) == before)
    }

    @Test("a large batch is inserted whole and in order, and rebuilds the indexes, which queries then use", arguments: StoreEngine.available)
    func largeBatch(engine: StoreEngine) async throws {
        let folder = TemporaryFolder()
        defer { folder.remove() }
        let path = folder.url.appendingPathComponent("trade.sqlite").path
        let store = try SQLiteStore(path: path)
        _ = try await store.apply(Fixture.catalogue(), importedBy: "tests")
        _ = try await store.apply(Fixture.trade(codes: []), importedBy: "tests")
        let countries: [CountryCode] = ["CAN", "USA", "CHN", "COD", "ANT"]
        var flows: [TradeFlow] = []
        // Inserted 100 at a time: 600 full statements and one of 3.
        for line in 0..<60_003 {
            flows.append(
                TradeFlow(
                    year: 1995 + line % 30, exporter: countries[line % 5], importer: countries[(line / 5) % 5], hsCode: String(260_000 + line % 97),
                    value: Double(line), quantity: line % 7 == 0 ? nil : Double(line) / 3, citation: Fixture.tradeCitation.id,
                    source: SourceLocation(file: "big.csv", line: line + 2)))
        }
        var big = Fixture.trade(checksum: "big", flows, codes: [])
        big.descriptor.id = "test-trade-big"
        _ = try await store.apply(big, importedBy: "tests")
        let query = TradeFlowQuery(hsCodes: ["260005"], years: 2000...2004, importers: ["CHN"])
        let expected = (Fixture.flows + flows).filter { $0.importer == "CHN" && $0.hsCode == "260005" && (2000...2004).contains($0.year) }
        #expect(!expected.isEmpty)
        #expect(try await store.tradeFlows(query).map(\.flow) == expected)
        #expect(try await store.tradeFlows(TradeFlowQuery()).map(\.flow) == Fixture.flows + flows)
        try store.close()
        let (indexes, plans) = try await DatabaseQueue(path: path).read { db in
            (
                try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'trade_flows' ORDER BY name"),
                try ["importer", "exporter"].map { column in
                    try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT * FROM trade_flows WHERE \(column) = 'CHN' AND hs_code = '260005'")
                        .map { $0["detail"] as String }.joined()
                }
            )
        }
        #expect(indexes == ["trade_flows_by_exporter", "trade_flows_by_importer"])
        #expect(plans[0].contains("trade_flows_by_importer") && plans[1].contains("trade_flows_by_exporter"))
    }

    @Test("governance queries choose datasets and versions; every score names its dataset", arguments: StoreEngine.available)
    func governanceDatasets(engine: StoreEngine) async throws {
        let store = try await Fixture.populatedStore(engine)
        var politicalStability = Fixture.governance(
            checksum: "pv-1",
            [
                GovernanceScore(
                    country: "CAN", year: 2024, dimension: .politicalStability, estimate: 0.5984769, citation: Fixture.wgiCitation.id,
                    source: SourceLocation(file: "wgi.db#Estimate", line: 36))
            ])
        politicalStability.descriptor.id = "test-wgi-pv"
        _ = try await store.apply(politicalStability, importedBy: "tests")
        _ = try await store.apply(Fixture.governance(checksum: "wgi-2", [Fixture.scores[0]]), importedBy: "tests")

        #expect(try await store.governance(GovernanceQuery()).map(\.dataset) == ["test-wgi-pv", "test-wgi"])
        let pv = try await store.governance(GovernanceQuery(datasets: ["test-wgi-pv"]))
        #expect(pv.map(\.score.year) == [2024] && pv.map(\.dataset) == ["test-wgi-pv"])
        #expect(try await store.governance(GovernanceQuery(datasets: ["test-wgi"])).map(\.version) == [2])
        let pinned = try await store.governance(GovernanceQuery(datasets: ["test-wgi"], versions: ["test-wgi": 1]))
        #expect(pinned.map(\.score) == Fixture.scores && pinned.allSatisfy { $0.version == 1 })
        #expect(try await store.governance(GovernanceQuery(countries: ["CAN"], datasets: [])).isEmpty)
    }
}
