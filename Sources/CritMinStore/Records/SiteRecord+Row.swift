import CritMinCore
import Foundation

extension SiteRecord {
    /// A record's keys in columns, and the whole record as its JSON document: the register merges every record of the
    /// readable versions in memory, so nothing but the country is ever filtered on in SQL.
    static let table = RecordTable(name: "site_records", columns: ["dataset_version", "citation", "record_id", "country", "document"])

    /// The columns ``init(row:)`` reads, after `dataset_version`.
    static let selectColumns = "dataset_version, document"

    /// Keys sorted, so that the same record always makes the same document (and the same bundle checksum).
    static func documentEncoder() -> JSONEncoder {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return encoder
    }

    /// The values of this record's row in ``table`` in a dataset version.
    func insertArguments(version: Int64, encoder: JSONEncoder) throws -> SQLArguments {
        [version, citation.rawValue, recordID, country.rawValue, String(decoding: try encoder.encode(self), as: UTF8.self)]
    }

    /// Reads a row selected with ``selectColumns``.
    init(row: some SQLRow, decoder: JSONDecoder) throws {
        let document = try row.decode(String.self, forColumn: "document")
        self = try decoder.decode(SiteRecord.self, from: Data(document.utf8))
    }
}
