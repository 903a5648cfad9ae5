import CritMinCore
import Foundation
import GRDB

extension Row {
    /// A column holding the raw value of a Core enum.
    /// - Throws: ``CritMinError`` `.storage` when the stored text names no case.
    func decodeCase<Value: RawRepresentable<String>>(_ type: Value.Type, forColumn column: String) throws -> Value {
        try Self.storedCase(type, try decode(String.self, forColumn: column), column: column)
    }

    /// A nullable column holding the raw value of a Core enum.
    func decodeCaseIfPresent<Value: RawRepresentable<String>>(_ type: Value.Type, forColumn column: String) throws -> Value? {
        try decode(String?.self, forColumn: column).map { text throws(CritMinError) in try Self.storedCase(type, text, column: column) }
    }

    /// A column holding an ``Area`` code ("CAN", "WORLD", "group:EU").
    func decodeArea(forColumn column: String) throws -> Area {
        try Self.storedArea(try decode(String.self, forColumn: column), column: column)
    }

    /// A nullable column holding an ``Area`` code.
    func decodeAreaIfPresent(forColumn column: String) throws -> Area? {
        try decode(String?.self, forColumn: column).map { code throws(CritMinError) in try Self.storedArea(code, column: column) }
    }

    /// The record's origin from its `source_file` and `source_line` columns.
    func decodeSource() throws -> SourceLocation {
        SourceLocation(file: try decode(String.self, forColumn: "source_file"), line: try decode(Int.self, forColumn: "source_line"))
    }

    private static func storedCase<Value: RawRepresentable<String>>(
        _ type: Value.Type, _ text: String, column: String
    ) throws(CritMinError) -> Value {
        guard let value = Value(rawValue: text) else {
            throw CritMinError(.storage, "the database holds a value critmin does not know", field: column, value: text)
        }
        return value
    }

    private static func storedArea(_ code: String, column: String) throws(CritMinError) -> Area {
        try storageValue(column) { () throws(CritMinError) in try Area(code: code) }
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

    /// Runs a Core decoding step, reporting its failure as a storage error: the database, not the user, holds the bad value.
    static func storageValue<Value>(_ column: String, _ decode: () throws(CritMinError) -> Value) throws(CritMinError) -> Value {
        do {
            return try decode()
        } catch {
            throw CritMinError(.storage, "the database holds a value critmin cannot read: \(error.message)", field: column, value: error.value)
        }
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
