import CritMinCore
import Foundation
import GRDB
import Logging
import NIOCore
import PostgresNIO

/// A pooled connection inside one transaction, run from a thread that may wait: each statement blocks until the
/// database answers.
struct PostgresSession: SQLDatabase {
    let connection: PostgresConnection
    let logger: Logger

    var dialect: SQLDialect { .postgres }

    @discardableResult
    func execute(_ sql: String, _ arguments: SQLArguments) throws -> Int {
        try connection.query(try Self.query(sql, arguments), logger: logger).wait().metadata.rows ?? 0
    }

    func rows(_ sql: String, _ arguments: SQLArguments) throws -> [PostgresResultRow] {
        var rows: [PostgresResultRow] = []
        try forEachRow(sql, arguments) { rows.append($0) }
        return rows
    }

    /// postgres-nio's future API hands over the whole result; its rows are converted one at a time.
    func forEachRow(_ sql: String, _ arguments: SQLArguments, _ body: (PostgresResultRow) throws -> Void) throws {
        let result = try connection.query(try Self.query(sql, arguments), logger: logger).wait()
        guard let first = result.rows.first else { return }
        let columns = PostgresResultRow.Columns(first)
        for row in result.rows { try body(try PostgresResultRow(columns: columns, row: row)) }
    }

    /// Streams the rows with `COPY … FROM STDIN`, many times faster than one insert per row for the tens or hundreds of
    /// thousands of records of a dataset.
    func insertRows(_ table: RecordTable, _ rows: some Sequence<SQLArguments>) throws {
        var chunks: [ByteBuffer] = []
        var buffer = ByteBuffer()
        for row in rows {
            try Self.appendCopyLine(row, to: &buffer)
            if buffer.readableBytes >= 1 << 20 {
                chunks.append(buffer)
                buffer = ByteBuffer()
            }
        }
        if buffer.readableBytes > 0 { chunks.append(buffer) }
        guard !chunks.isEmpty else { return }
        let promise = connection.eventLoop.makePromise(of: Void.self)
        promise.completeWithTask { [connection, logger, chunks] in
            try await connection.copyFrom(table: table.name, columns: table.columns, logger: logger) { writer in
                for chunk in chunks { try await writer.write(chunk) }
            }
        }
        try promise.futureResult.wait()
    }

    /// A row in `COPY`'s text format: tab-separated, `\N` for NULL, backslash escapes in text, bytes as `\\x` hex.
    private static func appendCopyLine(_ row: SQLArguments, to buffer: inout ByteBuffer) throws {
        for (index, value) in row.values.enumerated() {
            if index > 0 { buffer.writeStaticString("\t") }
            switch value.storage {
            case .null: buffer.writeStaticString("\\N")
            case .int64(let integer): buffer.writeString(String(integer))
            case .double(let double): buffer.writeString(double.isFinite ? "\(double)" : double.isNaN ? "NaN" : double < 0 ? "-Infinity" : "Infinity")
            case .string(let text): buffer.writeString(try copyEscaped(text))
            case .blob(let data): buffer.writeString("\\\\x" + data.map { String(format: "%02x", $0) }.joined())
            }
        }
        buffer.writeStaticString("\n")
    }

    private static func copyEscaped(_ text: String) throws -> String {
        try checkStorable(text)
        guard
            text.utf8.contains(where: { $0 == UInt8(ascii: "\\") || $0 == UInt8(ascii: "\t") || $0 == UInt8(ascii: "\n") || $0 == UInt8(ascii: "\r") }
            )
        else { return text }
        return text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
    }

    /// PostgreSQL text cannot hold U+0000. What critmin reads is checked before; this keeps anything else a 4xx.
    private static func checkStorable(_ text: String) throws {
        guard !text.utf8.contains(0) else {
            throw CritMinError(.invalidValue, "text holds a NUL character (U+0000), which PostgreSQL cannot store", value: text)
        }
    }

    /// The statement with PostgreSQL's `$1, $2, …` in place of `?`, and its values bound by type.
    static func query(_ sql: String, _ arguments: SQLArguments) throws -> PostgresQuery {
        var binds = PostgresBindings(capacity: arguments.values.count)
        for value in arguments.values {
            switch value.storage {
            case .null: binds.appendNull()
            case .int64(let integer): binds.append(integer)
            case .double(let double): binds.append(double)
            case .string(let text):
                try checkStorable(text)
                binds.append(text)
            case .blob(let data): binds.append(ByteBuffer(bytes: data))
            }
        }
        return PostgresQuery(unsafeSQL: numberedPlaceholders(sql), binds: binds)
    }

    /// Replaces each `?` outside quotes with `$n`.
    static func numberedPlaceholders(_ sql: String) -> String {
        var numbered = ""
        numbered.reserveCapacity(sql.utf8.count + 16)
        var count = 0
        var quote: Character?
        for character in sql {
            if let open = quote {
                if character == open { quote = nil }
                numbered.append(character)
            } else if character == "'" || character == "\"" {
                quote = character
                numbered.append(character)
            } else if character == "?" {
                count += 1
                numbered += "$\(count)"
            } else {
                numbered.append(character)
            }
        }
        return numbered
    }
}

/// A row of a PostgreSQL result as the values SQLite would hold: integers as 64-bit, floating point as double, text.
struct PostgresResultRow: SQLRow {
    /// The column names of a result, shared by its rows.
    final class Columns: Sendable {
        let names: [String]
        let indexes: [String: Int]

        init(_ row: PostgresRow) {
            names = row.map(\.columnName)
            indexes = Dictionary(names.enumerated().map { ($1, $0) }, uniquingKeysWith: { first, _ in first })
        }
    }

    let columns: Columns
    let values: [DatabaseValue]

    init(columns: Columns, row: PostgresRow) throws {
        self.columns = columns
        values = try row.map(Self.value)
    }

    func decode<Value: DatabaseValueConvertible & StatementColumnConvertible>(_ type: Value.Type, atIndex index: Int) throws -> Value {
        try decode(type, values[index], column: columns.names[index])
    }

    func decode<Value: DatabaseValueConvertible>(_ type: Value.Type, forColumn column: String) throws -> Value {
        guard let index = columns.indexes[column] else {
            throw CritMinError(.storage, "the database returned no column '\(column)'", field: column)
        }
        return try decode(type, values[index], column: column)
    }

    func columnName(atIndex index: Int) -> String {
        columns.names[index]
    }

    private func decode<Value: DatabaseValueConvertible>(_ type: Value.Type, _ value: DatabaseValue, column: String) throws -> Value {
        guard let decoded = Value.fromDatabaseValue(value) else {
            throw CritMinError(.storage, "the database holds \(value) where critmin reads a \(Value.self)", field: column)
        }
        return decoded
    }

    private static func value(_ cell: PostgresCell) throws -> DatabaseValue {
        guard cell.bytes != nil else { return .null }
        switch cell.dataType {
        case .int2, .int4, .int8: return try cell.decode(Int64.self).databaseValue
        case .float4, .float8: return try cell.decode(Double.self).databaseValue
        case .bool: return try cell.decode(Bool.self).databaseValue
        case .text, .varchar, .name, .bpchar: return try cell.decode(String.self).databaseValue
        case .bytea: return Data(try cell.decode(ByteBuffer.self).readableBytesView).databaseValue
        default:
            throw CritMinError(.storage, "the database returned a value of a type critmin does not read (\(cell.dataType))", field: cell.columnName)
        }
    }
}
