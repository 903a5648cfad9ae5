import CritMinCore
import CritMinStore
import Foundation
import Testing

@testable import CritMinIngest

@Suite("The default dataset bundle", .serialized)
struct DefaultBundleTests {
    @Test("the shipped bundle is what the importers make of the shared data today", .enabled(if: SharedData.available))
    func shippedBundleIsCurrent() throws {
        let fresh = try DefaultBundleSources.read(sharedData: SharedData.root) { _ in }
        let shipped = try DatasetBundle.read(DatasetBundle.shipped())
        #expect(fresh.map(\.descriptor.id) == shipped.map(\.descriptor.id))
        for (built, stored) in zip(fresh, shipped) {
            #expect(built.checksum == stored.checksum, "\(built.descriptor.id): rebuild the bundle (docs/DATA.md)")
            #expect(built.observations == stored.observations, "\(built.descriptor.id)")
            #expect(built.governance == stored.governance, "\(built.descriptor.id)")
            #expect(built.criticalLists == stored.criticalLists, "\(built.descriptor.id)")
            #expect(built.hsCodes == stored.hsCodes, "\(built.descriptor.id)")
            #expect(built.tradeFlows == stored.tradeFlows, "\(built.descriptor.id)")
            #expect(built.tradeCodes == stored.tradeCodes, "\(built.descriptor.id)")
            #expect(built.citations == stored.citations, "\(built.descriptor.id)")
            #expect(built.commodities == stored.commodities, "\(built.descriptor.id)")
            #expect(built.countries == stored.countries, "\(built.descriptor.id)")
            #expect(built.countryGroups == stored.countryGroups, "\(built.descriptor.id)")
        }
    }

    @Test("every figure of the bundle reads back from the store unchanged, with its dataset version")
    func storeRoundTrip() async throws {
        let batches = try DatasetBundle.read(DatasetBundle.shipped())
        let store = try SQLiteStore.inMemory()
        for batch in batches { _ = try await store.apply(batch, importedBy: "test") }
        for batch in batches {
            let observations = try await store.observations(ObservationQuery(datasets: [batch.descriptor.id]))
            #expect(observations.map(\.observation) == batch.observations, "\(batch.descriptor.id)")
            #expect(observations.allSatisfy { $0.version == 1 })
            let governance = try await store.governance(GovernanceQuery(datasets: [batch.descriptor.id]))
            #expect(governance.map(\.score) == batch.governance, "\(batch.descriptor.id)")
            #expect(governance.allSatisfy { $0.dataset == batch.descriptor.id && $0.version == 1 })
        }
        let flows = try await store.tradeFlows(TradeFlowQuery())
        #expect(flows.map(\.flow) == batches.flatMap(\.tradeFlows))
        #expect(Set(flows.map(\.dataset)) == ["baci-hs92"])
        #expect(try await store.tradeCodes() == batches.flatMap(\.tradeCodes))
        // Re-applying the same bundle changes nothing: every checksum matches.
        for batch in batches {
            let outcome = try await store.apply(batch, importedBy: "test")
            guard case .unchanged = outcome else {
                Issue.record("\(batch.descriptor.id) was written twice")
                continue
            }
        }
    }

    @Test("write then read gives the same batches; the bundle is replaced whole")
    func writeReadRoundTrip() throws {
        let batches = try DatasetBundle.read(DatasetBundle.shipped())
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bundle-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try DatasetBundle.write(Array(batches.prefix(3)), to: folder)
        try DatasetBundle.write(batches, to: folder)
        let again = try DatasetBundle.read(folder)
        #expect(again.map(\.descriptor.id) == batches.map(\.descriptor.id))
        #expect(again.flatMap(\.observations) == batches.flatMap(\.observations))
        #expect(again.flatMap(\.governance) == batches.flatMap(\.governance))
        #expect(again.flatMap(\.tradeFlows) == batches.flatMap(\.tradeFlows))
        #expect(again.flatMap(\.tradeCodes) == batches.flatMap(\.tradeCodes))
        let leftovers = try FileManager.default.contentsOfDirectory(atPath: folder.deletingLastPathComponent().path)
            .filter { $0.hasPrefix(".\(folder.lastPathComponent)") }
        #expect(leftovers.isEmpty)
    }

    @Test("a damaged bundle file is refused by name before anything is read into a store")
    func damagedBundle() throws {
        let batches = try DatasetBundle.read(DatasetBundle.shipped())
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bundle-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try DatasetBundle.write(batches.filter { $0.descriptor.id == "usgs-mcs-2025-nir" }, to: folder)
        let file = folder.appendingPathComponent("usgs-mcs-2025-nir/observations.csv")
        var text = try String(contentsOf: file, encoding: .utf8)
        text = text.replacingOccurrences(of: "cobalt", with: "cobalx")
        try text.write(to: file, atomically: true, encoding: .utf8)
        do {
            _ = try DatasetBundle.read(folder)
            Issue.record("a damaged bundle was read")
        } catch {
            #expect(error.file == "usgs-mcs-2025-nir/observations.csv")
            #expect(error.message.contains("checksum"))
        }
    }

    @Test("a bundle row that cannot be read names the file, line and field")
    func badRow() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bundle-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let batch = ImportBatch(
            descriptor: DatasetDescriptor(id: "t", title: "t", kind: "observations", owner: "o", classification: .public, citation: "c"),
            checksum: "x", sourceFiles: [], citations: [],
            observations: [
                Observation(
                    commodity: "cobalt", measure: .production, area: .country("CAN"), period: Period(2024),
                    quantity: Quantity(.value(1), unit: .metricTons), citation: "c", source: SourceLocation(file: "f.csv", line: 2))
            ])
        try DatasetBundle.write([batch], to: folder)
        let file = folder.appendingPathComponent("t/observations.csv")
        let text = try String(contentsOf: file, encoding: .utf8).replacingOccurrences(of: ",production,", with: ",producton,")
        try text.write(to: file, atomically: true, encoding: .utf8)
        // Refresh the manifest checksum so that the row itself is what fails.
        let manifestURL = folder.appendingPathComponent("manifest.json")
        let manifest = try String(contentsOf: manifestURL, encoding: .utf8)
        let oldSum = try #require(manifest.range(of: #""observations.csv" : "[0-9a-f]{64}""#, options: .regularExpression))
        let fixed = manifest.replacingCharacters(
            in: oldSum, with: "\"observations.csv\" : \"\(SourceChecksum.sha256(of: Data(text.utf8)))\"")
        try fixed.write(to: manifestURL, atomically: true, encoding: .utf8)
        do {
            _ = try DatasetBundle.read(folder)
            Issue.record("a bad row was read")
        } catch {
            #expect(error.file == "t/observations.csv")
            #expect(error.line == 2)
            #expect(error.field == "measure")
            #expect(error.value == "producton")
        }
    }

    @Test("trade flows go to trade.csv with their shared citation and source file once; a bad row names file, line and field")
    func tradeFile() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("bundle-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let flows = [
            TradeFlow(
                year: 2022, exporter: "CAN", importer: "USA", hsCode: "810510", value: 77_776.2, quantity: 1_307.775, citation: "baci-hs92",
                source: SourceLocation(file: "baci.db#baci_trade", line: 1_115_912)),
            TradeFlow(
                year: 2022, exporter: "XAS", importer: "USA", hsCode: "010110", value: nil, quantity: nil, citation: "baci-hs92",
                source: SourceLocation(file: "baci.db#baci_trade", line: 7)),
        ]
        var batch = ImportBatch(
            descriptor: DatasetDescriptor(id: "t", title: "t", kind: "baci", owner: "o", classification: .public, citation: "baci-hs92"),
            checksum: "x", sourceFiles: [], citations: [], tradeFlows: flows)
        try DatasetBundle.write([batch], to: folder)
        let file = folder.appendingPathComponent("t/trade.csv")
        let text = try String(contentsOf: file, encoding: .utf8)
        #expect(text == "year,exporter,importer,hs,value,quantity,row\n2022,CAN,USA,810510,77776.2,1307.775,1115912\n2022,XAS,USA,010110,,,7\n")
        #expect(try DatasetBundle.read(folder).first?.tradeFlows == flows)

        let broken = text.replacingOccurrences(of: ",,,7", with: ",,,seven")
        try broken.write(to: file, atomically: true, encoding: .utf8)
        let manifestURL = folder.appendingPathComponent("manifest.json")
        let manifest = try String(contentsOf: manifestURL, encoding: .utf8)
        let oldSum = try #require(manifest.range(of: #""trade.csv" : "[0-9a-f]{64}""#, options: .regularExpression))
        try manifest.replacingCharacters(in: oldSum, with: "\"trade.csv\" : \"\(SourceChecksum.sha256(of: Data(broken.utf8)))\"")
            .write(to: manifestURL, atomically: true, encoding: .utf8)
        let error = try #require(throws: CritMinError.self) { try DatasetBundle.read(folder) }
        #expect(error.file == "t/trade.csv" && error.line == 3 && error.field == "row" && error.value == "seven")

        batch.tradeFlows[1].citation = "other"
        let mixed = try #require(throws: CritMinError.self) { try DatasetBundle.write([batch], to: folder) }
        #expect(mixed.code == .invalidFormat && mixed.message.contains("one citation and source file"))
    }
}
