import CritMinCore
import Foundation

/// critmin's own format for shipping and exchanging datasets: a folder with a manifest and, per dataset,
/// `dataset.json` (descriptor, checksum, citations, catalogue entries, lists, HS codes, trade-code mappings),
/// `observations.csv`, `governance.csv`, `trade.csv` and `sites.jsonl` (one site record per line). See docs/DATA.md,
/// "The bundle format".
///
/// The manifest lists datasets in the order they must be applied and the SHA-256 of every file, so a
/// damaged or hand-edited bundle is refused before anything is written.
public enum DatasetBundle {
    public static let formatName = "critmin-bundle"
    public static let formatVersion = 1

    /// The bundle shipped inside critmin (built by `critmin bundle build`).
    public static func shipped() throws(CritMinError) -> URL {
        guard let url = Bundle.module.url(forResource: "DefaultBundle", withExtension: nil),
            FileManager.default.fileExists(atPath: url.appendingPathComponent("manifest.json").path)
        else {
            throw CritMinError(.io, "this build of critmin has no default dataset bundle; run `critmin bundle build` (see docs/DATA.md)")
        }
        return url
    }

    struct Manifest: Codable {
        var format: String
        var formatVersion: Int
        var datasets: [ManifestEntry]
    }

    struct ManifestEntry: Codable {
        var id: DatasetID
        var records: Int
        /// File name → SHA-256 hex.
        var files: [String: String]
    }

    /// Everything of a batch except its two large tables.
    struct DatasetDocument: Codable {
        var descriptor: DatasetDescriptor
        var checksum: String
        var sourceFiles: [String]
        var citations: [Citation]
        var commodities: [Commodity]
        var countries: [Country]
        var countryGroups: [CountryGroup]
        var criticalLists: [CriticalList]
        var hsCodes: [HSCode]
        /// Absent when the dataset has none, as in bundles written before they existed.
        var tradeCodes: [TradeCodeMapping]?
        /// The citation and source file that every row of `trade.csv` shares; absent without trade flows.
        var tradeFlows: TradeFlowOrigin?
    }

    /// What `trade.csv` leaves out because it is the same on every row.
    struct TradeFlowOrigin: Codable, Equatable {
        var citation: CitationID
        var sourceFile: String
    }

    static let observationColumns = [
        "commodity", "stage", "measure", "area", "partner", "period_start", "period_end", "label", "amount_kind", "value", "value_high",
        "text", "unit", "basis", "estimated", "raw", "rank", "note", "citation", "source_file", "source_line",
    ]
    static let governanceColumns = [
        "country", "year", "dimension", "estimate", "standard_error", "source_count", "percentile_rank", "percentile_rank_lower",
        "percentile_rank_upper", "citation", "source_file", "source_line",
    ]
    /// `row` is the flow's line (row id) in the source file named once in `dataset.json`.
    static let tradeColumns = ["year", "exporter", "importer", "hs", "value", "quantity", "row"]
}
