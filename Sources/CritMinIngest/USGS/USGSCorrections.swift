import CritMinCore
import Foundation

/// The explicit corrections critmin applies to USGS source text (`Reference/usgs-corrections.csv`): a verbatim value of a
/// field, in one file and scope, replaced by what it stands for, with the reason.
///
/// Nothing is matched loosely: a value is corrected only when the file lists it exactly (or lists `*` for any value
/// of that field). By field:
/// - `country`: the replacement is an area code (`JPN`, `group:CHL+TUR`, `group:europe`);
/// - `units_note`: the replacement is the chapter's units note;
/// - `reserves_raw`: the listed cells hold no reserve figures and are not imported;
/// - `formula` (file and scope `*`): a chemical formula whose subscripts the PDF extraction lost ("KO" → "K2O"),
///   restored as a whole word in every label, title, category and units note.
struct USGSCorrections: Sendable {
    /// What a listed value is replaced by, and why.
    struct Replacement: Sendable, Hashable {
        let text: String
        let reason: String
    }

    private struct Key: Hashable {
        let file: String
        let scope: String
        let field: String
        let verbatim: String
    }

    /// Any value of the field (`verbatim` column), or any row of the file (`scope` column).
    static let anyValue = "*"
    private var replacements: [Key: Replacement] = [:]
    private var formulas: [(verbatim: String, replacement: String)] = []

    init(url: URL) throws(CritMinError) {
        var table = try CSVTable(url: url, required: ["file", "scope", "field", "verbatim", "replacement", "reason"])
        for row in try table.rows() {
            let field = try row.required("field")
            let verbatim = row["verbatim"]
            let replacement = Replacement(text: row["replacement"], reason: try row.required("reason"))
            if field == "formula" {
                guard !verbatim.isEmpty, !replacement.text.isEmpty else {
                    throw row.error(.missingField, "a formula correction needs the verbatim and the restored formula", column: "verbatim")
                }
                formulas.append((verbatim, replacement.text))
                continue
            }
            let key = Key(file: try row.required("file"), scope: row["scope"], field: field, verbatim: verbatim)
            guard replacements.updateValue(replacement, forKey: key) == nil else {
                throw row.error(.conflict, "the same value is corrected twice", column: "verbatim")
            }
        }
    }

    /// The correction for a field's value: for this scope, then for any row of the file (empty scope); for this exact
    /// value, then for any value (`*`).
    func replacement(file: String, scope: String, field: String, verbatim: String) -> Replacement? {
        for value in [verbatim, Self.anyValue] {
            for candidate in [scope, ""] {
                if let found = replacements[Key(file: file, scope: candidate, field: field, verbatim: value)] { return found }
            }
        }
        return nil
    }

    /// The text with each listed formula restored where it stands as a whole word.
    func restoringFormulas(_ text: String) -> String {
        formulas.reduce(text) { result, formula in result.replacingWholeWord(formula.verbatim, with: formula.replacement) }
    }
}

extension String {
    /// Replaces `word` where neither neighbour is a letter or digit ("KO" in "(KO) equivalent", not in "KOH").
    func replacingWholeWord(_ word: String, with replacement: String) -> String {
        var result = ""
        var rest = self[...]
        while let range = rest.range(of: word) {
            let before = range.lowerBound > startIndex ? self[index(before: range.lowerBound)] : nil
            let after = range.upperBound < endIndex ? self[range.upperBound] : nil
            let isWord = !(before?.isLetter ?? false) && !(before?.isNumber ?? false) && !(after?.isLetter ?? false)
                && !(after?.isNumber ?? false)
            result += rest[..<range.lowerBound]
            result += isWord ? replacement : word
            rest = rest[range.upperBound...]
        }
        return result + rest
    }
}
