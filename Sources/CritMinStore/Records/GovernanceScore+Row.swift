import CritMinCore
import GRDB

extension GovernanceScore {
    static let table = RecordTable(
        name: "governance_scores",
        columns: [
            "dataset_version", "country", "year", "dimension", "estimate", "standard_error", "source_count", "percentile_rank",
            "percentile_rank_lower", "percentile_rank_upper", "citation", "source_file", "source_line",
        ])

    /// The columns ``init(row:)`` reads, after `dataset_version`.
    static let selectColumns = table.columnList

    /// The values of this score's row in ``table`` in a dataset version.
    func insertArguments(version: Int64) -> SQLArguments {
        [
            version, country.rawValue, year, dimension.rawValue, estimate, standardError, sourceCount, percentileRank,
            percentileRankLower, percentileRankUpper, citation.rawValue, source.file, source.line,
        ]
    }

    /// Reads a row selected with ``selectColumns``, column by column in that order.
    init(row: some SQLRow) throws {
        var columns = ColumnReader(row)
        self.init(
            country: CountryCode(try columns.next(String.self)),
            year: try columns.next(Int.self),
            dimension: try columns.nextCase(GovernanceDimension.self),
            estimate: try columns.next(Double.self),
            standardError: try columns.next(Double?.self),
            sourceCount: try columns.next(Int?.self),
            percentileRank: try columns.next(Double?.self),
            percentileRankLower: try columns.next(Double?.self),
            percentileRankUpper: try columns.next(Double?.self),
            citation: CitationID(try columns.next(String.self)),
            source: try columns.nextSource())
    }
}
