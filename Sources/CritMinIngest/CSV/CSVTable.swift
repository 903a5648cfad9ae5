import CritMinCore
import Foundation

/// A CSV file read by column name: checks the header, and gives typed fields whose errors name the file,
/// line, column and value.
public struct CSVTable: Sendable {
    public let fileName: String
    public let header: [String]
    private var reader: CSVReader
    private let index: [String: Int]

    /// Opens a file and reads its header.
    /// - Parameter required: Columns that must be present; all missing ones are named in one error.
    public init(url: URL, required: [String] = []) throws(CritMinError) {
        try self.init(reader: CSVReader(url: url), required: required)
    }

    public init(data: Data, fileName: String, required: [String] = []) throws(CritMinError) {
        try self.init(reader: CSVReader(data: data, fileName: fileName), required: required)
    }

    private init(reader: CSVReader, required: [String]) throws(CritMinError) {
        var reader = reader
        guard let first = try reader.next() else {
            throw CritMinError(
                .invalidFormat, "the file is empty; expected a header with columns \(required.joined(separator: ", "))",
                file: reader.fileName, line: 1)
        }
        self.reader = reader
        fileName = reader.fileName
        header = first.fields.map { $0.trimmingCharacters(in: .whitespaces) }
        var index: [String: Int] = [:]
        for (position, name) in header.enumerated() where index[name] == nil { index[name] = position }
        self.index = index
        let missing = required.filter { index[$0] == nil }
        guard missing.isEmpty else {
            throw CritMinError(
                .missingField,
                "missing column(s) \(missing.joined(separator: ", ")); the header has \(header.joined(separator: ", "))",
                file: fileName, line: first.line)
        }
    }

    /// Whether the header has a column.
    public func has(_ column: String) -> Bool { index[column] != nil }

    /// The next row, or `nil` at the end of the file.
    public mutating func next() throws(CritMinError) -> CSVRow? {
        guard let record = try reader.next() else { return nil }
        return CSVRow(fileName: fileName, line: record.line, fields: record.fields, index: index)
    }

    /// Every remaining row.
    public mutating func rows() throws(CritMinError) -> [CSVRow] {
        var rows: [CSVRow] = []
        while let row = try next() { rows.append(row) }
        return rows
    }
}

/// A row of a ``CSVTable``.
public struct CSVRow: Sendable {
    public let fileName: String
    public let line: Int
    public let fields: [String]
    fileprivate let index: [String: Int]

    /// Where this row is, for observations' provenance.
    public var location: SourceLocation { SourceLocation(file: fileName, line: line) }

    /// The field's text, trimmed; "" when the row is shorter than the header.
    public subscript(column: String) -> String {
        guard let position = index[column], position < fields.count else { return "" }
        return Self.trimmed(fields[position])
    }

    /// The text without leading and trailing spaces and tabs; most fields have none, so they are returned as they are.
    static func trimmed(_ text: String) -> String {
        // The first and last bytes decide cheaply, without forming characters: a no-break space (C2 A0) starts with C2, ends with A0.
        guard let first = text.utf8.first, let last = text.utf8.last,
            first == 0x20 || first == 0x09 || first == 0xC2 || last == 0x20 || last == 0x09 || last == 0xA0
        else { return text }
        func isBlank(_ character: Character) -> Bool { character == " " || character == "\t" || character == "\u{A0}" }
        guard let start = text.firstIndex(where: { !isBlank($0) }), let end = text.lastIndex(where: { !isBlank($0) }) else { return "" }
        return String(text[start...end])
    }

    /// An error located at this row and column.
    public func error(_ code: CritMinError.Code, _ message: String, column: String, value: String? = nil) -> CritMinError {
        CritMinError(code, message, file: fileName, line: line, field: column, value: value ?? self[column])
    }

    /// The field's text exactly as in the file (no trimming); "" when the row is shorter than the header.
    public func verbatim(_ column: String) -> String {
        guard let position = index[column], position < fields.count else { return "" }
        return fields[position]
    }

    /// A non-empty field.
    public func required(_ column: String) throws(CritMinError) -> String {
        let text = self[column]
        guard !text.isEmpty else { throw error(.missingField, "a value is required", column: column) }
        return text
    }

    /// A whole number, or `nil` when the field is empty.
    public func optionalInt(_ column: String) throws(CritMinError) -> Int? {
        let text = self[column]
        if text.isEmpty { return nil }
        guard let number = Int(text) else { throw error(.invalidValue, "not a whole number", column: column) }
        return number
    }

    /// A required whole number.
    public func int(_ column: String) throws(CritMinError) -> Int {
        guard let number = try optionalInt(column) else { throw error(.missingField, "a whole number is required", column: column) }
        return number
    }

    /// A decimal number (thousands separators allowed), or `nil` when the field is empty.
    public func optionalDouble(_ column: String) throws(CritMinError) -> Double? {
        let text = self[column]
        if text.isEmpty { return nil }
        // A byte search: `contains(",")` goes through Foundation's string search, slow on every field of a large file.
        let digits = text.utf8.contains(UInt8(ascii: ",")) ? text.replacingOccurrences(of: ",", with: "") : text
        guard let number = Double(digits), number.isFinite else {
            throw error(.invalidValue, "not a number", column: column)
        }
        return number
    }

    /// A required decimal number.
    public func double(_ column: String) throws(CritMinError) -> Double {
        guard let number = try optionalDouble(column) else { throw error(.missingField, "a number is required", column: column) }
        return number
    }
}

extension CSVRow {
    /// A row made of named values, for sources that are not CSV (a GeoJSON feature's properties); `line` is what errors
    /// name as the line.
    init(fileName: String, line: Int, values: [(column: String, value: String)]) {
        self.fileName = fileName
        self.line = line
        fields = values.map(\.value)
        index = Dictionary(values.enumerated().map { ($1.column, $0) }, uniquingKeysWith: { first, _ in first })
    }
}
