import CritMinCore
import GRDB

extension GovernanceScore {
    static let insertSQL = """
        INSERT INTO governance_scores (
            dataset_version, country, year, dimension, estimate, standard_error, source_count, percentile_rank,
            percentile_rank_lower, percentile_rank_upper, citation, source_file, source_line
        ) VALUES (\(placeholders(13)))
        """

    /// The columns ``init(row:)`` reads, after `dataset_version`.
    static let selectColumns = """
        dataset_version, country, year, dimension, estimate, standard_error, source_count, percentile_rank,
        percentile_rank_lower, percentile_rank_upper, citation, source_file, source_line
        """

    /// The arguments of ``insertSQL`` for this score in a dataset version.
    func insertArguments(version: Int64) -> StatementArguments {
        [
            version, country.rawValue, year, dimension.rawValue, estimate, standardError, sourceCount, percentileRank,
            percentileRankLower, percentileRankUpper, citation.rawValue, source.file, source.line,
        ]
    }

    /// Reads a row selected with ``selectColumns``.
    init(row: Row) throws {
        self.init(
            country: CountryCode(try row.decode(String.self, forColumn: "country")),
            year: try row.decode(Int.self, forColumn: "year"),
            dimension: try row.decodeCase(GovernanceDimension.self, forColumn: "dimension"),
            estimate: try row.decode(Double.self, forColumn: "estimate"),
            standardError: try row.decode(Double?.self, forColumn: "standard_error"),
            sourceCount: try row.decode(Int?.self, forColumn: "source_count"),
            percentileRank: try row.decode(Double?.self, forColumn: "percentile_rank"),
            percentileRankLower: try row.decode(Double?.self, forColumn: "percentile_rank_lower"),
            percentileRankUpper: try row.decode(Double?.self, forColumn: "percentile_rank_upper"),
            citation: CitationID(try row.decode(String.self, forColumn: "citation")),
            source: try row.decodeSource())
    }
}
