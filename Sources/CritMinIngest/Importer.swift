import CritMinCore
import Foundation

/// Reads one kind of source into an ``ImportBatch``, resolving names against the store's catalogue.
///
/// Importers do no writing: the store applies the batch in one transaction, so an import is all-or-nothing.
public protocol Importer: Sendable {
    /// The name used on the command line (`critmin import KIND FILE`).
    static var kind: String { get }
    /// One line for `critmin import --help`.
    static var summary: String { get }
    /// Reads `source` (a file, or a folder for multi-file sources).
    /// - Throws: ``CritMinError`` naming file, line, field and value; unknown names are reported all at once.
    func read(_ source: URL, catalogue: Catalogue) throws(CritMinError) -> ImportBatch
}

/// The citation critmin gives to its own curated reference files.
public enum CritMinCitation {
    public static let referenceID: CitationID = "critmin/reference"
    public static let reference = Citation(
        id: referenceID, publisher: "critmin project", publication: "critmin curated reference catalogue",
        edition: "1", table: "Sources/CritMinIngest/Reference",
        note: "Commodity names, aliases, groups and source-name mappings compiled by the critmin maintainers; see docs/DATA.md."
    )
}

/// The curated files shipped with critmin in `Sources/CritMinIngest/Reference`.
public enum ReferenceFiles {
    /// The URL of a curated reference file by name ("commodities.csv").
    public static func url(_ name: String) throws(CritMinError) -> URL {
        guard let folder = Bundle.module.url(forResource: "Reference", withExtension: nil) else {
            throw CritMinError(.io, "the Reference resources are missing from this build of critmin")
        }
        let url = folder.appendingPathComponent(name)
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw CritMinError(.io, "reference file missing from this build of critmin", file: url.path)
        }
        return url
    }
}
