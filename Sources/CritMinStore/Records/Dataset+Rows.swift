import CritMinCore
import Foundation
import GRDB

extension DatasetDescriptor {
    /// Creates the dataset, or updates its description to the latest import's; `first_imported_at` never changes.
    static let upsertSQL = """
        INSERT INTO datasets (id, title, kind, owner, classification, citation, first_imported_at) VALUES (\(placeholders(7)))
        ON CONFLICT (id) DO UPDATE SET
            title = excluded.title, kind = excluded.kind, owner = excluded.owner, classification = excluded.classification,
            citation = excluded.citation
        """

    func upsertArguments(importedAt: Date) -> SQLArguments {
        [id.rawValue, title, kind, owner, classification.rawValue, citation.rawValue, importedAt]
    }
}

extension DatasetVersion {
    static let insertSQL = """
        INSERT INTO dataset_versions (dataset, version, checksum, imported_at, imported_by, source_files, record_count)
        VALUES (\(placeholders(7)))
        """

    /// Versions with their dataset's description; `version_key` is the row id records refer to.
    static let selectSQL = """
        SELECT v.id AS version_key, d.id AS dataset, d.title, d.kind, d.owner, d.classification, d.citation,
            v.version, v.checksum, v.imported_at, v.imported_by, v.source_files, v.record_count
        FROM dataset_versions v JOIN datasets d ON d.id = v.dataset
        """

    /// The condition on `v` in ``selectSQL`` that keeps only the latest version of each dataset.
    static let isLatestSQL = "NOT EXISTS (SELECT 1 FROM dataset_versions newer WHERE newer.dataset = v.dataset AND newer.version > v.version)"

    /// Datasets in the order they were first imported, then versions in order.
    static let orderSQL = "ORDER BY d.first_imported_at, d.rowid, v.version"

    /// The latest version of a dataset, or `nil` for a dataset never imported.
    static func fetchLatest(_ db: some SQLDatabase, of dataset: DatasetID) throws -> DatasetVersion? {
        try db.row("\(selectSQL) WHERE v.dataset = ? ORDER BY v.version DESC LIMIT 1", [dataset.rawValue]).map { try DatasetVersion(row: $0) }
    }

    /// The version with a row id.
    static func fetch(_ db: some SQLDatabase, key: Int64) throws -> DatasetVersion {
        guard let row = try db.row("\(selectSQL) WHERE v.id = ?", [key]) else {
            throw CritMinError(.notFound, "no dataset version has row id \(key)")
        }
        return try DatasetVersion(row: row)
    }

    /// Reads a row selected with ``selectSQL``.
    init(row: some SQLRow) throws {
        self.init(
            descriptor: DatasetDescriptor(
                id: DatasetID(try row.decode(String.self, forColumn: "dataset")),
                title: try row.decode(String.self, forColumn: "title"),
                kind: try row.decode(String.self, forColumn: "kind"),
                owner: try row.decode(String.self, forColumn: "owner"),
                classification: try row.decodeCase(Classification.self, forColumn: "classification"),
                citation: CitationID(try row.decode(String.self, forColumn: "citation"))),
            version: try row.decode(Int.self, forColumn: "version"),
            checksum: try row.decode(String.self, forColumn: "checksum"),
            importedAt: try row.decode(Date.self, forColumn: "imported_at"),
            importedBy: try row.decode(String.self, forColumn: "imported_by"),
            sourceFiles: try row.decodeList(forColumn: "source_files"),
            recordCount: try row.decode(Int.self, forColumn: "record_count"))
    }
}
