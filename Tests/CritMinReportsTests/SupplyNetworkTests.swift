import CritMinCore
import CritMinIngest
import CritMinReports
import CritMinSimulation
import Foundation
import Testing

/// Supply networks built from the shipped bundle.
@Suite("Supply networks", .serialized)
struct SupplyNetworkTests {
    static func builder() async throws -> ReportBuilder {
        try await ReportBuilder(store: try await ShippedStore.get())
    }

    @Test("cobalt 2024: USGS production in cobalt content, BACI flows scaled by κ = MCS ÷ BACI US imports, US stocks, end uses")
    func cobalt() async throws {
        let network = try await Self.builder().supplyNetwork(commodity: "cobalt", year: 2024)
        #expect(network.year == 2024)
        let mine = try #require(network.stages.first)
        #expect(network.stages.map(\.stage) == [.mine] && mine.unit == "t, cobalt content" && mine.inputRatio == nil)
        #expect(mine.nodes.first { $0.country == "COD" }?.production ?? 0 > 100_000)
        // κ = 10,800 t (MCS 2026, imports for consumption 2024) ÷ 12,349.1 t (BACI 2024 US imports of 282200 and 810510).
        let kappa = 10_800 / 12_349.1
        let usImports = mine.flows.filter { $0.importer == "USA" }.reduce(0) { $0 + $1.quantity }
        #expect(abs(usImports - 10_800) < 1, "US imports in cobalt content equal the MCS figure κ is drawn from")
        #expect(network.notes.contains { $0.contains("κ = \(NumberFormat.grouped(kappa, maximumFractionDigits: 4))") })
        #expect(mine.flows.allSatisfy { $0.provenance == .reported("baci-hs92") && $0.quantity > 0 && $0.exporter != $0.importer })
        // Industry stocks at the end of 2023: 925 t industry + 34 t LME warehouses.
        #expect(mine.nodes.first { $0.country == "USA" }?.industryStocks == 959)
        #expect(network.endUseShares.count == 4 && network.endUseShares.allSatisfy { $0.country == nil })
        #expect(network.notes.contains { $0.contains("stand for every country's use") })
        #expect(abs(network.endUseShares.reduce(0) { $0 + $1.share } - 1) < 1e-9)
    }

    @Test("gallium has no HS code: US imports are rebuilt from MCS totals and import shares, marked reconstructed")
    func galliumReconstructed() async throws {
        let network = try await Self.builder().supplyNetwork(commodity: "gallium", year: 2024)
        let stage = try #require(network.stages.first)
        #expect(stage.stage == .refinery && stage.unit == "t")
        #expect(Set(stage.flows.map(\.exporter)) == ["CAN", "JPN", "CHN", "DEU"] && stage.flows.allSatisfy { $0.importer == "USA" })
        // 11,000 kg of metal imports in 2024 (MCS 2026), 28% from Canada (import sources 2021–24).
        let canada = try #require(stage.flows.first { $0.exporter == "CAN" })
        #expect(abs(canada.quantity - 11 * 0.28) < 1e-9)
        guard case .reconstructed(let total, let shares) = canada.provenance else {
            Issue.record("not reconstructed")
            return
        }
        #expect(total.rawValue.hasPrefix("usgs-mcs-2026/gallium") && shares.rawValue.hasPrefix("usgs-mcs-2026/gallium"))
        #expect(network.notes.contains { $0.contains("16% from other countries has no flow") })
    }

    @Test("a stage without a content factor keeps its producers and leaves its gross-weight trade out, with a note")
    func noContentFactor() async throws {
        let network = try await Self.builder().supplyNetwork(commodity: "copper", year: 2024)
        let stage = try #require(network.stages.first)
        #expect(stage.flows.isEmpty && !stage.nodes.isEmpty)
        #expect(network.notes.contains { $0.contains("left out rather than mixed with production") })
    }

    @Test("the latest year by default; networks of every commodity with trade codes; unknown commodities refused")
    func shippedBundle() async throws {
        let builder = try await Self.builder()
        let networks = try await builder.supplyNetworks(commodities: ["cobalt", "graphite", "lithium", "rare-earths", "palladium"], year: nil)
        #expect(networks.allSatisfy { $0.year == 2024 && !($0.stages.first?.flows.isEmpty ?? true) })
        let graphite = try #require(networks.first { $0.commodity == "graphite" })
        #expect(graphite.notes.contains { $0.contains("κ = 1.0323") })
        await #expect(throws: CritMinError.self) { try await builder.supplyNetwork(commodity: "unobtainium", year: 2024) }
    }

    @Test("every shipped example parses, and every commodity it names has a network with flows")
    func examples() async throws {
        let store = try await ShippedStore.get()
        let catalogue = try await store.catalogue()
        let builder = try await ReportBuilder(store: store)
        let files = try ShippedScenarios.scenarioFiles()
        #expect(files.count == 6)
        // The repository's examples/ is the same folder.
        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        #expect(
            Set(try FileManager.default.contentsOfDirectory(atPath: repository.appendingPathComponent("examples").path))
                == Set(files.map(\.lastPathComponent) + [ShippedScenarios.interventionsFile]))
        for url in files {
            let file = url.lastPathComponent
            let scenario = try ScenarioFile.read(url, catalogue: catalogue)
            #expect(!scenario.sources.isEmpty, "\(file) cites no source")
            for network in try await builder.supplyNetworks(commodities: scenario.commodities, year: scenario.year) {
                let flows = network.stages.flatMap(\.flows)
                #expect(!network.stages.isEmpty && !flows.isEmpty, "\(file): \(network.commodity) has no network with flows")
                for shock in scenario.shocks where shock.commodities.contains(network.commodity) {
                    if let stage = shock.stage { #expect(network.stages.contains { $0.stage == stage }, "\(file): no \(stage) stage") }
                    if let country = shock.country {
                        #expect(network.stages.contains { $0.nodes.contains { $0.country == country } }, "\(file): \(country) not in the network")
                    }
                }
            }
        }
        let interventions = try ShippedScenarios.interventions(catalogue: catalogue)
        #expect(interventions.count >= 5 && interventions.allSatisfy { !$0.sources.isEmpty || $0.name.contains("illustrative") })
    }
}
