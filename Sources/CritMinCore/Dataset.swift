import Foundation

/// Who may see a dataset.
public enum Classification: String, Hashable, Sendable, Codable, CaseIterable {
    /// Anyone.
    case `public`
    /// The owner and the partner organisations it has a sharing agreement with.
    case bilateral
    /// The owner's country only.
    case national
}

/// What a dataset is, independent of its versions.
public struct DatasetDescriptor: Hashable, Sendable, Codable, Identifiable {
    public var id: DatasetID
    public var title: String
    /// The importer that reads its sources ("usgs-mcs", "wgi", "observations").
    public var kind: String
    /// The organisation that owns the dataset ("critmin" for the bundled public data).
    public var owner: String
    public var classification: Classification
    /// The publication the dataset reproduces.
    public var citation: CitationID

    public init(id: DatasetID, title: String, kind: String, owner: String, classification: Classification, citation: CitationID) {
        self.id = id
        self.title = title
        self.kind = kind
        self.owner = owner
        self.classification = classification
        self.citation = citation
    }
}

/// One immutable version of a dataset as stored.
public struct DatasetVersion: Hashable, Sendable, Codable {
    public var descriptor: DatasetDescriptor
    /// 1, 2, 3… in import order.
    public var version: Int
    /// SHA-256 of the source files, hex; an import whose checksum equals the latest version's is a no-op.
    public var checksum: String
    public var importedAt: Date
    /// Who imported it (a user name, or "critmin bundle").
    public var importedBy: String
    /// Source file names, as given to the importer.
    public var sourceFiles: [String]
    /// Number of records (observations, governance scores, list members, HS codes, trade flows, trade-code mappings, site records) the
    /// version holds.
    public var recordCount: Int

    public init(
        descriptor: DatasetDescriptor, version: Int, checksum: String, importedAt: Date, importedBy: String, sourceFiles: [String],
        recordCount: Int
    ) {
        self.descriptor = descriptor
        self.version = version
        self.checksum = checksum
        self.importedAt = importedAt
        self.importedBy = importedBy
        self.sourceFiles = sourceFiles
        self.recordCount = recordCount
    }
}
