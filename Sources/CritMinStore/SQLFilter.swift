import GRDB

/// The `WHERE` clause of a query built from optional filters, with its arguments.
struct SQLFilter {
    private var conditions: [String] = []
    private(set) var arguments: SQLArguments = []

    /// Keeps rows whose `column` is one of `values`; `nil` keeps every row, an empty list none.
    mutating func require<Value: DatabaseValueConvertible>(_ column: String, in values: [Value]?) {
        guard let values else { return }
        // PostgreSQL has no empty `IN ()`.
        guard !values.isEmpty else { return conditions.append("0 = 1") }
        conditions.append("\(column) IN (\(placeholders(values.count)))")
        arguments += SQLArguments(values)
    }

    /// Keeps rows meeting an SQL condition.
    mutating func require(_ condition: String, arguments conditionArguments: SQLArguments) {
        conditions.append(condition)
        arguments += conditionArguments
    }

    /// Keeps rows whose span of years `start…end` overlaps `years`; `nil` keeps every row.
    mutating func require(start: String, end: String, overlapping years: ClosedRange<Int>?) {
        guard let years else { return }
        require("\(start) <= ? AND \(end) >= ?", arguments: [years.upperBound, years.lowerBound])
    }

    /// "WHERE a AND b", or nothing without conditions.
    var whereClause: String {
        conditions.isEmpty ? "" : "WHERE " + conditions.map { "(\($0))" }.joined(separator: " AND ")
    }
}
