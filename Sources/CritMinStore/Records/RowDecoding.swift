import CritMinCore
import Foundation
import GRDB

extension SQLRow {
    /// A column holding the raw value of a Core enum.
    /// - Throws: ``CritMinError`` `.storage` when the stored text names no case.
    func decodeCase<Value: RawRepresentable<String>>(_ type: Value.Type, forColumn column: String) throws -> Value {
        try StoredValue.storedCase(type, try decode(String.self, forColumn: column), column: column)
    }

    /// A column holding a JSON array of strings.
    func decodeList(forColumn column: String) throws -> [String] {
        let text = try decode(String.self, forColumn: column)
        do {
            return try JSONDecoder().decode([String].self, from: Data(text.utf8))
        } catch {
            throw CritMinError(.storage, "the database holds a list critmin cannot read", field: column, value: text)
        }
    }
}

/// Stored values Core must check as it reads them.
enum StoredValue {
    fileprivate static func storedCase<Value: RawRepresentable<String>>(
        _ type: Value.Type, _ text: String, column: @autoclosure () -> String
    ) throws(CritMinError) -> Value {
        guard let value = Value(rawValue: text) else {
            throw CritMinError(.storage, "the database holds a value critmin does not know", field: column(), value: text)
        }
        return value
    }

    fileprivate static func storedArea(_ code: String, column: @autoclosure () -> String) throws(CritMinError) -> Area {
        try storageValue(column()) { () throws(CritMinError) in try Area(code: code) }
    }

    /// Runs a Core decoding step, reporting its failure as a storage error: the database, not the user, holds the bad value.
    static func storageValue<Value>(_ column: @autoclosure () -> String, _ decode: () throws(CritMinError) -> Value) throws(CritMinError) -> Value {
        do {
            return try decode()
        } catch {
            throw CritMinError(.storage, "the database holds a value critmin cannot read: \(error.message)", field: column(), value: error.value)
        }
    }
}

/// Reads the columns of a row one after another, by position, as the record types select them (a fixed column list after
/// `dataset_version`). GRDB's lookup by name lowercases and hashes the name for every field of every row, which was
/// most of the time spent reading large results.
struct ColumnReader<Row: SQLRow> {
    private let row: Row
    private var index: Int

    /// A reader of `row` from the column at `index` (1: the first column after `dataset_version`).
    init(_ row: Row, from index: Int = 1) {
        self.row = row
        self.index = index
    }

    mutating func next<Value: DatabaseValueConvertible & StatementColumnConvertible>(_ type: Value.Type = Value.self) throws -> Value {
        defer { index += 1 }
        return try row.decode(type, atIndex: index)
    }

    /// A column holding the raw value of a Core enum.
    mutating func nextCase<Value: RawRepresentable<String>>(_ type: Value.Type) throws -> Value {
        let column = index
        return try StoredValue.storedCase(type, try next(String.self), column: columnName(column))
    }

    /// A nullable column holding the raw value of a Core enum.
    mutating func nextCaseIfPresent<Value: RawRepresentable<String>>(_ type: Value.Type) throws -> Value? {
        let column = index
        return try next(String?.self).map { text throws(CritMinError) in try StoredValue.storedCase(type, text, column: columnName(column)) }
    }

    /// A column holding an ``Area`` code ("CAN", "WORLD", "group:EU").
    mutating func nextArea() throws -> Area {
        let column = index
        return try StoredValue.storedArea(try next(String.self), column: columnName(column))
    }

    /// A nullable column holding an ``Area`` code.
    mutating func nextAreaIfPresent() throws -> Area? {
        let column = index
        return try next(String?.self).map { code throws(CritMinError) in try StoredValue.storedArea(code, column: columnName(column)) }
    }

    /// The record's origin from two columns, file then line.
    mutating func nextSource() throws -> SourceLocation {
        SourceLocation(file: try next(String.self), line: try next(Int.self))
    }

    /// The name of a column, for error messages.
    private func columnName(_ index: Int) -> String {
        row.columnName(atIndex: index)
    }
}

/// Lists stored as a JSON array of strings in one column.
enum JSONList {
    static func encode(_ items: [String]) throws -> String {
        String(decoding: try JSONEncoder().encode(items), as: UTF8.self)
    }
}

/// The placeholders for `count` values in an SQL `IN (…)` list or `VALUES (…)` tuple: "?, ?, ?".
func placeholders(_ count: Int) -> String {
    Array(repeating: "?", count: count).joined(separator: ", ")
}
