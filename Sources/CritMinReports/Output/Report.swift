import CritMinCore

/// A value as JSON output writes it.
public enum JSONValue: Hashable, Sendable, Encodable {
    case string(String)
    case number(Double)
    case integer(Int)
    case bool(Bool)
    case null
    case array([JSONValue])
    case object([(String, JSONValue)])

    public static func == (lhs: JSONValue, rhs: JSONValue) -> Bool { lhs.rendered == rhs.rendered }
    public func hash(into hasher: inout Hasher) { hasher.combine(rendered) }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rendered)
    }

    /// Compact JSON text; object keys keep their order so output reads like the table.
    public var rendered: String {
        switch self {
        case .string(let text): JSONValue.quote(text)
        case .number(let number): number.isFinite ? JSONValue.numberText(number) : "null"
        case .integer(let number): String(number)
        case .bool(let flag): flag ? "true" : "false"
        case .null: "null"
        case .array(let items): "[" + items.map(\.rendered).joined(separator: ",") + "]"
        case .object(let members): "{" + members.map { JSONValue.quote($0.0) + ":" + $0.1.rendered }.joined(separator: ",") + "}"
        }
    }

    /// Indented JSON text, two spaces per level.
    public func pretty(indent: String = "") -> String {
        let inner = indent + "  "
        switch self {
        case .array(let items) where !items.isEmpty:
            return "[\n" + items.map { inner + $0.pretty(indent: inner) }.joined(separator: ",\n") + "\n" + indent + "]"
        case .object(let members) where !members.isEmpty:
            return "{\n" + members.map { inner + JSONValue.quote($0.0) + ": " + $0.1.pretty(indent: inner) }.joined(separator: ",\n")
                + "\n" + indent + "}"
        default:
            return rendered
        }
    }

    private static func numberText(_ number: Double) -> String {
        if number == number.rounded(), abs(number) < 1e15 { return String(Int64(number)) }
        return "\(number)"
    }

    private static func quote(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case let control where control.value < 0x20:
                out +=
                    "\\u" + String(repeating: "0", count: 4 - String(control.value, radix: 16).count)
                    + String(control.value, radix: 16)
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out + "\""
    }
}

/// One cell: the text a table shows and the value JSON gives.
public struct Cell: Hashable, Sendable {
    public var text: String
    public var json: JSONValue
    /// A dashboard page the cell links to ("/commodities/cobalt"); text and JSON output ignore it.
    public var link: String?

    public init(_ text: String, json: JSONValue? = nil, link: String? = nil) {
        self.text = text
        self.json = json ?? (text.isEmpty ? .null : .string(text))
        self.link = link
    }

    public static let empty = Cell("", json: .null)

    /// A whole number.
    public static func integer(_ number: Int) -> Cell { Cell(String(number), json: .integer(number)) }

    /// A number with a fixed number of decimals in the table and the full value in JSON.
    public static func number(_ number: Double, decimals: Int) -> Cell {
        Cell(NumberFormat.fixed(number, fractionDigits: decimals), json: .number(number))
    }

    /// A fraction shown as a percentage ("26.0 %" for 0.26).
    public static func percent(_ fraction: Double, decimals: Int = 1) -> Cell {
        Cell(NumberFormat.fixed(fraction * 100, fractionDigits: decimals), json: .number(fraction * 100))
    }

    /// A figure in source notation (">95", "W", "300e"); JSON gives the notation and the number where one is stated.
    public static func quantity(_ quantity: Quantity) -> Cell {
        var members: [(String, JSONValue)] = [("notation", .string(quantity.notation))]
        if let value = quantity.amount.exactValue { members.append(("value", .number(value))) }
        switch quantity.amount {
        case .greaterThan(let bound): members.append(("greaterThan", .number(bound)))
        case .lessThan(let bound): members.append(("lessThan", .number(bound)))
        case .range(let low, let high): members += [("low", .number(low)), ("high", .number(high))]
        default: break
        }
        members.append(("unit", .string(quantity.unit.symbol)))
        if let basis = quantity.unit.basis { members.append(("basis", .string(basis))) }
        if quantity.estimated { members.append(("estimated", .bool(true))) }
        return Cell(quantity.notation, json: .object(members))
    }
}

/// A column heading and how its cells align.
public struct Column: Hashable, Sendable {
    public enum Alignment: Hashable, Sendable { case left, right }
    public var title: String
    /// The key in JSON output (snake_case).
    public var key: String
    public var alignment: Alignment

    public init(_ title: String, key: String? = nil, alignment: Alignment = .left) {
        self.title = title
        self.key = key ?? Column.key(for: title)
        self.alignment = alignment
    }

    /// A right-aligned column, for figures.
    public static func figure(_ title: String, key: String? = nil) -> Column { Column(title, key: key, alignment: .right) }

    private static func key(for title: String) -> String {
        let words = Catalogue.nameKey(title).split(separator: " ")
        return words.joined(separator: "_")
    }
}

/// A table with its citations: what every command prints.
public struct ReportTable: Hashable, Sendable {
    public var title: String
    public var columns: [Column]
    public var rows: [[Cell]]
    /// Remarks under the table (methods, conventions, caveats).
    public var notes: [String]
    /// Full source lines, one per cited publication table.
    public var citations: [String]

    public init(title: String, columns: [Column], rows: [[Cell]] = [], notes: [String] = [], citations: [String] = []) {
        self.title = title
        self.columns = columns
        self.rows = rows
        self.notes = notes
        self.citations = citations
    }
}

/// A command's output: a heading, a few facts, and tables.
public struct Report: Hashable, Sendable {
    public var title: String
    /// Label and value pairs shown under the title ("Kind": "element").
    public var facts: [(String, String)]
    public var tables: [ReportTable]

    public init(title: String, facts: [(String, String)] = [], tables: [ReportTable] = []) {
        self.title = title
        self.facts = facts
        self.tables = tables
    }

    public static func == (lhs: Report, rhs: Report) -> Bool {
        lhs.title == rhs.title && lhs.tables == rhs.tables && lhs.facts.map { $0.0 + "\u{1}" + $0.1 } == rhs.facts.map { $0.0 + "\u{1}" + $0.1 }
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(title)
        hasher.combine(tables)
    }
}
