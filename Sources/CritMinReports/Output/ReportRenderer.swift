import CritMinCore

/// The output formats every data command offers.
public enum OutputFormat: String, Sendable, CaseIterable {
    /// Aligned text tables with citations under each.
    case table
    /// One JSON document.
    case json
    /// CSV: one block per table, each preceded by a "# title" line.
    case csv
}

extension Report {
    /// The report in a format, ending with a newline.
    public func rendered(as format: OutputFormat) -> String {
        switch format {
        case .table: textRendering()
        case .json: jsonValue.pretty() + "\n"
        case .csv: csvRendering()
        }
    }

    /// The report as JSON: title, facts, and tables with rows as objects keyed by column.
    public var jsonValue: JSONValue {
        .object([
            ("title", .string(title)),
            ("facts", .object(facts.map { (Catalogue.nameKey($0.0).replacingOccurrences(of: " ", with: "_"), JSONValue.string($0.1)) })),
            ("tables", .array(tables.map(\.jsonValue))),
        ])
    }

    private func textRendering() -> String {
        var lines = [title, String(repeating: "=", count: title.count)]
        let labelWidth = facts.map(\.0.count).max() ?? 0
        for (label, value) in facts {
            lines.append(label.padding(toLength: labelWidth, withPad: " ", startingAt: 0) + "  " + value)
        }
        for table in tables {
            lines.append("")
            lines += table.textLines()
        }
        return lines.joined(separator: "\n") + "\n"
    }

    private func csvRendering() -> String {
        tables.map { $0.csvText() }.joined(separator: "\n")
    }
}

extension ReportTable {
    var jsonValue: JSONValue {
        .object([
            ("title", .string(title)),
            ("rows", .array(rows.map { row in .object(zip(columns, row).map { ($0.key, $1.json) }) })),
            ("notes", .array(notes.map(JSONValue.string))),
            ("citations", .array(citations.map(JSONValue.string))),
        ])
    }

    /// The table as aligned text: title, header, rule, rows, then notes and "Source:" lines.
    func textLines() -> [String] {
        var lines = [title, String(repeating: "-", count: title.count)]
        if rows.isEmpty {
            lines.append("(no data)")
        } else {
            let widths = columns.indices.map { index in
                max(columns[index].title.count, rows.map { index < $0.count ? $0[index].text.count : 0 }.max() ?? 0)
            }
            func line(_ texts: [String]) -> String {
                texts.indices.map { index in
                    let text = texts[index]
                    let pad = String(repeating: " ", count: max(0, widths[index] - text.count))
                    return columns[index].alignment == .right ? pad + text : text + pad
                }
                .joined(separator: "  ").trimmingTrailingSpaces()
            }
            lines.append(line(columns.map(\.title)))
            lines.append(widths.map { String(repeating: "-", count: $0) }.joined(separator: "  "))
            for row in rows { lines.append(line(columns.indices.map { $0 < row.count ? row[$0].text : "" })) }
        }
        lines += notes.map { "Note: \($0)" }
        lines += citations.map { "Source: \($0)" }
        return lines
    }

    func csvText() -> String {
        var lines = ["# \(title)", columns.map { CSVField.escape($0.title) }.joined(separator: ",")]
        for row in rows { lines.append(row.map { CSVField.escape($0.text) }.joined(separator: ",")) }
        lines += notes.map { "# Note: \($0)" }
        lines += citations.map { "# Source: \($0)" }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    fileprivate func trimmingTrailingSpaces() -> String {
        var text = self
        while text.last == " " { text.removeLast() }
        return text
    }
}
