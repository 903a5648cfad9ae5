import CritMinCore
import GRDB
import GRDBSQLite

extension TradeFlow {
    /// Flows one statement inserts: a large batch runs a hundredth as many statements.
    static let rowsPerInsert = 100

    /// An insert of `rows` flows.
    static func insertSQL(rows: Int) -> String {
        "INSERT INTO trade_flows (\(table.columnList)) VALUES \(Array(repeating: "(\(placeholders(Int(columnCount))))", count: rows).joined(separator: ", "))"
    }

    private static let columnCount: CInt = 10

    static let table = RecordTable(
        name: "trade_flows",
        columns: ["dataset_version", "year", "exporter", "importer", "hs_code", "value", "quantity", "citation", "source_file", "source_line"])

    /// The columns ``init(row:)`` reads, after `dataset_version`.
    static let selectColumns = table.columnList

    /// Inserts flows into SQLite with one prepared statement per hundred rows, bound with SQLite's own functions as
    /// GRDB allows through `sqliteStatement`: a bundle inserts hundreds of thousands of flows, and GRDB's arguments (an
    /// array of boxed values per row, converted then bound) took a third of the time.
    static func insertSQLite(_ flows: [TradeFlow], version: Int64, db: Database) throws {
        var remaining = flows[...]
        while !remaining.isEmpty {
            let rows = remaining.prefix(rowsPerInsert)
            remaining = remaining.dropFirst(rows.count)
            let statement = try db.cachedStatement(sql: insertSQL(rows: rows.count))
            // GRDB runs a statement again with whatever is bound once its arguments are set: they are set through GRDB
            // the first time, then the flows are bound with SQLite's own functions.
            if statement.arguments.isEmpty {
                statement.setUncheckedArguments(StatementArguments(rows.flatMap { $0.insertArguments(version: version).values }))
            }
            try bind(rows, to: statement, version: version)
            try statement.execute()
        }
    }

    /// The values of a flow's row in ``insertSQL(rows:)``.
    func insertArguments(version: Int64) -> SQLArguments {
        [version, year, exporter.rawValue, importer.rawValue, hsCode, value, quantity, citation.rawValue, source.file, source.line]
    }

    private static func bind(_ flows: ArraySlice<TradeFlow>, to statement: Statement, version: Int64) throws(CritMinError) {
        let handle = statement.sqliteStatement
        // A statement run before takes new values only once reset (GRDB resets it before running it, not after).
        try check(sqlite3_reset(handle), flows.first)
        for (row, flow) in flows.enumerated() {
            let first = CInt(row) * columnCount
            try check(sqlite3_bind_int64(handle, first + 1, version), flow)
            try check(sqlite3_bind_int64(handle, first + 2, Int64(flow.year)), flow)
            try check(sqlite3_bind_text(handle, first + 3, flow.exporter.rawValue, -1, sqliteTransient), flow)
            try check(sqlite3_bind_text(handle, first + 4, flow.importer.rawValue, -1, sqliteTransient), flow)
            try check(sqlite3_bind_text(handle, first + 5, flow.hsCode, -1, sqliteTransient), flow)
            try check(flow.value.map { sqlite3_bind_double(handle, first + 6, $0) } ?? sqlite3_bind_null(handle, first + 6), flow)
            try check(flow.quantity.map { sqlite3_bind_double(handle, first + 7, $0) } ?? sqlite3_bind_null(handle, first + 7), flow)
            try check(sqlite3_bind_text(handle, first + 8, flow.citation.rawValue, -1, sqliteTransient), flow)
            try check(sqlite3_bind_text(handle, first + 9, flow.source.file, -1, sqliteTransient), flow)
            try check(sqlite3_bind_int64(handle, first + 10, Int64(flow.source.line)), flow)
        }
    }

    private static func check(_ code: CInt, _ flow: TradeFlow?) throws(CritMinError) {
        guard code == SQLITE_OK else {
            throw CritMinError(
                .storage, "cannot bind a trade flow: \(String(cString: sqlite3_errstr(code)))", file: flow?.source.file, line: flow?.source.line)
        }
    }

    /// Reads a row selected with ``selectColumns``, column by column in that order.
    init(row: some SQLRow) throws {
        var columns = ColumnReader(row)
        self.init(
            year: try columns.next(Int.self),
            exporter: CountryCode(try columns.next(String.self)),
            importer: CountryCode(try columns.next(String.self)),
            hsCode: try columns.next(String.self),
            value: try columns.next(Double?.self),
            quantity: try columns.next(Double?.self),
            citation: CitationID(try columns.next(String.self)),
            source: try columns.nextSource())
    }
}

extension TradeCodeMapping {
    static let table = RecordTable(
        name: "trade_codes",
        columns: ["dataset_version", "reference", "commodity", "stage", "nomenclature", "hs_codes", "production_citation", "citation"])

    /// The columns ``init(row:)`` reads, after `dataset_version`.
    static let selectColumns = table.columnList

    /// The values of this mapping's row in ``table`` in a dataset version.
    func insertArguments(version: Int64) throws -> SQLArguments {
        [
            version, reference, commodity.rawValue, stage.rawValue, nomenclature, try JSONList.encode(hsCodes), productionCitation.rawValue,
            citation.rawValue,
        ]
    }

    /// Reads a row selected with ``selectColumns``.
    init(row: some SQLRow) throws {
        self.init(
            commodity: CommodityID(try row.decode(String.self, forColumn: "commodity")),
            stage: try row.decodeCase(Stage.self, forColumn: "stage"),
            nomenclature: try row.decode(String.self, forColumn: "nomenclature"),
            hsCodes: try row.decodeList(forColumn: "hs_codes"),
            productionCitation: CitationID(try row.decode(String.self, forColumn: "production_citation")),
            reference: try row.decode(String.self, forColumn: "reference"),
            citation: CitationID(try row.decode(String.self, forColumn: "citation")))
    }
}

/// SQLite's SQLITE_TRANSIENT, which C defines as a macro Swift does not import: SQLite copies the bound text.
private let sqliteTransient = unsafeBitCast(-1, to: sqlite3_destructor_type.self)
