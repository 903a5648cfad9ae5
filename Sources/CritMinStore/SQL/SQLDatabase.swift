import CritMinCore
import GRDB

/// One connection inside one transaction, as both stores provide it: the store's logic is written once against this,
/// and each engine runs it (SQLite through GRDB, PostgreSQL through postgres-nio).
///
/// Statements use `?` placeholders and the SQL both engines share; where they differ, ``dialect`` says how.
/// Values travel as GRDB's `DatabaseValue`s, whose conversions (dates as text, booleans as 0 or 1) both engines store.
protocol SQLDatabase {
    associatedtype ResultRow: SQLRow
    var dialect: SQLDialect { get }
    /// Runs one statement and returns how many rows it inserted, updated or deleted.
    @discardableResult func execute(_ sql: String, _ arguments: SQLArguments) throws -> Int
    /// Every row of a query, each its own copy.
    func rows(_ sql: String, _ arguments: SQLArguments) throws -> [ResultRow]
    /// Reads the rows of a query one by one, without keeping them: `body` must not keep a row either.
    func forEachRow(_ sql: String, _ arguments: SQLArguments, _ body: (ResultRow) throws -> Void) throws
    /// Inserts rows of a record table in order, by the engine's fastest path for many rows.
    func insertRows(_ table: RecordTable, _ rows: some Sequence<SQLArguments>) throws
    /// Inserts a version's trade flows, the largest table: as other records unless the engine has a faster path.
    func insertTradeFlows(_ flows: [TradeFlow], version: Int64) throws
}

/// A table of records that belong to dataset versions, with the columns critmin writes and reads, in order.
struct RecordTable: Sendable {
    let name: String
    let columns: [String]

    /// The columns as an SQL list.
    var columnList: String { columns.joined(separator: ", ") }

    /// An insert of one row.
    var insertSQL: String { "INSERT INTO \(name) (\(columnList)) VALUES (\(placeholders(columns.count)))" }
}

/// Where SQLite and PostgreSQL need different SQL.
enum SQLDialect: Sendable {
    case sqlite, postgres

    /// Ends a `SELECT` that claims rows other transactions may claim at the same time: SQLite has one writer at a time,
    /// so nothing is needed; PostgreSQL locks the rows and skips those another transaction holds.
    var claimingRows: String {
        self == .postgres ? " FOR UPDATE SKIP LOCKED" : ""
    }

    /// Serialises the imports of one dataset (the first `?`), which read its latest version and then write the next: SQLite
    /// has one writer at a time; on PostgreSQL the second import waits and then finds the first's version.
    var datasetLockSQL: String? {
        self == .postgres ? "SELECT pg_advisory_xact_lock(hashtext('critmin.dataset:' || ?))" : nil
    }

    /// Serialises the writers of the audit log, which read its head and then append: SQLite has one writer at a time.
    var auditLockSQL: String? {
        self == .postgres ? "SELECT pg_advisory_xact_lock(\(PostgresSchema.auditLockKey))" : nil
    }

    /// The statements that refresh the query planner's statistics of a table a batch wrote.
    func statisticsSQL(_ table: String) -> [String] {
        switch self {
        case .sqlite: [Migrations.sampledStatisticsSQL, "ANALYZE \(table)"]
        case .postgres: ["ANALYZE \(table)"]
        }
    }
}

/// A row of a query's result, read by column position or name (an optional type reads NULL as `nil`).
protocol SQLRow {
    func decode<Value: DatabaseValueConvertible & StatementColumnConvertible>(_ type: Value.Type, atIndex index: Int) throws -> Value
    func decode<Value: DatabaseValueConvertible>(_ type: Value.Type, forColumn column: String) throws -> Value
    /// The name of the column at `index`, for error messages.
    func columnName(atIndex index: Int) -> String
}

/// The values bound to a statement's `?` placeholders, in order.
struct SQLArguments: ExpressibleByArrayLiteral, Sendable {
    private(set) var values: [DatabaseValue]

    init(arrayLiteral elements: (any DatabaseValueConvertible)?...) {
        values = elements.map { $0?.databaseValue ?? .null }
    }

    init(_ elements: some Sequence<some DatabaseValueConvertible>) {
        values = elements.map(\.databaseValue)
    }

    static func += (arguments: inout SQLArguments, more: SQLArguments) {
        arguments.values += more.values
    }
}

extension SQLDatabase {
    func insertTradeFlows(_ flows: [TradeFlow], version: Int64) throws {
        try insertRows(TradeFlow.table, flows.lazy.map { $0.insertArguments(version: version) })
    }

    /// The first row of a query, if any.
    func row(_ sql: String, _ arguments: SQLArguments = []) throws -> ResultRow? {
        try rows(sql, arguments).first
    }

    /// Whether a query returns any row.
    func exists(_ sql: String, _ arguments: SQLArguments = []) throws -> Bool {
        try row(sql, arguments) != nil
    }

    /// The first column of a query's first row; `nil` without rows or for NULL.
    func value<Value: DatabaseValueConvertible>(_ type: Value.Type, _ sql: String, _ arguments: SQLArguments = []) throws -> Value? {
        try row(sql, arguments).flatMap { try $0.decode(Value?.self, forColumn: $0.columnName(atIndex: 0)) }
    }

    /// The texts in the first column of a query.
    func strings(_ sql: String, _ arguments: SQLArguments = []) throws -> Set<String> {
        var texts = Set<String>()
        try forEachRow(sql, arguments) { texts.insert(try $0.decode(String.self, atIndex: 0)) }
        return texts
    }
}

extension GRDB.Database: SQLDatabase {
    var dialect: SQLDialect { .sqlite }

    func execute(_ sql: String, _ arguments: SQLArguments) throws -> Int {
        // Imports run the same few statements for every record: GRDB keeps them prepared.
        let statement = try cachedStatement(sql: sql)
        try statement.execute(arguments: StatementArguments(arguments.values))
        return changesCount
    }

    func rows(_ sql: String, _ arguments: SQLArguments) throws -> [Row] {
        try Row.fetchAll(self, sql: sql, arguments: StatementArguments(arguments.values))
    }

    func forEachRow(_ sql: String, _ arguments: SQLArguments, _ body: (Row) throws -> Void) throws {
        let rows = try Row.fetchCursor(self, sql: sql, arguments: StatementArguments(arguments.values))
        while let row = try rows.next() { try body(row) }
    }

    func insertRows(_ table: RecordTable, _ rows: some Sequence<SQLArguments>) throws {
        let statement = try cachedStatement(sql: table.insertSQL)
        for row in rows {
            // With as many values as the statement has placeholders, GRDB's check of each row's arguments can be skipped.
            guard row.values.count == table.columns.count else {
                throw CritMinError(.storage, "a \(table.name) row has \(row.values.count) values for \(table.columns.count) columns")
            }
            statement.setUncheckedArguments(StatementArguments(row.values))
            try statement.execute()
        }
    }

    func insertTradeFlows(_ flows: [TradeFlow], version: Int64) throws {
        try TradeFlow.insertSQLite(flows, version: version, db: self)
    }
}

extension GRDB.Row: SQLRow {
    func columnName(atIndex index: Int) -> String {
        Array(columnNames)[index]
    }
}
