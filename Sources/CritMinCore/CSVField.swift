import Foundation

/// CSV quoting (RFC 4180), shared by every CSV critmin writes.
public enum CSVField {
    /// The field quoted when it holds a comma, quote, or line break.
    public static func escape(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }

    /// A cell for a CSV that people open in spreadsheets: escaped, and a text that a spreadsheet would run as a
    /// formula (starting with =, +, -, @, tab or carriage return, and not a number) prefixed with an apostrophe.
    public static func spreadsheetSafe(_ text: String) -> String {
        guard let first = text.first, "=+-@\t\r".contains(first), Double(text) == nil else { return escape(text) }
        return escape("'" + text)
    }
}
