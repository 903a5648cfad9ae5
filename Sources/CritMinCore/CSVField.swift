import Foundation

/// CSV quoting (RFC 4180), shared by every CSV critmin writes.
public enum CSVField {
    /// The field quoted when it holds a comma, quote, or line break.
    public static func escape(_ text: String) -> String {
        guard text.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) else { return text }
        return "\"" + text.replacingOccurrences(of: "\"", with: "\"\"") + "\""
    }
}
