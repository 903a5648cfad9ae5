import CritMinCore
import CritMinIngest
import CritMinReports
import CritMinStore
import Foundation
import Hummingbird

/// Checks and conversions of uploaded rows before the importer reads them.
enum UploadRows {
    /// `{"rows": [{"column": value, …}, …]}` (values strings, numbers or null) as the CSV the importer reads.
    static func csv(fromJSON text: String) throws -> String {
        let document: RowsDocument
        do {
            document = try JSONDecoder().decode(RowsDocument.self, from: Data(text.utf8))
        } catch {
            throw APIError(
                .badRequest, "invalid-json", "the body must be {\"rows\": [{column: value, …}, …]} with strings, finite numbers or null as values",
                field: "rows")
        }
        var columns: [String] = []
        var known: Set<String> = []
        for row in document.rows {
            for column in row.keys.sorted() where known.insert(column).inserted { columns.append(column) }
        }
        let lines = [columns.map(CSVField.escape).joined(separator: ",")]
            + document.rows.map { row in columns.map { CSVField.escape(row[$0]?.text ?? "") }.joined(separator: ",") }
        return lines.joined(separator: "\n") + "\n"
    }

    private struct RowsDocument: Decodable {
        var rows: [[String: Cell]]
    }

    /// A JSON cell: a string, a finite number (JSON has no NaN) or null; anything else fails to decode.
    private enum Cell: Decodable {
        case text(String)
        case number(Double)
        case null

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                self = .null
            } else if let number = try? container.decode(Double.self) {
                self = .number(number)
            } else {
                self = .text(try container.decode(String.self))
            }
        }

        var text: String {
            switch self {
            case .text(let text): text
            case .number(let number): number == number.rounded() && abs(number) < 1e15 ? String(Int64(number)) : "\(number)"
            case .null: ""
            }
        }
    }

    /// Refuses cells a spreadsheet would run as formulas (CSV injection): text starting with =, +, @, tab or
    /// carriage return, or with - when it is not a number; 422 naming the line and column.
    static func rejectFormulas(_ csv: String, fileName: String) throws {
        var reader = CSVReader(data: Data(csv.utf8), fileName: fileName)
        guard let header = try reader.next() else { return }
        while let record = try reader.next() {
            for (index, field) in record.fields.enumerated() {
                guard let first = field.first, "=+@\t\r-".contains(first) else { continue }
                if first == "-", field == "-" || field == "--" || Double(field.replacingOccurrences(of: ",", with: "")) != nil { continue }
                let column = index < header.fields.count ? header.fields[index] : "column \(index + 1)"
                throw APIError(
                    .unprocessableContent, "formula-like-cell",
                    "\(fileName):\(record.line): a cell may not start with '\(first)' unless it is a number (it could run as a spreadsheet formula)",
                    field: column, value: field)
            }
        }
    }
}
