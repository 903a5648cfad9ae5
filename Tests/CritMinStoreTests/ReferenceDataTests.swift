import CritMinCore
import CritMinIngest
import CritMinStore
import CritMinTestSupport
import Foundation
import Testing

/// The shared reference data beside the package (`../shared/data`), absent on most machines.
enum SharedData {
    static let folder = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("../shared/data").standardized
    static let iso3166 = folder.appendingPathComponent("iso3166/iso3166-1.json")
    static var available: Bool { FileManager.default.fileExists(atPath: iso3166.path) }
}

@Suite("Real reference data")
struct ReferenceDataTests {
    @Test(
        "ISO 3166 and the shipped reference catalogue merge into the store and export unchanged", .enabled(if: SharedData.available),
        arguments: StoreEngine.available)
    func isoAndReference(engine: StoreEngine) async throws {
        let store = try await engine.emptyStore()
        let iso = try ISO3166Importer().read(SharedData.iso3166, catalogue: Catalogue())
        _ = try await store.apply(iso, importedBy: "tests")
        let reference = try ReferenceCatalogueImporter().readShipped(catalogue: try await store.catalogue())
        _ = try await store.apply(reference, importedBy: "tests")

        let catalogue = try await store.catalogue()
        // Every ISO code, plus the codes only the reference file adds (XKX).
        let codes = Set(iso.countries.map(\.code)).union(reference.countries.map(\.code))
        #expect(Set(catalogue.countries.keys) == codes)
        #expect(catalogue.commodities.count == reference.commodities.count)
        #expect(catalogue.area(named: "Congo (Kinshasa)") == .country("COD"))
        #expect(catalogue.area(named: "Kosovo") == .country("XKX"))
        #expect(catalogue.groups["USMCA"]?.members == ["CAN", "MEX", "USA"])
        // The reference batch carries each aliased country whole, and XKX twice (bare, then with aliases): the stored
        // country is the last entry, its aliases the union in order.
        var merged: [CountryCode: Country] = [:]
        for country in reference.countries {
            var entry = country
            let earlier = merged[country.code]?.aliases ?? []
            entry.aliases = earlier + country.aliases.filter { !earlier.contains($0) }
            merged[country.code] = entry
        }
        #expect(reference.countries.filter { $0.code == "XKX" }.count == 2)
        for (code, country) in merged {
            #expect(catalogue.countries[code] == country)
        }

        let copy = try await engine.emptyStore()
        for batch in try await store.exportBatches() { _ = try await copy.apply(batch, importedBy: "copy") }
        let copied = try await copy.catalogue()
        #expect(copied.countries == catalogue.countries)
        #expect(copied.commodities == catalogue.commodities)
        #expect(copied.groups == catalogue.groups)
        #expect(try await copy.apply(iso, importedBy: "copy") == .unchanged(try await copy.datasetVersions(latestOnly: true)[0]))
    }
}
